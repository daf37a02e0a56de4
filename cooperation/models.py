"""Technical and scientific cooperation: requests for support, offers of support, and the
matches the portal proposes between them.

Requests and offers are plain models (``ClassifiedModel``) rather than Wagtail pages: members
and partner administrators post them through the site's own forms, and their lifecycle
(endorsement by a national focal point, vetting by the helpdesk, matching, outcome) is richer
than page moderation. Every change of state is a ``Transition`` row (who, when, a comment),
written by ``services.py`` from the rules in ``workflow.py``.

Field names follow the CBD Bio-Bridge shapes (``bbiRequest``, ``bbiOpportunity``) where they
exist; the comment beside a field names its Bio-Bridge counterpart, so the exchange app can map
records both ways without loss.
"""

import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from taxonomy.models import ClassifiedModel, Constituency, Language, Region, Term

# How long a record stays listed before its owner must renew it.
DEFAULT_LIFETIME = datetime.timedelta(days=365)
ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "txt"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def private_storage():
    """Attachments may belong to drafts: they are kept out of MEDIA_ROOT (see
    ``PRIVATE_MEDIA_ROOT``) and handed out by ``views.attachment`` to those who may see the
    record."""
    return storages["private"]


def default_expiry():
    return timezone.localdate() + DEFAULT_LIFETIME


class AssistanceType(Term):
    """What kind of help a request asks for or an offer gives (Bio-Bridge thesaurus domain
    ``441381DA-856A-4E89-8568-9EBE7145FA50``). Matching compares these codes, never the
    words, so a Spanish request finds an English offer."""

    identifier_field = "slug"
    label_field = "name"

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # What an offer of this type is called in an explanation: "offers training".
    cbd_identifier = models.CharField(
        _("CBD thesaurus identifier"), max_length=40, blank=True, db_index=True
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("assistance type")
        verbose_name_plural = _("assistance types")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    NOT_ENDORSED = "not_endorsed", _("Not endorsed")
    VETTED = "vetted", _("Vetted")
    PUBLISHED = "published", _("Published")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    OUTCOME_REPORTED = "outcome_reported", _("Outcome reported")
    INELIGIBLE = "ineligible", _("Ineligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


# States in which a record is public: its page opens for everyone. Of those, the listed ones
# are in listings, search and feeds; an expired record keeps its URL with an "expired" notice.
REQUEST_PUBLIC_STATES = (
    RequestStatus.PUBLISHED,
    RequestStatus.MATCHED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.COMPLETED,
    RequestStatus.OUTCOME_REPORTED,
    RequestStatus.EXPIRED,
)
REQUEST_LISTED_STATES = REQUEST_PUBLIC_STATES[:-1]
# A request the matchmaker still looks for help for.
REQUEST_OPEN_STATES = (RequestStatus.PUBLISHED, RequestStatus.MATCHED)
OFFER_PUBLIC_STATES = (OfferStatus.PUBLISHED, OfferStatus.CLOSED, OfferStatus.EXPIRED)
OFFER_LISTED_STATES = (OfferStatus.PUBLISHED,)


class CooperationRecord(ClassifiedModel):
    """What requests and offers share: classification (targets, countries, thematic areas and
    the language the record was written in), assistance types, working languages, the owner,
    an end date and the timestamps."""

    title = models.CharField(_("title"), max_length=255)  # title
    assistance_types = models.ManyToManyField(
        AssistanceType, blank=True, related_name="+", verbose_name=_("assistance types")
    )  # assistanceTypes
    beneficiaries = models.ManyToManyField(
        Constituency,
        blank=True,
        related_name="+",
        verbose_name=_("beneficiaries"),
        help_text=_("Who benefits: indigenous peoples and local communities, women, youth…"),
    )  # beneficiaryTypes / primaryBeneficiaries
    working_languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="+",
        verbose_name=_("working languages"),
        help_text=_("Languages the work can be done in."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("posted by"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)  # startDate
    end_date = models.DateField(_("end date"), null=True, blank=True)  # endDate
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    expires_on = models.DateField(
        _("listed until"),
        default=default_expiry,
        help_text=_("After this date the record leaves listings and search unless renewed."),
    )
    renewal_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Where a harvested record came from (empty for records created here).
    source_identifier = models.CharField(
        _("source identifier"), max_length=128, blank=True, db_index=True
    )
    # A harvested record's text in its other languages ({"fr": {"title": "…"}}), and what its
    # Bio-Bridge document held that is not modelled here (``cbd.py``), sent back on export.
    translations = models.JSONField(_("translations"), default=dict, blank=True, editable=False)
    cbd_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_expired(self):
        return self.status == "expired"


class SupportRequest(index.Indexed, CooperationRecord):
    """A request for support (Bio-Bridge ``bbiRequest``): what a country, community or
    organization needs."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.DRAFT,
        db_index=True,
    )
    summary = models.TextField(_("summary"), max_length=600)
    problem = models.TextField(_("the problem"), help_text=_("Markdown."))  # problem
    objectives = models.TextField(_("objectives"), blank=True)  # objectives
    expected_outcomes = models.TextField(_("expected outcomes"), blank=True)  # potentialOOI
    assistance_details = models.TextField(
        _("details of the assistance needed"), blank=True
    )  # typesDetails
    existing_initiatives = models.TextField(
        _("existing initiatives"), blank=True
    )  # existingInitiatives
    requesting_organization = models.ForeignKey(
        "partners.PartnerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
        verbose_name=_("requesting organization"),
    )  # organization
    organization_name = models.CharField(
        _("organization (if not in the partner directory)"), max_length=255, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=150)  # contact
    contact_email = models.EmailField(_("contact email"))
    budget_min = models.DecimalField(
        _("budget from"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_max = models.DecimalField(
        _("budget up to"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    co_financing = models.TextField(_("co-financing"), blank=True)  # coFinancing
    endorsement_comment = models.TextField(_("endorsement comment"), blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    ineligible_reason = models.TextField(_("reason it is ineligible"), blank=True)
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("What the cooperation achieved. Markdown.")
    )
    outcome_reported_at = models.DateTimeField(null=True, blank=True, editable=False)

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("objectives"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("expires_on"),
    ]

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("request for support")
        verbose_name_plural = _("requests for support")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="cooperation_request_budget_range",
            ),
        ]
        permissions = [("act_as_helpdesk", _("Can vet requests and offers and review matches"))]

    def get_absolute_url(self):
        return reverse("cooperation:request", args=[self.pk])

    @property
    def organization_label(self):
        if self.requesting_organization_id:
            return self.requesting_organization.title
        return self.organization_name

    @property
    def is_public(self):
        return self.status in REQUEST_PUBLIC_STATES

    @property
    def is_listed(self):
        return self.status in REQUEST_LISTED_STATES


class Offer(index.Indexed, CooperationRecord):
    """An offer of support (Bio-Bridge ``bbiOpportunity``): what a partner organization or an
    expert can give. Eligibility is by country and region; none of either means anywhere."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OfferStatus.choices,
        default=OfferStatus.DRAFT,
        db_index=True,
    )
    description = models.TextField(_("description"), help_text=_("Markdown."))  # description
    provider_organization = models.ForeignKey(
        "partners.PartnerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        verbose_name=_("provider organization"),
    )  # primaryOrganization
    provider_expert = models.ForeignKey(
        "experts.ExpertProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        verbose_name=_("provider expert"),
    )
    eligible_regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("eligible regions")
    )  # areasBenifited (sic)
    eligibility = models.TextField(_("who is eligible"), blank=True)  # eligibility
    application_process = models.TextField(_("how to apply"), blank=True)  # applicationProcess
    potential_outcomes = models.TextField(_("potential outcomes"), blank=True)  # potentialOutcomes
    application_deadline = models.DateField(
        _("application deadline"), null=True, blank=True
    )  # applicationDeadline
    amount_min = models.DecimalField(
        _("amount from"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_max = models.DecimalField(
        _("amount up to"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many requests this offer can take on."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)  # contact

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.SearchField("eligibility"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("expires_on"),
    ]

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("offer of support")
        verbose_name_plural = _("offers of support")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=models.F("amount_max")),
                name="cooperation_offer_amount_range",
            ),
        ]

    def get_absolute_url(self):
        return reverse("cooperation:offer", args=[self.pk])

    @property
    def provider_label(self):
        if self.provider_organization_id:
            return self.provider_organization.title
        if self.provider_expert_id:
            return self.provider_expert.profile.display_name
        return ""

    @property
    def is_public(self):
        return self.status in OFFER_PUBLIC_STATES

    @property
    def is_listed(self):
        return self.status in OFFER_LISTED_STATES


class Attachment(models.Model):
    """A document attached to a request or an offer (Bio-Bridge ``relevantDocuments`` /
    ``applicationDocuments``)."""

    request = models.ForeignKey(
        SupportRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="cooperation/%Y/%m/",
        storage=private_storage,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False, offer__isnull=True)
                | Q(request__isnull=True, offer__isnull=False),
                name="cooperation_attachment_one_record",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:attachment", args=[self.pk])

    @property
    def record(self):
        return self.request or self.offer


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested, awaiting the helpdesk")
    APPROVED = "approved", _("Approved by the helpdesk")
    DISMISSED = "dismissed", _("Dismissed by the helpdesk")
    ACCEPTED = "accepted", _("Accepted by both sides")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class MatchOrigin(models.TextChoices):
    MATCHMAKER = "matchmaker", _("Suggested by the matchmaker")
    HELPDESK = "helpdesk", _("Proposed by the helpdesk")
    PROVIDER = "provider", _("Proposed by the provider")


# Matches the parties can see (the helpdesk approved them first).
MATCH_VISIBLE_STATES = (
    MatchStatus.APPROVED,
    MatchStatus.ACCEPTED,
    MatchStatus.DECLINED,
    MatchStatus.IN_PROGRESS,
    MatchStatus.COMPLETED,
)
# Matches that use up one of an offer's places.
MATCH_ACTIVE_STATES = (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS)


class Match(models.Model):
    """A request paired with one offer, expert or partner organization.

    ``parts`` keeps the score's named parts as language-independent codes
    (``[{"part": "targets", "points": 6.0, "codes": ["GBF-TARGET-02", …]}, …]``); the
    explanation is written from them in the reader's language when shown, never stored as text.
    """

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    expert = models.ForeignKey(
        "experts.ExpertProfile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cooperation_matches",
    )
    organization = models.ForeignKey(
        "partners.PartnerPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cooperation_matches",
    )
    score = models.FloatField(_("score"), default=0)
    parts = models.JSONField(_("score parts"), default=list, blank=True)
    origin = models.CharField(
        _("origin"), max_length=12, choices=MatchOrigin.choices, default=MatchOrigin.MATCHMAKER
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MatchStatus.choices,
        default=MatchStatus.SUGGESTED,
        db_index=True,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "created_at"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.CheckConstraint(
                condition=Q(offer__isnull=False, expert__isnull=True, organization__isnull=True)
                | Q(offer__isnull=True, expert__isnull=False, organization__isnull=True)
                | Q(offer__isnull=True, expert__isnull=True, organization__isnull=False),
                name="cooperation_match_one_candidate",
            ),
            models.UniqueConstraint(
                fields=["request", "offer"],
                condition=Q(offer__isnull=False),
                name="cooperation_match_unique_offer",
            ),
            models.UniqueConstraint(
                fields=["request", "expert"],
                condition=Q(expert__isnull=False),
                name="cooperation_match_unique_expert",
            ),
            models.UniqueConstraint(
                fields=["request", "organization"],
                condition=Q(organization__isnull=False),
                name="cooperation_match_unique_organization",
            ),
        ]

    def __str__(self):
        return f"{self.request} ↔ {self.candidate}"

    def get_absolute_url(self):
        return reverse("cooperation:match", args=[self.pk])

    @property
    def candidate(self):
        return self.offer or self.expert or self.organization

    @property
    def candidate_kind(self):
        if self.offer_id:
            return "offer"
        if self.expert_id:
            return "expert"
        return "organization"


class Side(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    PROVIDER = "provider", _("Provider")


class MatchFeedback(models.Model):
    """One party's verdict on a suggestion: relevant or not, and why. Kept for the helpdesk's
    report on how good the suggestions are."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    relevant = models.BooleanField(_("relevant"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        constraints = [
            models.UniqueConstraint(fields=["match", "side"], name="cooperation_feedback_once")
        ]

    def __str__(self):
        return f"{self.get_side_display()}: {self.relevant}"


class Transition(models.Model):
    """One change of state of a request, an offer or a match: who, when, from what to what,
    and their comment. The audit trail shown on the record and in the admin."""

    request = models.ForeignKey(
        SupportRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False, offer__isnull=True, match__isnull=True)
                | Q(request__isnull=True, offer__isnull=False, match__isnull=True)
                | Q(request__isnull=True, offer__isnull=True, match__isnull=False),
                name="cooperation_transition_one_record",
            )
        ]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"


class CandidateKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    EXPERT = "expert", _("Expert")
    ORGANIZATION = "organization", _("Partner organization")


class MatchCandidate(models.Model):
    """The matchmaker's index entry for one offer, expert or partner organization that could
    answer requests: denormalized so ranking 10,000 candidates is a single grouped query over
    ``CandidateTerm`` (see ``matching.py``), kept current when its source record changes."""

    kind = models.CharField(max_length=12, choices=CandidateKind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    active = models.BooleanField(default=True, db_index=True)
    deadline = models.DateField(null=True, blank=True)
    capacity_left = models.IntegerField(null=True, blank=True)  # None: no limit
    # Two facets copied from its terms so ranking reads them here rather than grouping
    # thousands of term rows: whether it serves anywhere (geography ``*``), and its working
    # language codes between commas (",en,fr,"; "" for none).
    anywhere = models.BooleanField(default=False)
    languages = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="cooperation_candidate_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"


class CandidateTerm(models.Model):
    """One code a candidate matches on: ``facet`` is targets, assistance, geography,
    languages, themes or stems; ``code`` a taxonomy identifier or a word stem."""

    candidate = models.ForeignKey(MatchCandidate, on_delete=models.CASCADE, related_name="terms")
    facet = models.CharField(max_length=12)
    code = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["facet", "code"], name="cooperation_term_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "facet", "code"], name="cooperation_term_once"
            )
        ]

    def __str__(self):
        return f"{self.facet}:{self.code}"

"""Planning, monitoring, reporting and review: a country's NBSAP, its national targets, its
indicator data and its national reports.

Field names follow the CBD Online Reporting Tool's schemas (``../shared/cbd-formats/``:
``nbsap``, ``nationalTarget7``; the comment after a field names its counterpart) so the
exchange app imports and exports them without loss.

Every record belongs to one country and goes through the same review (``workflow.py``):
a national focal point of that country writes a draft, submits it, and another focal point of
the country (or an editor) publishes it. Records are Wagtail revisioned models
(``DraftStateMixin`` + ``RevisionMixin``): the columns hold the *published* version, which
visitors, the country profile, the global views and the exports read (``live=True``); edits are
saved as revisions and reach the columns only when a reviewer publishes them. Each publication
is a ``ReviewStep`` pointing at its revision, so "what changed since the last report" compares
two published revisions (``history.py``). Child rows (alignments, documents, data points,
progress per target) are ``ParentalKey`` children so revisions keep them.
"""

import uuid

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index

from taxonomy.models import Country, Goal, HeadlineIndicator, Language, Target

# Global indicators the taxonomy does not hold as terms (component, complementary, binary)
# are kept by their CBD identifiers, e.g. GBF-INDICATOR-143, KMGBF-INDICATOR-BIN-1.
indicator_identifier = RegexValidator(
    r"^(GBF|KMGBF)-INDICATOR-[A-Z0-9.\-]+$",
    _("Use a CBD indicator identifier, e.g. GBF-INDICATOR-143 or KMGBF-INDICATOR-BIN-1."),
)


class ReviewStatus(models.TextChoices):
    """Where the latest version of a record stands in review (``workflow.py``)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")


class ReportingQuerySet(models.QuerySet):
    def published(self):
        """Records with a published version (their columns hold it)."""
        return self.filter(live=True)

    def for_country(self, country):
        return self.filter(country=country)


class ReportingRecord(DraftStateMixin, RevisionMixin, ClusterableModel):
    """What every reporting record shares: its country (the CBD ``government``), the
    language it was written in, its other languages (``translations``, the rest of a CBD
    lstring), its review status and who submitted it, and its CBD identifier."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True, db_index=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )  # government
    language = models.ForeignKey(
        Language,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written in"),
    )
    # Other languages of the record's text: {"fr": {"title": "…", "description": "…"}}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # The CBD document identifier (header.identifier): set when a record is imported or first
    # exported, so the two stay one record.
    cbd_identifier = models.CharField(
        _("CBD identifier"), max_length=128, blank=True, db_index=True
    )
    # What a CBD document held that the portal does not model, and the full thesaurus
    # identifiers of the terms it did map (``cbd.py``): sent back unchanged on export.
    cbd_extra = models.JSONField(default=dict, blank=True, editable=False)
    review_status = models.CharField(
        _("review status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        db_index=True,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportingQuerySet.as_manager()

    # Fields that belong to the record as a whole, not to one version: publishing a revision
    # must not roll them back (see ``services.publish``).
    record_state_fields = ("review_status", "submitted_by_id", "cbd_extra")

    # The URL name of the record's public page (takes the uuid), and the record's kind in
    # URLs (``/reporting/<kind>/<uuid>/…``, ``views.KINDS``).
    url_name = ""
    url_kind = ""

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(self.url_name, args=[self.uuid])

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.record_state_fields:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def status_label(self):
        """What a reader of the workspace sees: the review status, and whether an earlier
        version is public meanwhile."""
        if self.live and self.review_status == ReviewStatus.DRAFT:
            return _("Published, with changes in draft")
        if self.live and self.review_status == ReviewStatus.SUBMITTED:
            return _("Published, with changes submitted for review")
        return self.get_review_status_display()

    def localized(self, field, language=None):
        """``field``'s text in ``language`` (default: the active one) if the record has it
        there, else the text it was written in; returns ``(text, language_code)``."""
        from django.utils.translation import get_language

        language = (language or get_language() or "en").split("-")[0]
        own = self.language.code if self.language_id else "en"
        if language != own:
            text = (self.translations.get(language) or {}).get(field)
            if text:
                return text, language
        return getattr(self, field), own

    @property
    def record_language(self):
        return self.language.code if self.language_id else None

    def classification(self):
        """The shape the registry, search and API use (``taxonomy.ClassificationMixin``)."""
        regions = sorted(
            {
                region.identifier
                for region in (self.country.region, self.country.subregion)
                if region is not None
            }
        )
        return {
            "targets": [t.identifier for t in self.global_targets()],
            "countries": [self.country.code],
            "regions": regions,
            "thematic_areas": [],
            "language": self.record_language,
        }

    def global_targets(self):
        """The KMGBF targets the record is about (ordered by number)."""
        return Target.objects.none()


# --- NBSAP -----------------------------------------------------------------------------------


class Jurisdiction(models.TextChoices):
    # CBD thesaurus domain 50AC1489-92B8-4D99-965A-AAE97A80F38E (cbd.py maps the term ids).
    NATIONAL = "national", _("National / federal")
    SUBNATIONAL = "subnational", _("Sub-national")
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")


class DocumentStatus(models.TextChoices):
    # CBD domain 7F0D898A-…: the status of the strategy document itself.
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")
    APPROVED = "approved", _("Approved")


class ApprovingBody(models.TextChoices):
    # CBD domain F1A5BFF1-…
    NATIONAL_COMMITTEE = "national-committee", _("National committee")
    MINISTER = "minister", _("Minister")
    INTER_MINISTERIAL = "inter-ministerial", _("Inter-ministerial committee")
    PARLIAMENT = "parliament", _("Parliament")
    OTHER = "other", _("Other")


class NBSAP(index.Indexed, ReportingRecord):
    """A national biodiversity strategy and action plan (CBD ``nbsap``)."""

    title = models.CharField(_("title"), max_length=300)  # title
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))  # summary
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=20, choices=Jurisdiction.choices, default="national"
    )  # jurisdiction
    jurisdiction_info = models.TextField(_("about the jurisdiction"), blank=True)
    is_gbf_aligned = models.BooleanField(
        _("aligned with the Kunming-Montreal Global Biodiversity Framework"), default=False
    )  # isGbfAligned
    start_date = models.DateField(_("period start"))  # startDate
    end_date = models.DateField(_("period end"))  # endDate
    document_status = models.CharField(
        _("status of the document"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
    )  # status
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)  # adoptionDate
    approving_body = models.CharField(
        _("approving body"), max_length=30, choices=ApprovingBody.choices, blank=True
    )  # approvingBody
    approving_body_info = models.TextField(_("about the approval"), blank=True)
    languages = ParentalManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages of the document")
    )  # documentLinks[].language / header.languages
    relevant_information = models.TextField(
        _("other relevant information"), blank=True
    )  # relevantInformation

    url_name = "reporting:nbsap"
    url_kind = "nbsaps"

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["country__name", "-start_date"]
        verbose_name = _("NBSAP")
        verbose_name_plural = _("NBSAPs")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="reporting_nbsap_period",
            )
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The period cannot end before it starts.")})

    def global_targets(self):
        return Target.objects.none()


class NBSAPDocument(Orderable):
    """A document of the strategy: a link, an uploaded file, or both (``documentLinks``)."""

    nbsap = ParentalKey(NBSAP, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=255)  # name
    url = models.URLField(_("link"), max_length=500, blank=True)  # url
    file = models.FileField(_("file"), upload_to="reporting/nbsaps/%Y/", blank=True)
    language = models.CharField(
        _("language"), max_length=7, blank=True, choices=settings.LANGUAGES
    )  # language

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.name

    @property
    def href(self):
        return self.file.url if self.file else self.url


# --- National targets ------------------------------------------------------------------------


class Degree(models.TextChoices):
    # CBD domain GBF-DEGREE-OF-ALIGNMENT (cbd.py maps the term ids).
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AdditionalImplementation(models.TextChoices):
    # additionalImplementation: form values, not thesaurus terms.
    REQUIRED = "required", _("Additional means of implementation are required")
    AVAILABLE = "available", _("Additional means of implementation are available")
    OTHER = "other", _("Other")


class NationalTarget(index.Indexed, ReportingRecord):
    """A national target and how it aligns with the global goals and targets
    (CBD ``nationalTarget7``)."""

    sequence = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )  # sequence
    title = models.CharField(_("title"), max_length=500)  # title
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    global_goals = ParentalManyToManyField(
        Goal, blank=True, related_name="+", verbose_name=_("global goals")
    )  # globalGoalAlignment
    degree_of_alignment_info = models.TextField(
        _("about the degree of alignment"), blank=True
    )  # degreeOfAlignmentInfo
    headline_indicators = ParentalManyToManyField(
        HeadlineIndicator, blank=True, related_name="+", verbose_name=_("headline indicators")
    )  # headlineIndicators
    component_indicators = models.JSONField(
        _("component indicators"), default=list, blank=True
    )  # componentIndicators: CBD identifiers
    complementary_indicators = models.JSONField(
        _("complementary indicators"), default=list, blank=True
    )  # complementaryIndicators
    binary_indicators = models.JSONField(
        _("binary indicators"), default=list, blank=True
    )  # binaryIndicators
    implementation_considerations = models.TextField(
        _("implementation considerations"),
        blank=True,
        help_text=_("How the target takes the framework's section C considerations into account."),
    )  # implementingConsiderationsInfo
    main_policy = models.TextField(
        _("main policy, measure or action"), blank=True
    )  # mainPolicyOfMeasureOrActionInfo
    has_non_state_actors = models.BooleanField(
        _("non-state actors contribute"), default=False
    )  # hasNonStateActors
    non_state_actor_commitments = models.TextField(
        _("non-state actor commitments"), blank=True
    )  # nonStateActorCommitmentInfo
    additional_implementation = models.CharField(
        _("means of implementation"),
        max_length=20,
        choices=AdditionalImplementation.choices,
        blank=True,
    )  # additionalImplementation
    additional_implementation_info = models.TextField(
        _("about the means of implementation"), blank=True
    )  # additionalImplementationInfo
    additional_information = models.TextField(
        _("additional information"), blank=True
    )  # additionalInformation

    url_name = "reporting:target"
    url_kind = "targets"

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.SearchField("main_policy"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["country__name", "sequence"]
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")

    def __str__(self):
        return f"{self.sequence}. {self.title}"

    def global_targets(self):
        return Target.objects.filter(pk__in=[a.target_id for a in self.alignments.all()]).order_by(
            "number"
        )


class TargetAlignment(Orderable):
    """One global target a national target contributes to, and how closely
    (``globalTargetAlignment[]``: ``{identifier, degreeOfAlignment}``)."""

    national_target = ParentalKey(
        NationalTarget, on_delete=models.CASCADE, related_name="alignments"
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="+", verbose_name=_("global target")
    )
    degree = models.CharField(_("degree of alignment"), max_length=10, choices=Degree.choices)

    class Meta(Orderable.Meta):
        verbose_name = _("alignment with a global target")
        verbose_name_plural = _("alignments with global targets")
        constraints = [
            models.UniqueConstraint(
                fields=["national_target", "target"], name="reporting_alignment_once"
            )
        ]

    def __str__(self):
        return f"{self.target.identifier}: {self.get_degree_display()}"


class NationalIndicator(Orderable):
    """An indicator the country defined itself (``otherNationalIndicators[]``:
    ``{identifier, value}``)."""

    national_target = ParentalKey(
        NationalTarget, on_delete=models.CASCADE, related_name="national_indicators"
    )
    identifier = models.UUIDField(_("identifier"), default=uuid.uuid4)
    title = models.CharField(_("indicator"), max_length=500)

    class Meta(Orderable.Meta):
        verbose_name = _("national indicator")
        verbose_name_plural = _("national indicators")

    def __str__(self):
        return self.title


# --- Indicator data --------------------------------------------------------------------------


class DataSeries(index.Indexed, ReportingRecord):
    """A country's data for one indicator: a headline indicator of the framework, or one of
    its own national indicators (named by the national target that defines it)."""

    title = models.CharField(_("title"), max_length=300)
    headline_indicator = models.ForeignKey(
        HeadlineIndicator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("headline indicator"),
    )
    # A national indicator, by its identifier (NationalIndicator.identifier) and its name.
    national_indicator = models.UUIDField(_("national indicator"), null=True, blank=True)
    national_indicator_title = models.CharField(_("national indicator"), max_length=500, blank=True)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("e.g. %, km², tonnes, index"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    url_name = "reporting:series"
    url_kind = "data"

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("source"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["country__name", "title"]
        verbose_name = _("data series")
        verbose_name_plural = _("data series")
        constraints = [
            models.CheckConstraint(
                condition=Q(headline_indicator__isnull=False) | ~Q(national_indicator_title=""),
                name="reporting_series_has_indicator",
            )
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.headline_indicator_id and not self.national_indicator_title:
            raise ValidationError(_("Choose a headline indicator or name the national indicator."))

    @property
    def indicator_label(self):
        if self.headline_indicator_id:
            return str(self.headline_indicator)
        return self.national_indicator_title

    def global_targets(self):
        if not self.headline_indicator_id:
            return Target.objects.none()
        return self.headline_indicator.targets.order_by("number")


class DataPoint(Orderable):
    """One value of a series: a year, the value, its disaggregation (empty: the total)."""

    series = ParentalKey(DataSeries, on_delete=models.CASCADE, related_name="points")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    disaggregation = models.CharField(
        _("disaggregation"),
        max_length=120,
        blank=True,
        help_text=_("e.g. female, urban, marine; empty for the total."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta(Orderable.Meta):
        ordering = ["disaggregation", "year", "sort_order"]
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "disaggregation"], name="reporting_point_once"
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.value}"


# --- National reports ------------------------------------------------------------------------


class ProgressLevel(models.TextChoices):
    """The seventh national report's assessment of progress towards a target."""

    ON_TRACK_TO_EXCEED = "exceed", _("On track to exceed the target")
    ON_TRACK = "on-track", _("On track to achieve the target")
    SOME_PROGRESS = "some", _("Progress towards the target but at an insufficient rate")
    NO_CHANGE = "no-change", _("No significant change")
    MOVING_AWAY = "away", _("Moving away from the target")
    UNKNOWN = "unknown", _("Unknown")


# Display order, best first, and the colour class each level takes in charts and the map.
PROGRESS_ORDER = [level.value for level in ProgressLevel]


class NationalReport(index.Indexed, ReportingRecord):
    """A national report (the seventh national report's shape, ``nationalReport7``): the
    country's assessment of its progress towards each global target."""

    title = models.CharField(_("title"), max_length=300)
    cycle = models.PositiveSmallIntegerField(
        _("report number"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("7 for the seventh national report."),
    )
    submitted_on = models.DateField(_("date of the report"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))
    additional_information = models.TextField(_("additional information"), blank=True)

    url_name = "reporting:report"
    url_kind = "reports"

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["country__name", "-cycle"]
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")
        constraints = [
            models.UniqueConstraint(fields=["country", "cycle"], name="reporting_report_once")
        ]

    def global_targets(self):
        return Target.objects.filter(pk__in=[p.target_id for p in self.progress.all()]).order_by(
            "number"
        )


class TargetProgress(Orderable):
    """Progress towards one global target: the level, a narrative, and the evidence (the
    country's data series, by uuid, and links to documents, one per line)."""

    report = ParentalKey(NationalReport, on_delete=models.CASCADE, related_name="progress")
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="+", verbose_name=_("global target")
    )
    level = models.CharField(_("level of progress"), max_length=12, choices=ProgressLevel.choices)
    narrative = models.TextField(_("narrative"), blank=True, help_text=_("Markdown."))
    # Evidence: the uuids of the country's data series, and "label | URL" lines.
    evidence_series = models.JSONField(_("data series"), default=list, blank=True)
    evidence_links = models.TextField(
        _("documents"), blank=True, help_text=_("One link per line, optionally “label | URL”.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("progress towards a target")
        verbose_name_plural = _("progress towards targets")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="reporting_progress_once")
        ]

    def __str__(self):
        return f"{self.target.identifier}: {self.get_level_display()}"

    def evidence_link_list(self):
        """The document links as ``(label, url)`` pairs."""
        links = []
        for line in self.evidence_links.splitlines():
            line = line.strip()
            if not line:
                continue
            label, _sep, url = line.rpartition("|")
            url = url.strip()
            links.append(((label.strip() or url), url))
        return links


# --- Review trail ----------------------------------------------------------------------------


class ReviewStep(models.Model):
    """One step of a record's review: who, when, which action, from what to what, the
    comment, and the revision it concerned. Publications are the steps with
    ``action="publish"``: their revisions are the record's published versions."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(db_index=True)
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=20)
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
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        indexes = [models.Index(fields=["content_type", "object_id", "action"])]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"


RECORD_MODELS = (NBSAP, NationalTarget, DataSeries, NationalReport)


# How the national targets cover each global goal or target (nationalTarget7Mapping).
from .mapping_models import ReferencePeriod, TargetMapping  # noqa: E402, F401

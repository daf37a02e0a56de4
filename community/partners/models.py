"""Partner organizations: a directory page and one Wagtail page per organization.

Organizations are pages so editors get revisions, moderation workflows, previews and
translations for free. Members are linked to an organization by a ``PartnerMembership`` (admin
or member); its admins edit their own page from the front end (``views.partner_edit``), and a
member's request for a new organization is an ``OrganizationRequest`` next to a draft page that
editors review through the shared member-submission flow (``chm.submissions``): the page's
``on_submission_*`` hooks decide the request.
"""

import uuid

from modelcluster.fields import ParentalManyToManyField

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from chm.cbd_pages import CBDRecordFields
from chm.i18n import ReaderLanguageUrlMixin
from chm.listings import ListingMixin
from chm.markdown import markdown_to_text, render_markdown
from chm.submissions import SubmittablePage
from taxonomy.models import (
    CLASSIFICATION_SEARCH_FIELDS,
    ClassifiedPage,
    Country,
    Region,
    classification_panel,
)


class PartnerIndexPage(ReaderLanguageUrlMixin, ListingMixin, Page):
    """The partner directory: filters, a map and the list of every partner.

    The listing (filters, pages of partners) comes from ``chm.listings.ListingMixin``; the map
    fetches the same filtered partners from ``views.map_data``.
    """

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["chm.HomePage", "chm.StandardPage"]
    subpage_types = ["partners.PartnerPage"]
    max_count_per_parent = 1
    listed_record_type = "partner"
    per_page = 24
    records_name = "partners"
    warn_invalid_filters = True

    class Meta:
        verbose_name = _("partner directory")

    @property
    def filter_form_class(self):
        from .forms import PartnerFilterForm

        return PartnerFilterForm

    def base_queryset(self):
        return (
            self.records_below(PartnerPage)
            .live()
            .public()
            .select_related("country", "country__region", "logo")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        from .permissions import can_request_organization

        context = super().get_context(request, *args, **kwargs)
        context["can_request"] = can_request_organization(request.user)
        return context


class PartnerPage(ReaderLanguageUrlMixin, SubmittablePage, ClassifiedPage, CBDRecordFields, Page):
    """One partner organization (a member's request for a new one is a submitted draft)."""

    class OrganizationType(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        IPLC = "iplc", _("Indigenous peoples' or local community organization")
        NGO = "ngo", _("Non-governmental organization")
        ACADEMIC = "academic", _("Academic or research institution")
        IGO = "igo", _("Intergovernmental organization")
        PRIVATE = "private", _("Private sector")
        NETWORK = "network", _("Network")

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    organization_type = models.CharField(
        _("type of organization"), max_length=20, choices=OrganizationType.choices
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_pages",
        verbose_name=_("country (headquarters)"),
    )
    regions = ParentalManyToManyField(
        Region, blank=True, related_name="partner_pages", verbose_name=_("regions of work")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown is allowed: *emphasis*, **bold**, [links](https://example.org)."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Shown on the organization's page.")
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional: places the organization on the map; else its country is used."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("organization_type")]),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldPanel("regions"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where it works"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
        classification_panel(),
    ]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("acronym", boost=2),
            index.AutocompleteField("acronym"),
            index.SearchField("description"),
            index.FilterField("organization_type"),
            index.FilterField("country"),
        ]
        + CLASSIFICATION_SEARCH_FIELDS
    )

    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def summary(self):
        if self.search_description:
            return self.search_description
        first = self.description.strip().split("\n\n", 1)[0] if self.description else ""
        return markdown_to_text(first)[:300]

    @property
    def display_name(self):
        return f"{self.title} ({self.acronym})" if self.acronym else self.title

    def work_regions(self):
        """Regions of work, or the headquarters' region when none is given."""
        regions = list(self.regions.all())
        if not regions and self.country_id:
            regions = [self.country.region]
        return regions

    def admin_memberships(self):
        return self.memberships.filter(role=PartnerMembership.Role.ADMIN)

    # --- the member's request for this organization (chm.submissions) -------------------------

    submission_noun = _("organization")
    submissions_url_name = "members:dashboard"  # its "My organizations" card

    def _creation_request(self):
        return OrganizationRequest.objects.filter(page_id=self.pk).select_related("requested_by")

    def get_submitter(self):
        request = self._creation_request().first()
        return request.requested_by if request else None

    def on_submission_approved(self, workflow_state, user):
        """The requester becomes the organization's admin."""
        request = self._creation_request().exclude(status=OrganizationRequest.Status.APPROVED)
        request = request.first()
        if request is not None:
            PartnerMembership.objects.update_or_create(
                partner=self,
                user=request.requested_by,
                defaults={"role": PartnerMembership.Role.ADMIN},
            )
            request.decide(OrganizationRequest.Status.APPROVED)

    def on_submission_rejected(self, workflow_state, user, comment):
        self._decide_open_request(OrganizationRequest.Status.REJECTED)

    def on_submission_cancelled(self, workflow_state, user):
        self._decide_open_request(OrganizationRequest.Status.WITHDRAWN)

    def _decide_open_request(self, status):
        request = self._creation_request().exclude(status=OrganizationRequest.Status.APPROVED)
        request = request.first()
        if request is not None:
            request.decide(status)

    def get_submission_note(self, outcome):
        if outcome == "approved":
            return _("You are its administrator and can edit its page.")
        return ""


class PartnerMembership(models.Model):
    """A member's link to an organization; admins manage the organization's page."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    partner = models.ForeignKey(
        PartnerPage,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "user"], name="unique_partner_membership")
        ]
        ordering = ["partner__title", "user__profile__display_name"]
        verbose_name = _("organization membership")
        verbose_name_plural = _("organization memberships")

    def __str__(self):
        return f"{self.user} – {self.partner} ({self.get_role_display()})"


class OrganizationRequest(models.Model):
    """A member's request to add an organization: a draft page waiting for an editor.

    Editors approve it by publishing the draft (through the moderation workflow it was
    submitted to, or directly); the requester then becomes the organization's admin. Rejecting
    it in the workflow marks the request rejected; cancelling the workflow, withdrawn.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    page = models.OneToOneField(
        PartnerPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="creation_request",
        verbose_name=_("draft page"),
    )
    organization_name = models.CharField(_("organization"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organization_requests",
        verbose_name=_("requested by"),
    )
    role_description = models.CharField(
        _("your role in the organization"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("organization request")
        verbose_name_plural = _("organization requests")

    def __str__(self):
        return self.organization_name

    def decide(self, status):
        self.status = status
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_at"])


class Contact(CBDRecordFields, models.Model):
    """A contact person of an organization, as the CBD clearing-house's ``contact`` records
    hold them (``cbd.py``).

    A small model of its own rather than fields of the partner page: an organization has
    several contacts, a contact arrives before or after its organization (its
    ``contactOrganization`` reference resolves when the organization is here), and a contact is
    personal data (e-mail, phone), so it is not a public record type: not in the API, search or
    feeds, and not shown on the organization's public page; it goes back to the CBD through
    its exporter."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True, db_index=True)
    partner = models.ForeignKey(
        PartnerPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    contact_type = models.CharField(_("type"), max_length=40, default="person")
    prefix = models.CharField(_("prefix"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    designation = models.CharField(_("designation"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    organization_name = models.CharField(_("organization"), max_length=255)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("country"),
    )
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

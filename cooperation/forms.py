"""Cooperation's forms: the public listings' filters and the forms members post requests,
offers, feedback and outcomes with.

Every choice of a database record uses the project's bounded choice fields
(``chm.forms``), so a tampered or out-of-range id is a form error, never a server error.
"""

import datetime
import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelChoiceField, ModelMultipleChoiceField, bounded_formfield
from chm.listings import ListingFilterForm
from community.partners.models import PartnerPage
from community.partners.permissions import organizations_user_can_publish_for
from taxonomy.models import Constituency, Country, Language, Region, Target, ThematicArea

from .models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    REQUEST_LISTED_STATES,
    AssistanceType,
    Attachment,
    Offer,
    RequestStatus,
    Side,
    SupportRequest,
)

# -- listing filters (public pages) ------------------------------------------------------------


class CooperationFilterForm(ListingFilterForm):
    """The shared taxonomy filters plus assistance type and language (the language a record
    is written in or the work can be done in). Invalid values are reported and ignored."""

    assistance_type = ModelChoiceField(
        AssistanceType.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Assistance type"),
        empty_label=_("All assistance types"),
    )
    language = ModelChoiceField(
        Language.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Language"),
        empty_label=_("All languages"),
    )

    def filter_extra(self, queryset, data):
        if data.get("assistance_type"):
            queryset = queryset.filter(assistance_types=data["assistance_type"])
        if data.get("language"):
            language = data["language"]
            queryset = queryset.filter(Q(working_languages=language) | Q(language=language))
        return queryset


def _listed_status_choices():
    labels = dict(RequestStatus.choices)
    return [("", _("All statuses"))] + [(state, labels[state]) for state in REQUEST_LISTED_STATES]


class RequestFilterForm(CooperationFilterForm):
    """Filters of the requests listing; status among the listed states only (a draft or a
    withdrawn request is not a choice, so nothing reveals whether any exist)."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=_listed_status_choices)

    field_order = [
        "target",
        "country",
        "region",
        "thematic_area",
        "assistance_type",
        "status",
        "language",
    ]

    def filter_extra(self, queryset, data):
        queryset = super().filter_extra(queryset, data)
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset


class OfferFilterForm(CooperationFilterForm):
    """Filters of the offers listing. Geography means eligibility: an offer is "for" a
    country it names, a region it names or contains the country, or anywhere when it names
    neither."""

    open_only = forms.BooleanField(
        label=_("Still accepting applications"),
        required=False,
        help_text=_("Hide offers whose application deadline has passed."),
    )

    field_order = [
        "target",
        "country",
        "region",
        "thematic_area",
        "assistance_type",
        "language",
        "open_only",
    ]

    def filter_classification(self, queryset, data):
        country, region = data.get("country"), data.get("region")
        anywhere = Q(countries__isnull=True, eligible_regions__isnull=True)
        if country:
            regions = [r for r in (country.region_id, country.subregion_id) if r]
            queryset = queryset.filter(
                Q(countries=country) | Q(eligible_regions__in=regions) | anywhere
            )
        if region:
            # Offers for the region, for one of its subregions or its countries, or anywhere.
            in_region = Q(eligible_regions=region) | Q(eligible_regions__parent=region)
            in_region |= Q(countries__region=region) | Q(countries__subregion=region)
            if region.parent_id:
                in_region |= Q(eligible_regions=region.parent_id)
            queryset = queryset.filter(in_region | anywhere)
        rest = {key: value for key, value in data.items() if key not in ("country", "region")}
        return super().filter_classification(queryset, rest)

    def filter_extra(self, queryset, data):
        queryset = super().filter_extra(queryset, data)
        if data.get("open_only"):
            today = timezone.localdate()
            queryset = queryset.filter(
                Q(application_deadline__isnull=True) | Q(application_deadline__gte=today)
            )
        return queryset


# -- members: submission forms (requests, offers, attachments, feedback, outcomes) -------------

MAX_ATTACHMENTS = 5
# How far ahead a record may be listed before its owner must renew it.
MAX_LISTING = datetime.timedelta(days=2 * 365)
FUNDING = "funding"

currency_validator = RegexValidator(
    r"^[A-Za-z]{3}$", _("Enter a three-letter ISO 4217 currency code, such as USD, EUR or KES.")
)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def active_language():
    """The ``Language`` of the page being read (``zh-hans`` is the taxonomy's ``zh``)."""
    code = (get_language() or "en").split("-")[0]
    return Language.objects.filter(code=code).first()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>`` (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def validate_attachment(upload):
    """A document of an accepted type and at most ``ATTACHMENT_MAX_BYTES``."""
    extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not an accepted document type. Accepted: %(types)s.")
            % {"name": upload.name, "types": ", ".join(ATTACHMENT_EXTENSIONS)}
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s). The maximum is %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(ATTACHMENT_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})


class CooperationRecordForm(forms.ModelForm):
    """What the request and offer forms share: the taxonomy fields as bounded choices, date
    and range checks, the listing end date, and the attachments (new files, and removing
    existing ones while the record is a draft)."""

    targets = ModelMultipleChoiceField(
        Target.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("KMGBF targets"),
    )
    assistance_types = ModelMultipleChoiceField(
        AssistanceType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Assistance types"),
    )
    thematic_areas = ModelMultipleChoiceField(
        ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Thematic areas"),
    )
    language = ModelChoiceField(
        Language.objects.all(),
        label=_("Written in"),
        help_text=_("The language you write this in."),
        error_messages={"required": _("Choose the language this is written in.")},
    )
    working_languages = ModelMultipleChoiceField(
        Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Working languages"),
        help_text=_("Languages the work can be done in."),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial="USD",
        validators=[currency_validator],
        help_text=_("Three-letter code, such as USD, EUR or KES."),
    )
    new_attachments = MultipleFileField(
        label=_("Attach documents"),
        required=False,
    )
    remove_attachments = ModelMultipleChoiceField(
        Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Remove attached documents"),
    )

    # (minimum field, maximum field, message) checked in ``clean``.
    range_fields = ()
    # (legend, field names): the form is shown in these fieldsets, in this order.
    layout = ()

    def fieldsets(self):
        """The bound fields grouped by ``layout``; fields it does not name come last."""
        named = set()
        groups = []
        for legend, names in self.layout:
            fields = [self[name] for name in names if name in self.fields]
            named.update(names)
            if fields:
                groups.append((legend, fields))
        rest = [self[name] for name in self.fields if name not in named]
        if rest:
            groups.append((_("Other details"), rest))
        return groups

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["new_attachments"].help_text = _(
            "Up to %(count)s files in all, at most %(size)s each: %(types)s."
        ) % {
            "count": MAX_ATTACHMENTS,
            "size": filesizeformat(ATTACHMENT_MAX_BYTES),
            "types": ", ".join(ATTACHMENT_EXTENSIONS),
        }
        today = timezone.localdate()
        for name in ("start_date", "end_date", "expires_on", "application_deadline"):
            if name in self.fields:
                self.fields[name].widget = _date_input()
        self.fields["expires_on"].widget.attrs.update(
            {"min": (today + datetime.timedelta(days=1)).isoformat()}
        )
        self.fields["expires_on"].widget.attrs["max"] = (today + MAX_LISTING).isoformat()
        if self.instance.pk is None and not self.initial.get("language"):
            language = active_language()
            self.initial["language"] = language.pk if language else None
        if self.instance.pk is not None and self.instance.attachments.exists():
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        today = timezone.localdate()
        if value is None:
            raise ValidationError(_("Give the date until which it should be listed."))
        if value <= today:
            raise ValidationError(_("The “listed until” date must be in the future."))
        if value > today + MAX_LISTING:
            raise ValidationError(
                _("The “listed until” date can be at most two years from today (%(date)s).")
                % {"date": (today + MAX_LISTING).isoformat()}
            )
        return value

    def clean_new_attachments(self):
        files = self.cleaned_data.get("new_attachments") or []
        errors = []
        for upload in files:
            try:
                validate_attachment(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        for low_name, high_name, message in self.range_fields:
            low, high = cleaned.get(low_name), cleaned.get(high_name)
            if low is not None and high is not None and low > high:
                self.add_error(high_name, message)
        for name, message in self.required_choices():
            if name in self.fields and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        kept = 0
        if self.instance.pk is not None:
            removed = {a.pk for a in cleaned.get("remove_attachments") or []}
            kept = self.instance.attachments.exclude(pk__in=removed).count()
        total = kept + len(cleaned.get("new_attachments") or [])
        if total > MAX_ATTACHMENTS and "new_attachments" not in self.errors:
            self.add_error(
                "new_attachments",
                ngettext(
                    "At most %(max)d document can be attached (this would make %(total)d).",
                    "At most %(max)d documents can be attached (this would make %(total)d).",
                    MAX_ATTACHMENTS,
                )
                % {"max": MAX_ATTACHMENTS, "total": total},
            )
        return cleaned

    def required_choices(self):
        return ()

    def save_attachments(self, record):
        """Add the new files and remove the ticked ones (call inside the view's
        transaction, after ``save``)."""
        for attachment in self.cleaned_data.get("remove_attachments") or []:
            attachment.file.delete(save=False)
            attachment.delete()
        for upload in self.cleaned_data.get("new_attachments") or []:
            root, extension = os.path.splitext(os.path.basename(upload.name))
            record.attachments.create(
                title=root[: 200 - len(extension)] + extension,
                file=upload,
            )


class SupportRequestForm(CooperationRecordForm):
    """A request for support as its requester writes it."""

    beneficiaries = ModelMultipleChoiceField(
        Constituency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Beneficiaries"),
        help_text=_("Who benefits: indigenous peoples and local communities, women, youth…"),
    )
    countries = ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Countries"),
        help_text=_("Where the support is needed. Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    requesting_organization = ModelChoiceField(
        PartnerPage.objects.none(),
        required=False,
        label=_("Requesting organization"),
        empty_label=_("Not in the partner directory (give its name below)"),
        help_text=_("An organization you administer on the portal."),
        error_messages={
            "invalid_choice": _("You can only request support for an organization you administer.")
        },
    )

    layout = (
        (_("The request"), ("title", "summary", "problem", "objectives", "expected_outcomes")),
        (
            _("Support needed"),
            ("assistance_types", "assistance_details", "beneficiaries", "countries"),
        ),
        (
            _("Who asks"),
            ("requesting_organization", "organization_name", "contact_name", "contact_email"),
        ),
        (
            _("Classification and languages"),
            ("targets", "thematic_areas", "language", "working_languages"),
        ),
        (
            _("Time and money"),
            (
                "start_date",
                "end_date",
                "budget_min",
                "budget_max",
                "currency",
                "co_financing",
                "existing_initiatives",
            ),
        ),
        (_("Listing and documents"), ("expires_on", "new_attachments", "remove_attachments")),
    )
    range_fields = (
        ("budget_min", "budget_max", _("“Budget up to” must not be less than “budget from”.")),
    )

    class Meta:
        model = SupportRequest
        formfield_callback = bounded_formfield
        fields = [
            "title",
            "summary",
            "problem",
            "objectives",
            "expected_outcomes",
            "assistance_types",
            "assistance_details",
            "beneficiaries",
            "countries",
            "requesting_organization",
            "organization_name",
            "contact_name",
            "contact_email",
            "targets",
            "thematic_areas",
            "language",
            "working_languages",
            "start_date",
            "end_date",
            "budget_min",
            "budget_max",
            "currency",
            "co_financing",
            "existing_initiatives",
            "expires_on",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 8}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 4}),
            "assistance_details": forms.Textarea(attrs={"rows": 3}),
            "co_financing": forms.Textarea(attrs={"rows": 2}),
            "existing_initiatives": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("Two or three sentences shown in listings (at most 600 characters)."),
            "problem": _("What needs solving, and why. Markdown is allowed."),
            "budget_min": _("Leave empty if you do not know."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["requesting_organization"].queryset = organizations_user_can_publish_for(user)
        for name in ("objectives", "expected_outcomes", "existing_initiatives", "co_financing"):
            self.fields[name].max_length = 10_000
            self.fields[name].widget.attrs["maxlength"] = 10_000
        self.fields["problem"].max_length = 20_000
        if self.instance.pk is None:
            profile = getattr(user, "profile", None)
            self.initial.setdefault("contact_name", "")
            self.initial["contact_name"] = self.initial["contact_name"] or getattr(
                profile, "display_name", ""
            )
            self.initial["contact_email"] = self.initial.get("contact_email") or user.email

    def required_choices(self):
        return (
            ("targets", _("Choose at least one KMGBF target.")),
            ("assistance_types", _("Choose at least one type of assistance.")),
            ("countries", _("Choose at least one country.")),
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Please give a title."))
        return title

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("requesting_organization")
        name = (cleaned.get("organization_name") or "").strip()
        if organization is not None:
            cleaned["organization_name"] = ""
        elif not name and "requesting_organization" not in self.errors:
            self.add_error(
                "organization_name",
                _("Choose your organization, or give its name if it is not in the directory."),
            )
        return cleaned


class OfferForm(CooperationRecordForm):
    """An offer of support as its provider writes it. The provider is one choice among the
    organizations the member administers and their own expert profile (``org-<id>`` /
    ``expert-<id>``), so a tampered value is simply not a valid choice."""

    provider = forms.ChoiceField(
        label=_("Offered by"),
        error_messages={
            "required": _("Choose who makes this offer."),
            "invalid_choice": _(
                "You can only make offers for an organization you administer or as yourself, "
                "with your expert profile."
            ),
        },
    )
    countries = ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Eligible countries"),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    eligible_regions = ModelMultipleChoiceField(
        Region.objects.all(),
        required=False,
        label=_("Eligible regions"),
        help_text=_(
            "Leave both countries and regions empty if requests from anywhere are eligible."
        ),
    )

    layout = (
        (_("The offer"), ("title", "provider", "description", "assistance_types")),
        (_("Who can apply"), ("countries", "eligible_regions", "eligibility", "capacity")),
        (
            _("Classification and languages"),
            ("targets", "thematic_areas", "language", "working_languages"),
        ),
        (
            _("Applying"),
            (
                "application_process",
                "application_deadline",
                "start_date",
                "end_date",
                "potential_outcomes",
                "contact_email",
            ),
        ),
        (_("Funding"), ("amount_min", "amount_max", "currency")),
        (_("Listing and documents"), ("expires_on", "new_attachments", "remove_attachments")),
    )
    range_fields = (
        ("amount_min", "amount_max", _("“Amount up to” must not be less than “amount from”.")),
    )

    class Meta:
        model = Offer
        formfield_callback = bounded_formfield
        fields = [
            "title",
            "description",
            "assistance_types",
            "countries",
            "eligible_regions",
            "targets",
            "thematic_areas",
            "language",
            "working_languages",
            "eligibility",
            "application_process",
            "potential_outcomes",
            "application_deadline",
            "start_date",
            "end_date",
            "amount_min",
            "amount_max",
            "currency",
            "capacity",
            "contact_email",
            "expires_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "potential_outcomes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": _("What you offer. Markdown is allowed."),
            "amount_min": _("Only for funding."),
            "amount_max": _("Only for funding."),
        }

    field_order = ["title", "provider"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.organizations = organizations_user_can_publish_for(user)
        profile = getattr(user, "profile", None)
        self.expert = getattr(profile, "expert", None) if profile is not None else None
        choices = [(f"org-{o.pk}", o.title) for o in self.organizations]
        if self.expert is not None:
            choices.append((f"expert-{self.expert.pk}", _("Myself, as an expert")))
        self.fields["provider"].choices = [("", _("Choose…")), *choices]
        if self.instance.provider_organization_id:
            self.initial.setdefault("provider", f"org-{self.instance.provider_organization_id}")
        elif self.instance.provider_expert_id:
            self.initial.setdefault("provider", f"expert-{self.instance.provider_expert_id}")
        for name in ("eligibility", "application_process", "potential_outcomes"):
            self.fields[name].max_length = 10_000
        self.fields["description"].max_length = 20_000
        self.fields["capacity"].error_messages["min_value"] = _(
            "An offer must be able to take at least one request."
        )
        if self.instance.pk is None and not self.initial.get("contact_email"):
            self.initial["contact_email"] = user.email

    @property
    def has_provider(self):
        """Whether this member can make offers at all."""
        return len(self.fields["provider"].choices) > 1

    def required_choices(self):
        return (("assistance_types", _("Choose at least one type of assistance.")),)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Please give a title."))
        return title

    def clean_application_deadline(self):
        value = self.cleaned_data.get("application_deadline")
        if value is not None and value < timezone.localdate():
            raise ValidationError(_("The application deadline cannot be in the past."))
        return value

    def clean_provider(self):
        value = self.cleaned_data["provider"]
        kind, _sep, pk = value.partition("-")
        if kind == "org":
            organization = self.organizations.filter(pk=pk).first()
            if organization is not None:
                return organization
        elif kind == "expert" and self.expert is not None and str(self.expert.pk) == pk:
            return self.expert
        raise ValidationError(self.fields["provider"].error_messages["invalid_choice"])

    def clean(self):
        cleaned = super().clean()
        funding = any(t.slug == FUNDING for t in cleaned.get("assistance_types") or [])
        has_amount = any(cleaned.get(n) is not None for n in ("amount_min", "amount_max"))
        if has_amount and not funding and "assistance_types" not in self.errors:
            self.add_error(
                "amount_min",
                _("Amounts are only for funding: tick “Funding” or leave the amounts empty."),
            )
        return cleaned

    def save(self, commit=True):
        provider = self.cleaned_data["provider"]
        if isinstance(provider, self.organizations.model):
            self.instance.provider_organization, self.instance.provider_expert = provider, None
        else:
            self.instance.provider_organization, self.instance.provider_expert = None, provider
        return super().save(commit=commit)


class MatchFeedbackForm(forms.Form):
    """One side's verdict on a suggestion: relevant or not, and why."""

    side = forms.ChoiceField(choices=Side.choices, widget=forms.HiddenInput)
    relevant = forms.TypedChoiceField(
        label=_("Is this suggestion relevant?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why, or what would make it a better fit."),
    )


class OutcomeForm(forms.Form):
    """What the cooperation achieved, for the request's success story."""

    outcome = forms.CharField(
        label=_("Outcome"),
        min_length=40,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What was achieved, for whom, and what others can learn from it. "
            "Markdown is allowed. Between 40 and 10,000 characters."
        ),
        error_messages={
            "required": _("Please describe the outcome."),
            "min_length": _(
                "Please write a little more (at least 40 characters) so others can learn."
            ),
            "max_length": _("Please keep the outcome under 10,000 characters."),
        },
    )

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelMultipleChoiceField, bounded_formfield
from chm.listings import ListingFilterForm
from taxonomy.forms import ClassificationFieldsForm
from taxonomy.models import Region

from .models import OrganizationRequest, PartnerMembership, PartnerPage

LOGO_MAX_BYTES = 2 * 1024 * 1024


class PartnerFilterForm(ListingFilterForm):
    """Directory filters: type and free text on top of the shared classification filters.

    Country and region match where an organization is based *or* works.
    """

    q = forms.CharField(label=_("Name or keyword"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type of organization"),
        required=False,
        choices=[("", _("All types")), *PartnerPage.OrganizationType.choices],
    )

    field_order = ["q", "type", "country", "region", "thematic_area", "target"]

    def filter_classification(self, queryset, data):
        if data.get("country"):
            queryset = queryset.filter(Q(country=data["country"]) | Q(countries=data["country"]))
        if data.get("region"):
            region = data["region"]
            queryset = queryset.filter(
                Q(regions=region)
                | Q(regions__parent=region)
                | Q(country__region=region)
                | Q(country__subregion=region)
            )
        if data.get("target"):
            queryset = queryset.filter(targets=data["target"])
        if data.get("thematic_area"):
            queryset = queryset.filter(thematic_areas=data["thematic_area"])
        return queryset

    def filter_extra(self, queryset, data):
        if data.get("q"):
            text = data["q"].strip()
            queryset = queryset.filter(
                Q(title__icontains=text) | Q(acronym__iexact=text) | Q(description__icontains=text)
            )
        if data.get("type"):
            queryset = queryset.filter(organization_type=data["type"])
        return queryset


class PartnerDetailsForm(ClassificationFieldsForm, forms.ModelForm):
    """The organization's own fields, as its admins edit them on the site (no Wagtail admin)."""

    classification_labels = {"countries": _("Countries of work")}

    regions = ModelMultipleChoiceField(
        Region.objects.filter(level=Region.Level.REGION),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Regions of work"),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo_file = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )

    m2m_fields = ("regions", "countries", "targets", "thematic_areas")

    class Meta:
        model = PartnerPage
        formfield_callback = bounded_formfield
        fields = [
            "title",
            "acronym",
            "organization_type",
            "description",
            "country",
            "website",
            "contact_email",
            "contact_phone",
            "latitude",
            "longitude",
        ]
        labels = {"title": _("Name of the organization")}
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.m2m_fields:
                self.initial.setdefault(name, list(getattr(self.instance, name).all()))

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Please enter the organization's name."))
        return title

    def clean_logo_file(self):
        logo = self.cleaned_data.get("logo_file")
        if logo and logo.size > LOGO_MAX_BYTES:
            raise ValidationError(
                _("The image is too large (%(size)s). The maximum is %(max)s.")
                % {"size": filesizeformat(logo.size), "max": filesizeformat(LOGO_MAX_BYTES)}
            )
        if logo and logo.name.rsplit(".", 1)[-1].lower() not in {"png", "jpg", "jpeg", "webp"}:
            raise ValidationError(_("Please upload a PNG, JPEG or WebP image."))
        return logo

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        return cleaned

    def apply_to(self, page):
        """Copy the cleaned values onto ``page`` in memory, ready for ``save_revision``.

        Parental many-to-many fields are assigned in memory too, so the revision (not the live
        page) carries them until it is published.
        """
        for name in self.Meta.fields:
            setattr(page, name, self.cleaned_data[name])
        for name in self.m2m_fields:
            setattr(page, name, list(self.cleaned_data[name]))
        return page


class OrganizationRequestForm(PartnerDetailsForm):
    role_description = forms.CharField(
        label=_("Your role in the organization"),
        max_length=200,
        help_text=_("Editors use this to check that you may speak for the organization."),
    )

    def clean_title(self):
        title = super().clean_title()
        if PartnerPage.objects.filter(title__iexact=title).exists():
            raise ValidationError(_("An organization with this name is already listed."))
        if OrganizationRequest.objects.filter(
            organization_name__iexact=title, status=OrganizationRequest.Status.PENDING
        ).exists():
            raise ValidationError(_("This organization has already been requested."))
        return title


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Member's email address"),
        help_text=_("They must already have an account on the portal."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartnerMembership.Role.choices)

    def __init__(self, *args, partner, **kwargs):
        self.partner = partner
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No member has this email address."))
        if PartnerMembership.objects.filter(partner=self.partner, user=user).exists():
            raise ValidationError(_("This member is already linked to the organization."))
        self.user = user
        return email


class MembershipChangeForm(forms.Form):
    """Change a membership's role or remove it; the last admin cannot be removed or demoted."""

    membership = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("admin", "admin"), ("member", "member"), ("remove", "remove")]
    )

    def __init__(self, *args, partner, **kwargs):
        self.partner = partner
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        membership = PartnerMembership.objects.filter(
            partner=self.partner, pk=cleaned["membership"]
        ).first()
        if membership is None:
            raise ValidationError(_("This membership does not exist."))
        is_last_admin = (
            membership.role == PartnerMembership.Role.ADMIN
            and self.partner.admin_memberships().count() == 1
        )
        if is_last_admin and cleaned["action"] != "admin":
            raise ValidationError(_("An organization needs at least one administrator."))
        cleaned["membership"] = membership
        return cleaned

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from chm.forms import ModelChoiceField, ModelMultipleChoiceField, bounded_formfield
from taxonomy.models import Constituency, Country, Language

from .models import AVATAR_MAX_BYTES, FocalPoint, Profile


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls ``signup`` after creating the user."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members will see you, e.g. your full name."),
    )
    country = ModelChoiceField(
        Country.objects.all(), label=_("Country"), required=False, to_field_name="code"
    )

    def signup(self, request, user):
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.display_name = self.cleaned_data["display_name"].strip()
        profile.country = self.cleaned_data.get("country")
        profile.save()


class ProfileForm(forms.ModelForm):
    constituencies = ModelMultipleChoiceField(
        Constituency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Constituencies"),
    )
    languages = ModelMultipleChoiceField(
        Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages"),
    )

    class Meta:
        model = Profile
        formfield_callback = bounded_formfield
        fields = [
            "display_name",
            "country",
            "organization",
            "constituencies",
            "languages",
            "bio",
            "avatar",
            "visibility",
            "public_name",
        ]
        widgets = {
            "visibility": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise ValidationError(_("Please enter a display name."))
        return name

    def clean_public_name(self):
        return self.cleaned_data["public_name"].strip()

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and getattr(avatar, "size", 0) > AVATAR_MAX_BYTES:
            raise ValidationError(
                _("The image is too large (%(size)s). The maximum is %(max)s.")
                % {"size": filesizeformat(avatar.size), "max": filesizeformat(AVATAR_MAX_BYTES)}
            )
        return avatar


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be deleted permanently."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."))
        return password


class FocalPointAssignForm(WagtailAdminModelForm):
    """An editor names a member (by email address) national focal point for a country; who
    assigned it and when come from the request, not the form."""

    member_email = forms.EmailField(
        label=_("Member's email address"),
        help_text=_("The email address the member signs in with."),
    )

    class Meta:
        model = FocalPoint
        fields = ["country"]

    field_order = ["member_email", "country"]

    def clean_member_email(self):
        from allauth.account.models import EmailAddress

        email = self.cleaned_data["member_email"].strip()
        member = (
            get_user_model()
            .objects.filter(is_active=True, profile__isnull=False)
            .filter(
                Q(email__iexact=email)
                | Q(pk__in=EmailAddress.objects.filter(email__iexact=email).values("user_id"))
            )
            .first()
        )
        if member is None:
            raise ValidationError(_("No member has this email address."))
        self.instance.user = member
        return email

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if country is not None and self.instance.user_id is not None:
            active = FocalPoint.objects.active().filter(user=self.instance.user, country=country)
            if active.exists():
                self.add_error(
                    "country",
                    _("%(member)s is already national focal point for %(country)s.")
                    % {"member": self.instance.member_name, "country": country.label},
                )
        return cleaned

    def save(self, commit=True):
        self.instance.assigned_by = self.for_user
        return super().save(commit=commit)


class FocalPointRevokeForm(WagtailAdminModelForm):
    """An assignment is not edited, only revoked; the revoked assignment stays as the record."""

    revoke = forms.BooleanField(
        label=_("Revoke this assignment"),
        required=False,
        help_text=_("The member stops being national focal point for this country."),
    )

    class Meta:
        model = FocalPoint
        fields = []

    def clean_revoke(self):
        revoke = self.cleaned_data["revoke"]
        if revoke and not self.instance.is_active:
            raise ValidationError(_("This assignment has already been revoked."))
        return revoke

    def save(self, commit=True):
        if self.cleaned_data.get("revoke"):
            self.instance.ended_by = self.for_user
            self.instance.ended_at = timezone.now()
        return super().save(commit=commit)

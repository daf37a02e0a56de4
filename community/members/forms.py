from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Constituency, Country, Language

from .models import AVATAR_MAX_BYTES, Profile


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls ``signup`` after creating the user."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members will see you, e.g. your full name."),
    )
    country = forms.ModelChoiceField(
        Country.objects.all(), label=_("Country"), required=False, to_field_name="code"
    )

    def signup(self, request, user):
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.display_name = self.cleaned_data["display_name"].strip()
        profile.country = self.cleaned_data.get("country")
        profile.save()


class ProfileForm(forms.ModelForm):
    constituencies = forms.ModelMultipleChoiceField(
        Constituency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Constituencies"),
    )
    languages = forms.ModelMultipleChoiceField(
        Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages"),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "country",
            "organization",
            "constituencies",
            "languages",
            "bio",
            "avatar",
            "visibility",
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

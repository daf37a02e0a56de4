from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelChoiceField, ModelMultipleChoiceField, bounded_formfield
from chm.listings import ListingFilterForm
from community.partners.models import PartnerPage
from taxonomy.forms import ClassificationFieldsForm, WrittenInFormMixin
from taxonomy.models import Constituency, Language

from . import matching
from .models import ExpertProfile
from .validators import normalize_orcid


class ExpertFilterForm(ListingFilterForm):
    """Directory filters: text, expertise tag, language and constituency on top of the shared
    classification filters (target, country of experience, region, thematic area)."""

    q = forms.CharField(label=_("Name or keyword"), required=False, max_length=100)
    expertise = forms.CharField(label=_("Area of expertise"), required=False, max_length=100)
    language = ModelChoiceField(
        Language.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Language"),
        empty_label=_("All languages"),
    )
    constituency = ModelChoiceField(
        Constituency.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Constituency"),
        empty_label=_("All constituencies"),
    )

    field_order = ["q", "expertise", "target", "country", "region", "language", "constituency"]

    def filter_extra(self, queryset, data):
        # Words match by stem in the visitor's language (community.experts.matching).
        language = get_language()
        if data.get("q"):
            queryset = matching.text_matches(queryset, " ".join(data["q"].split()), language)
        if data.get("expertise"):
            term = " ".join(data["expertise"].split())
            queryset = matching.expertise_matches(queryset, term, language)
        if data.get("language"):
            # Hidden languages must not be revealed by filtering on them.
            queryset = queryset.filter(languages=data["language"], show_languages=True)
        if data.get("constituency"):
            queryset = queryset.filter(profile__constituencies=data["constituency"])
        return queryset


class ExpertProfileForm(WrittenInFormMixin, ClassificationFieldsForm, forms.ModelForm):
    classification_labels = {
        "targets": _("KMGBF targets I work on"),
        "countries": _("Countries of experience"),
    }
    languages = ModelMultipleChoiceField(
        Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Working languages"),
    )
    orcid = forms.CharField(
        label=_("ORCID iD"),
        required=False,
        max_length=60,  # the orcid.org URL form is accepted and shortened to the iD
        help_text=_("e.g. 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097"),
    )
    organization = ModelChoiceField(
        PartnerPage.objects.live().order_by("title"),
        required=False,
        label=_("Organization"),
        help_text=_("A partner organization listed on the portal, if yours is one."),
    )

    class Meta:
        model = ExpertProfile
        formfield_callback = bounded_formfield
        fields = [
            "visibility",
            "headline",
            "language",
            "expertise",
            "targets",
            "thematic_areas",
            "countries",
            "languages",
            "organization",
            "orcid",
            "publications",
            "availability",
            "availability_note",
            "accepts_contact",
            "show_organization",
            "show_orcid",
            "show_publications",
            "show_languages",
        ]
        widgets = {
            "visibility": forms.RadioSelect,
            "availability": forms.RadioSelect,
            "publications": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].error_messages["required"] = _(
            "Please give at least one area of expertise."
        )

    def clean_headline(self):
        headline = self.cleaned_data["headline"].strip()
        if not headline:
            raise ValidationError(_("Please describe your expertise in one line."))
        return headline

    def clean_orcid(self):
        # Normalized before the model's validator runs (in _post_clean).
        return normalize_orcid(self.cleaned_data.get("orcid"))

    def clean_expertise(self):
        tags = [tag.strip() for tag in self.cleaned_data.get("expertise") or [] if tag.strip()]
        if not tags:
            raise ValidationError(_("Please give at least one area of expertise."))
        if len(tags) > 20:
            raise ValidationError(_("Please give at most 20 areas of expertise."))
        return tags


class ContactExpertForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    share_address = forms.BooleanField(
        label=_("I agree that the expert sees my email address so they can reply."),
    )

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise ValidationError(_("Please write a subject."))
        return subject

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 20:
            raise ValidationError(_("Please write a little more (at least 20 characters)."))
        return message

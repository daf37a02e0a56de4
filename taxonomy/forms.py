"""A reusable filter form for any listing classified with the shared taxonomy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Country, Region, Target, ThematicArea


class ClassificationFieldsForm(forms.Form):
    """The shared taxonomy as form fields, for forms that classify a record (a partner page, an
    expert profile, a forum thread...). Mix it into a (Model)Form; a subclass words the labels
    for its own readers through ``classification_labels``."""

    targets = forms.ModelMultipleChoiceField(
        Target.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("KMGBF targets"),
    )
    countries = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Countries"),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Thematic areas"),
    )

    classification_labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.classification_labels.items():
            self.fields[name].label = label


class ClassificationFilterForm(forms.Form):
    """GET filters by target, country, region and thematic area, by their public identifiers.

    Invalid values are dropped with a message instead of raising, so a mistyped URL still
    renders the listing.
    """

    target = forms.ModelChoiceField(
        Target.objects.all(),
        required=False,
        to_field_name="number",
        label=_("Target"),
        empty_label=_("All targets"),
    )
    country = forms.ModelChoiceField(
        Country.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    region = forms.ModelChoiceField(
        Region.objects.all(),
        required=False,
        to_field_name="identifier",
        label=_("Region"),
        empty_label=_("All regions"),
    )
    thematic_area = forms.ModelChoiceField(
        ThematicArea.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )

    def filter(self, queryset):
        """Apply the filters to a queryset of classified records, if they are all valid."""
        if not self.is_valid():
            return queryset
        return self.filter_classification(queryset, self.cleaned_data).distinct()

    def filter_classification(self, queryset, data):
        """Narrow ``queryset`` by the taxonomy values in ``data`` (cleaned values).

        A record type whose classification means something else (a partner is "in" a country
        where it is based or works) overrides this.
        """
        if data.get("target"):
            queryset = queryset.filter(targets=data["target"])
        if data.get("country"):
            queryset = queryset.filter(countries=data["country"])
        if data.get("region"):
            region = data["region"]
            field = "countries__region" if region.level == "region" else "countries__subregion"
            queryset = queryset.filter(**{field: region})
        if data.get("thematic_area"):
            queryset = queryset.filter(thematic_areas=data["thematic_area"])
        return queryset

"""GET filters of the pages readers use across countries (countries index, global views,
map) and of the exports: one form, each page taking the fields it needs.

Values are public identifiers (a region's M49 code, a target's number, a country's ISO code in
either case), as in the rest of the site's filters. An invalid value is a form error: the pages
show it and ignore that filter; the exports answer 400 with the message.
"""

from django import forms
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from taxonomy.forms import ModelChoiceField
from taxonomy.models import Country, Region, Target

from .models import Degree, ProgressLevel

MEASURE_CHOICES = [
    ("alignment", _("Aligned national targets (strongest degree)")),
    ("progress", _("Reported progress (latest report)")),
]


class CountryCodeField(ModelChoiceField):
    """A country by its ISO 3166-1 alpha-2 code, in upper or lower case."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)


class RegionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        label = obj.label
        return label if obj.level == "region" else f"— {label}"


class ReportingFilterForm(forms.Form):
    region = RegionChoiceField(
        Region.objects.none(),
        required=False,
        to_field_name="identifier",
        label=_("Region"),
        empty_label=_("All regions"),
    )
    country = CountryCodeField(
        Country.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    section = forms.ChoiceField(
        choices=[("", _("All sections"))] + list(Target.Section.choices),
        required=False,
        label=_("Section of the framework"),
    )
    target = ModelChoiceField(
        Target.objects.all(),
        required=False,
        to_field_name="number",
        label=_("Global target"),
        empty_label=_("All targets"),
    )
    measure = forms.ChoiceField(choices=MEASURE_CHOICES, required=False, label=_("Show"))
    degree = forms.ChoiceField(
        choices=[("", _("Any degree"))] + list(Degree.choices),
        required=False,
        label=_("Degree of alignment"),
    )
    level = forms.ChoiceField(
        choices=[("", _("Any level"))] + list(ProgressLevel.choices),
        required=False,
        label=_("Level of progress"),
    )

    def __init__(self, data=None, *, fields=None, **kwargs):
        super().__init__(data, **kwargs)
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]
        if "region" in self.fields:
            # Each region followed by its subregions.
            self.fields["region"].queryset = Region.objects.annotate(
                group=Coalesce("parent__title", "title")
            ).order_by("group", "level", "title")

    @property
    def values(self):
        """The valid filters (a wrong value is left out), after validation."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def active_filters(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def query(self):
        """The valid filters as query parameters, for links that keep them (exports)."""
        params = {}
        for name, value in self.values.items():
            if name == "region":
                params[name] = value.identifier
            elif name == "country":
                params[name] = value.code
            elif name == "target":
                params[name] = value.number
            else:
                params[name] = value
        return params

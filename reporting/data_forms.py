"""Forms of indicator data: a data series with its points, and the CSV upload.

The country of a new series is one the user reports for (a forged code is "Select a valid
choice", and ``services.create`` checks again); an edited series keeps its stored country, so
the form has no country field then. A national indicator is chosen by its identifier among the
national indicators of the series' country's own national targets, checked on the server.
"""

from modelcluster.forms import BaseChildFormSet, ClusterForm

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelChoiceField, bounded_formfield
from taxonomy.models import Country, HeadlineIndicator, Language

from . import indicator_data, permissions
from .models import DataPoint, DataSeries, NationalIndicator, NationalTarget


def active_language():
    code = (get_language() or "en").split("-")[0]
    return Language.objects.filter(code=code).first()


class PointForm(forms.ModelForm):
    """A point; its value shown as written (12.5, not 12.500000)."""

    class Meta:
        model = DataPoint
        fields = ["year", "value", "disaggregation", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.value is not None and not self.is_bound:
            self.initial["value"] = indicator_data.format_decimal(self.instance.value)


class PointFormSet(BaseChildFormSet):
    """The points of a series: one value per year and disaggregation. Points are listed by
    disaggregation and year, so their order is not a field to fill in (modelcluster adds one
    for every orderable child): it is hidden."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].widget = forms.HiddenInput()

    def validate_unique(self):
        """One value per year and disaggregation (case aside), said in words, and counting
        the points a tampered form leaves out of its rows (they stay in the series)."""
        seen = {}
        shown = {form.instance.pk for form in self.initial_forms if form.instance.pk}
        for point in self.get_queryset():
            if point.pk not in shown:
                seen[(point.year, point.disaggregation.casefold())] = None
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            year = form.cleaned_data.get("year")
            if year is None:
                continue
            disaggregation = (form.cleaned_data.get("disaggregation") or "").strip()
            key = (year, disaggregation.casefold())
            if key in seen:
                form.add_error(
                    "year",
                    _("Another row already gives a value for %(year)s%(which)s.")
                    % {
                        "year": year,
                        "which": f" ({disaggregation})" if disaggregation else "",
                    },
                )
            seen[key] = form


class SeriesForm(ClusterForm):
    """A data series and its points (``points`` formset)."""

    country = ModelChoiceField(
        queryset=None,
        to_field_name="code",
        label=_("Country"),
        error_messages={"invalid_choice": _("Choose one of the countries you report for.")},
    )
    national_indicator_choice = forms.ChoiceField(
        label=_("National indicator"),
        required=False,
        help_text=_("One of the national indicators of your country's national targets."),
    )

    class Meta:
        model = DataSeries
        fields = [
            "country",
            "title",
            "headline_indicator",
            "national_indicator_choice",
            "national_indicator_title",
            "unit",
            "source",
            "note",
            "language",
        ]
        formfield_callback = bounded_formfield
        formsets = {
            "points": {
                "fields": ["year", "value", "disaggregation", "note"],
                "extra": 3,
                "can_delete": True,
                "formset": PointFormSet,
                "form": PointForm,
                "formfield_callback": bounded_formfield,
            }
        }
        labels = {"national_indicator_title": _("Or name a national indicator")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "headline_indicator": _("A headline indicator of the framework, or:"),
            "national_indicator_title": _(
                "If the indicator is not one of the above, its name as your country uses it."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        if editing:
            del self.fields["country"]
            countries = Country.objects.filter(pk=self.instance.country_id)
        else:
            countries = permissions.countries_user_reports_for(user).order_by("name")
            self.fields["country"].queryset = countries
            if countries.count() == 1:
                self.initial.setdefault("country", countries.get().code)
            if not self.initial.get("language"):
                language = active_language()
                self.initial["language"] = language.pk if language else None
        self.fields["headline_indicator"].queryset = HeadlineIndicator.objects.all()
        self.fields["headline_indicator"].to_field_name = "code"
        self.fields["headline_indicator"].required = False
        self.fields["headline_indicator"].empty_label = _("— none —")
        if editing and self.instance.headline_indicator_id:
            self.initial["headline_indicator"] = self.instance.headline_indicator.code
        choices = [("", _("— none —"))]
        grouped = {}
        for indicator in (
            NationalIndicator.objects.filter(national_target__country__in=countries)
            .select_related("national_target__country")
            .order_by("national_target__country__name", "national_target__sequence", "sort_order")
        ):
            country = indicator.national_target.country
            grouped.setdefault(str(country.label), []).append(
                (str(indicator.identifier), indicator.title)
            )
        choices.extend(grouped.items())
        self.fields["national_indicator_choice"].choices = choices
        known = {value for _country, options in grouped.items() for value, _title in options}
        if editing and str(self.instance.national_indicator) in known:
            # Chosen from the list: the typed name stays empty, or the form would name two.
            self.initial["national_indicator_choice"] = str(self.instance.national_indicator)
            self.initial["national_indicator_title"] = ""
        if len(choices) == 1:
            del self.fields["national_indicator_choice"]

    @staticmethod
    def _national_indicators(country):
        targets = NationalTarget.objects.filter(country=country)
        return NationalIndicator.objects.filter(national_target__in=targets).order_by(
            "national_target__sequence", "sort_order"
        )

    def clean(self):
        data = super().clean()
        country = self.instance.country if self.instance.pk else data.get("country")
        headline = data.get("headline_indicator")
        chosen = data.get("national_indicator_choice") or ""
        typed = (data.get("national_indicator_title") or "").strip()
        named = [bool(headline), bool(chosen), bool(typed)]
        if sum(named) == 0:
            raise ValidationError(
                _("Choose a headline indicator, or a national indicator, or name one.")
            )
        if sum(named) > 1:
            raise ValidationError(_("Choose one indicator only."))
        self.instance.national_indicator = None
        if chosen and country is not None:
            indicator = self._national_indicators(country).filter(identifier=chosen).first()
            if indicator is None:
                self.add_error(
                    "national_indicator_choice",
                    _("This is not a national indicator of the series' country."),
                )
            else:
                data["national_indicator_title"] = indicator.title
                self.instance.national_indicator = indicator.identifier
        elif typed:
            data["national_indicator_title"] = typed
        else:
            data["national_indicator_title"] = ""
        return data

    def _post_clean(self):
        super()._post_clean()
        # The typed or chosen name, whichever the user gave (clean() put it in cleaned_data).
        if hasattr(self, "cleaned_data") and "national_indicator_title" in self.cleaned_data:
            self.instance.national_indicator_title = self.cleaned_data["national_indicator_title"]


class UploadForm(forms.Form):
    """The CSV upload: the file and the country its data are of."""

    country = ModelChoiceField(
        queryset=None,
        to_field_name="code",
        label=_("Country"),
        error_messages={"invalid_choice": _("Choose one of the countries you report for.")},
    )
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "UTF-8, separated by commas or semicolons, at most %(size)s and %(rows)s rows."
        ) % {
            "size": filesizeformat(indicator_data.MAX_BYTES),
            "rows": number_format(indicator_data.MAX_ROWS, force_grouping=True),
        }
        queryset = permissions.countries_user_reports_for(user).order_by("name")
        self.fields["country"].queryset = queryset
        if queryset.count() == 1:
            self.initial.setdefault("country", queryset.get().code)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > indicator_data.MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s. Split it into smaller files.")
                % {"size": filesizeformat(indicator_data.MAX_BYTES)}
            )
        return upload

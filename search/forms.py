"""The search form: everything a visitor can put in the query string, validated.

Bad input never raises: each problem becomes a message on the page, and what is still valid
is used.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .backends import Query
from .backends.base import MAX_QUERY_LENGTH
from .facets import FACETS

FACET_VALUE = re.compile(r"^[\w.\-]{1,64}$")
MAX_VALUES_PER_FACET = 20
PAGE_SIZE = 20
MAX_PAGE = 50  # deep pages cost more than they help; narrow the search instead


class FacetValuesField(forms.Field):
    """Repeated GET parameter (``?country=KE&country=TZ``): a list of identifiers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        return [str(item).strip() for item in value if str(item).strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES_PER_FACET:
            raise forms.ValidationError(_("Too many values chosen."), code="too_many")
        if any(not FACET_VALUE.match(item) for item in value):
            raise forms.ValidationError(_("Some filter values were not recognized."))


class SearchForm(forms.Form):
    SORT_CHOICES = [("relevance", _("Relevance")), ("date", _("Newest first"))]

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    date_from = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, facet in FACETS.items():
            self.fields[name] = FacetValuesField(label=facet.label, required=False)

    def clean_q(self):
        text = self.cleaned_data["q"]
        if len(text) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("Your search is too long (%(length)d characters). Use at most %(max)d."),
                params={"length": len(text), "max": MAX_QUERY_LENGTH},
                code="too_long",
            )
        return " ".join(text.split())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def usable_data(self):
        """Cleaned values, leaving out the fields that had errors."""
        self.is_valid()
        return dict(self.cleaned_data)

    def filters(self):
        data = self.usable_data()
        return {name: data[name] for name in FACETS if data.get(name)}

    def has_criteria(self):
        data = self.usable_data()
        return bool(data.get("q") or self.filters() or data.get("date_from") or data.get("date_to"))

    def to_query(self, *, audiences, language, page=1):
        data = self.usable_data()
        return Query(
            text=data.get("q") or "",
            filters=self.filters(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or "relevance",
            page=page,
            page_size=PAGE_SIZE,
            audiences=audiences,
            language=language,
        )


def parse_page(value):
    """The page number asked for, or (1, message) for nonsense, (MAX_PAGE, message) past it."""
    try:
        page = int(value or 1)
    except (TypeError, ValueError):
        return 1, _("That page number was not understood; showing the first page.")
    if page < 1:
        return 1, _("That page number was not understood; showing the first page.")
    if page > MAX_PAGE:
        return MAX_PAGE, _("Only the first %(max)d pages are shown; add words or filters.") % {
            "max": MAX_PAGE
        }
    return page, None


class SavedSearchForm(forms.Form):
    """The name and digest of a saved search (saving it, or changing it on "My saved searches")."""

    name = forms.CharField(label=_("Name"), max_length=200, strip=True)
    frequency = forms.ChoiceField(label=_("Email digest"), choices=())

    def __init__(self, *args, name_required=True, **kwargs):
        from .models import Frequency

        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = Frequency.choices
        self.fields["name"].required = name_required

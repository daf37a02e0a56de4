"""GET filter forms of the news and resource listings (their feeds reuse them); the shared
behaviour is ``chm.listings.ListingFilterForm``.

Every form of the project that chooses database records uses ``ModelChoiceField`` and
``ModelMultipleChoiceField`` from here (and ModelForms ``formfield_callback =
bounded_formfield``): an id beyond the database's integer range is then "Select a valid choice",
never a server error. They are defined in ``taxonomy.forms``, the lowest layer with forms, so
that the taxonomy's classification fields can use them too (layers import downwards only).
"""

from django import forms
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from taxonomy.forms import ModelChoiceField, ModelMultipleChoiceField, bounded_formfield
from taxonomy.models import Language

from .listings import ListingFilterForm, distinct_values, distinct_values_sql

__all__ = [
    "ModelChoiceField",
    "ModelMultipleChoiceField",
    "NewsFilterForm",
    "ResourceFilterForm",
    "bounded_formfield",
]


def _year_choices(years, empty_label):
    return [("", empty_label)] + [(str(y), str(y)) for y in sorted(set(years), reverse=True)]


class NewsFilterForm(ListingFilterForm):
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    field_order = ["tag", "target", "country", "region", "thematic_area", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import NewsPage

        pages = NewsPage.objects.live()
        if self.index_page is not None:
            pages = pages.child_of(self.index_page)
        years = [d.year for d in pages.dates("date", "year")]
        self.fields["year"].choices = _year_choices(years, _("All years"))

    def filter_extra(self, queryset, data):
        if data.get("tag"):
            queryset = queryset.filter(tags__slug=data["tag"])
        if data.get("year"):
            queryset = queryset.filter(date__year=data["year"])
        return queryset.distinct()


class ResourceFilterForm(ListingFilterForm):
    resource_type = forms.ChoiceField(label=_("Type"), required=False)
    language = ModelChoiceField(
        Language.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Language"),
        empty_label=_("All languages"),
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    field_order = ["resource_type", "target", "country", "region", "thematic_area", "language"]
    # Its own filters compare the resource's columns only.
    joins_many = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ResourcePage

        self.fields["resource_type"].choices = [
            ("", _("All types")),
            *ResourcePage.ResourceType.choices,
        ]
        pages = ResourcePage.objects.live()
        if self.index_page is not None:
            pages = pages.child_of(self.index_page)
        # The distinct years through the index on the year (a few dozen probes), not a
        # DISTINCT that reads every resource (make bench-listings).
        self.fields["year"].choices = _year_choices(distinct_values(pages, "year"), _("All years"))
        # Likewise the languages resources are in (through the key's index), as a subquery
        # of the one query that reads the languages.
        used = RawSQL(*distinct_values_sql(pages.model.objects.live(), "resource_language"))  # noqa: S611
        self.fields["language"].queryset = Language.objects.filter(pk__in=used)

    def filter_extra(self, queryset, data):
        if data.get("resource_type"):
            queryset = queryset.filter(resource_type=data["resource_type"])
        if data.get("language"):
            queryset = queryset.filter(resource_language=data["language"])
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        return queryset

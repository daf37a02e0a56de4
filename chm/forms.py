"""GET filter forms of the news and resource listings (their feeds reuse them); the shared
behaviour is ``chm.listings.ListingFilterForm``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Language

from .listings import ListingFilterForm


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
    language = forms.ModelChoiceField(
        Language.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Language"),
        empty_label=_("All languages"),
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    field_order = ["resource_type", "target", "country", "region", "thematic_area", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ResourcePage

        self.fields["resource_type"].choices = [
            ("", _("All types")),
            *ResourcePage.ResourceType.choices,
        ]
        pages = ResourcePage.objects.live().exclude(year=None)
        if self.index_page is not None:
            pages = pages.child_of(self.index_page)
        self.fields["year"].choices = _year_choices(
            pages.values_list("year", flat=True), _("All years")
        )
        used = pages.model.objects.live().values_list("resource_language", flat=True)
        self.fields["language"].queryset = Language.objects.filter(pk__in=used)

    def filter_extra(self, queryset, data):
        if data.get("resource_type"):
            queryset = queryset.filter(resource_type=data["resource_type"])
        if data.get("language"):
            queryset = queryset.filter(resource_language=data["language"])
        if data.get("year"):
            queryset = queryset.filter(year=data["year"])
        return queryset

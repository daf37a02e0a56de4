"""Cooperation's forms: the public listings' filters, and the member's forms."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelChoiceField
from chm.listings import ListingFilterForm
from taxonomy.models import Language

from .models import REQUEST_LISTED_STATES, AssistanceType, RequestStatus

# -- listing filters (public pages) ------------------------------------------------------------


class CooperationFilterForm(ListingFilterForm):
    """The shared taxonomy filters plus assistance type and language (the language a record
    is written in or the work can be done in). Invalid values are reported and ignored."""

    assistance_type = ModelChoiceField(
        AssistanceType.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Assistance type"),
        empty_label=_("All assistance types"),
    )
    language = ModelChoiceField(
        Language.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Language"),
        empty_label=_("All languages"),
    )

    def filter_extra(self, queryset, data):
        if data.get("assistance_type"):
            queryset = queryset.filter(assistance_types=data["assistance_type"])
        if data.get("language"):
            language = data["language"]
            queryset = queryset.filter(Q(working_languages=language) | Q(language=language))
        return queryset


def _listed_status_choices():
    labels = dict(RequestStatus.choices)
    return [("", _("All statuses"))] + [(state, labels[state]) for state in REQUEST_LISTED_STATES]


class RequestFilterForm(CooperationFilterForm):
    """Filters of the requests listing; status among the listed states only (a draft or a
    withdrawn request is not a choice, so nothing reveals whether any exist)."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=_listed_status_choices)

    field_order = [
        "target",
        "country",
        "region",
        "thematic_area",
        "assistance_type",
        "status",
        "language",
    ]

    def filter_extra(self, queryset, data):
        queryset = super().filter_extra(queryset, data)
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset


class OfferFilterForm(CooperationFilterForm):
    """Filters of the offers listing. Geography means eligibility: an offer is "for" a
    country it names, a region it names or contains the country, or anywhere when it names
    neither."""

    open_only = forms.BooleanField(
        label=_("Still accepting applications"),
        required=False,
        help_text=_("Hide offers whose application deadline has passed."),
    )

    field_order = [
        "target",
        "country",
        "region",
        "thematic_area",
        "assistance_type",
        "language",
        "open_only",
    ]

    def filter_classification(self, queryset, data):
        country, region = data.get("country"), data.get("region")
        anywhere = Q(countries__isnull=True, eligible_regions__isnull=True)
        if country:
            regions = [r for r in (country.region_id, country.subregion_id) if r]
            queryset = queryset.filter(
                Q(countries=country) | Q(eligible_regions__in=regions) | anywhere
            )
        if region:
            # Offers for the region, for one of its subregions or its countries, or anywhere.
            in_region = Q(eligible_regions=region) | Q(eligible_regions__parent=region)
            in_region |= Q(countries__region=region) | Q(countries__subregion=region)
            if region.parent_id:
                in_region |= Q(eligible_regions=region.parent_id)
            queryset = queryset.filter(in_region | anywhere)
        rest = {key: value for key, value in data.items() if key not in ("country", "region")}
        return super().filter_classification(queryset, rest)

    def filter_extra(self, queryset, data):
        queryset = super().filter_extra(queryset, data)
        if data.get("open_only"):
            today = timezone.localdate()
            queryset = queryset.filter(
                Q(application_deadline__isnull=True) | Q(application_deadline__gte=today)
            )
        return queryset

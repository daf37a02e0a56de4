"""Pages a reader (not an editor) sees across countries: the countries index, a country's
profile, the global summary per target, the countries × targets matrix and the choropleth map.

Published versions only (``profiles``); GET filters (``filters.ReportingFilterForm``) whose
wrong values are reported on the page and ignored, so no address gives a server error.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Country, Target

from . import maps, profiles
from .filters import ReportingFilterForm
from .models import Degree, ProgressLevel

# A page of the matrix stays under the 100 KB budget with every cell filled (tested).
MATRIX_ROWS_PER_PAGE = 20


def _filter_form(request, fields):
    return ReportingFilterForm(request.GET or None, fields=fields)


def _export_links(form, datasets):
    """Links to the exports of ``datasets`` with the page's valid filters."""
    query = urlencode(form.query())
    links = []
    for dataset, label in datasets:
        for fmt in ("csv", "xlsx"):
            url = reverse("reporting:export", kwargs={"dataset": dataset, "fmt": fmt})
            links.append(
                {"label": label, "format": fmt.upper(), "url": f"{url}?{query}" if query else url}
            )
    return links


DATASET_LABELS = {
    "national-targets": _("National targets"),
    "alignments": _("Alignments with the global targets"),
    "indicator-data": _("Indicator data"),
    "progress": _("Progress towards the global targets"),
}


def countries(request):
    """Every country by region: NBSAP, number of national targets, latest report."""
    form = _filter_form(request, ["region"])
    region = form.values.get("region")
    summaries = profiles.country_summaries(region)
    return render(
        request,
        "reporting/country_index.html",
        {
            "filter_form": form,
            "groups": profiles.group_by_region(summaries),
            "region": region,
            "reporting_count": sum(1 for s in summaries if s.target_count or s.latest_report),
        },
    )


def country(request, code):
    """A country's profile (``code``: ISO 3166-1 alpha-2, any case)."""
    if len(code) != 2:
        raise Http404
    found = Country.objects.select_related("region", "subregion").filter(code__iexact=code).first()
    if found is None:
        raise Http404
    profile = profiles.country_profile(found, request.user, request)
    form = ReportingFilterForm({"country": found.code}, fields=["country"])
    return render(
        request,
        "reporting/country_profile.html",
        {
            "country": found,
            "profile": profile,
            "export_links": _export_links(form, DATASET_LABELS.items()),
            "json_ld": _country_json_ld(request, found),
        },
    )


def _country_json_ld(request, country):
    place = {
        "@context": "https://schema.org",
        "@type": "Country",
        "name": country.name,
        "identifier": country.code,
        "url": request.build_absolute_uri(request.path),
    }
    if country.region_id:
        place["containedInPlace"] = {
            "@type": "Place",
            "name": country.region.title,
            "identifier": country.region.identifier,
        }
    return place


def global_summary(request):
    """Per global target: countries with aligned national targets by degree, and reported
    progress by level."""
    form = _filter_form(request, ["region", "section"])
    values = form.values
    summaries = profiles.target_summaries(values.get("region"), values.get("section"))
    return render(
        request,
        "reporting/global_summary.html",
        {
            "filter_form": form,
            "summaries": summaries,
            "degrees": list(Degree),
            "levels": list(ProgressLevel),
            "export_links": _export_links(form, DATASET_LABELS.items()),
        },
    )


def global_matrix(request):
    """Countries × targets, each cell the strongest degree and the latest level, linking to
    the country's profile at that target."""
    form = _filter_form(request, ["region", "section"])
    values = form.values
    targets, rows = profiles.matrix(values.get("region"), values.get("section"))
    page = Paginator(rows, MATRIX_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/global_matrix.html",
        {
            "filter_form": form,
            "targets": targets,
            "page_obj": page,
            "rows": page.object_list,
            "degrees": list(Degree),
            "levels": list(ProgressLevel),
            "export_links": _export_links(
                form,
                [
                    ("alignments", DATASET_LABELS["alignments"]),
                    ("progress", DATASET_LABELS["progress"]),
                ],
            ),
        },
    )


def global_map(request):
    """A choropleth of one target and one measure, with its legend and the same data as a
    table."""
    form = _filter_form(request, ["target", "measure", "region"])
    values = form.values
    target = values.get("target") or Target.objects.order_by("number").first()
    if target is None:
        raise Http404
    measure = values.get("measure") or "alignment"
    entries = profiles.map_values(target, measure, values.get("region"))
    drawing = maps.choropleth(entries, measure)
    dataset = "progress" if measure == "progress" else "alignments"
    export_form = ReportingFilterForm(
        {
            "target": target.number,
            "region": values["region"].identifier if values.get("region") else "",
        },
        fields=["target", "region"],
    )
    return render(
        request,
        "reporting/global_map.html",
        {
            "filter_form": form,
            "target": target,
            "measure": measure,
            "map": drawing,
            "entries": [entry for entry in entries if entry.value],
            "without_data": sum(1 for entry in entries if not entry.value),
            "degrees": Degree.choices,
            "levels": ProgressLevel.choices,
            "export_links": _export_links(export_form, [(dataset, DATASET_LABELS[dataset])]),
        },
    )

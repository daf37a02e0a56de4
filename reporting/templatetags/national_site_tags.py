"""What a national clearing-house site's home page shows of its country, from the shared
database: ``{% load national_site_tags %}``.

- ``{% national_reporting country %}``: the country's published NBSAP, national targets (with
  the global targets each aligns to) and latest national report, read from
  ``reporting.models`` (``published().for_country(country)``): drafts and submitted versions
  never show, only what a reviewer published.
- ``{% country_records country %}``: the country's other public records, every type in the
  record registry that is classified by country (news, events, partners, experts, requests,
  offers…), each type through its serializer's ``queryset(user)``, so what the visitor may not
  see is not there.

Links go to the central portal (``BASE_URL``), where the records live; a page of the national
site itself keeps the national site's address (``exchange.links``).
"""

from collections import Counter

from django import template
from django.db.models import Prefetch, Q

from exchange.links import absolute_url
from exchange.serializers import all_serializers

from ..models import NBSAP, NationalReport, NationalTarget, ProgressLevel, TargetAlignment

register = template.Library()

RECORDS_PER_TYPE = 5
REPORTING_TYPES = {"nbsap", "national-target", "indicator-data", "national-report"}


def central_url(record):
    """A reporting record's page on the central portal, in the reader's language."""
    return absolute_url(record.get_absolute_url())


def _item(record, field="title"):
    title, language = record.localized(field)
    return {"record": record, "title": title, "language": language, "url": central_url(record)}


@register.inclusion_tag("reporting/includes/national_reporting.html", takes_context=True)
def national_reporting(context, country):
    """The country's published NBSAPs (newest period first), national targets and latest
    report, with links to them on the central portal."""
    nbsaps = list(NBSAP.objects.published().for_country(country).order_by("-start_date", "-pk"))
    targets = list(
        NationalTarget.objects.published()
        .for_country(country)
        .select_related("language")
        .prefetch_related(
            Prefetch(
                "alignments",
                queryset=TargetAlignment.objects.select_related("target").order_by(
                    "target__number"
                ),
            )
        )
        .order_by("sequence", "pk")
    )
    report = (
        NationalReport.objects.published()
        .for_country(country)
        .select_related("language")
        .prefetch_related("progress")
        .order_by("-cycle", "-submitted_on", "-pk")
        .first()
    )
    progress = []
    if report is not None:
        counts = Counter(row.level for row in report.progress.all())
        progress = [
            (level.label, counts[level.value]) for level in ProgressLevel if counts[level.value]
        ]
    return {
        "country": country,
        "nbsaps": [_item(record) for record in nbsaps],
        "targets": [_item(record) for record in targets],
        "report": _item(report) if report is not None else None,
        "progress": progress,
        "request": context.get("request"),
    }


def _country_filter(model, country):
    """``Q`` matching records classified with ``country`` (their ``countries``) or based in
    it (a ``country`` field); None for a type with neither."""
    names = {field.name for field in model._meta.get_fields()}
    condition = Q()
    if "countries" in names:
        condition |= Q(countries=country)
    if "country" in names:
        condition |= Q(country=country)
    return condition or None


def _language(record):
    if hasattr(record, "record_language"):
        return record.record_language
    language = getattr(record, "language", None)
    code = getattr(language, "code", None)
    if code:
        return code
    locale = getattr(record, "locale", None)
    return getattr(locale, "language_code", None)


@register.inclusion_tag("reporting/includes/country_records.html", takes_context=True)
def country_records(context, country, per_type=RECORDS_PER_TYPE):
    """The country's public records of every other type in the registry, a few of each
    (newest first), with a link to all of them on the central portal. The current site's own
    pages are left out: its home page lists them already."""
    from wagtail.models import Site

    request = context.get("request")
    user = getattr(request, "user", None)
    site = Site.find_for_request(request) if request is not None else None
    sections = []
    for serializer in all_serializers():
        if serializer.record_type in REPORTING_TYPES:
            continue
        condition = _country_filter(serializer.model, country)
        if condition is None:
            continue
        queryset = serializer.queryset(user)
        queryset = queryset.filter(pk__in=serializer.model.objects.filter(condition).values("pk"))
        if site is not None and hasattr(queryset, "not_descendant_of"):
            # The site's own pages (its news) are on its home page already.
            queryset = queryset.not_descendant_of(site.root_page, inclusive=True)
        records = list(queryset.order_by("-pk")[: per_type + 1])
        if not records:
            continue
        sections.append(
            {
                "type": serializer.record_type,
                "label": serializer.label,
                "items": [
                    {
                        "title": serializer.get_title(record),
                        "language": _language(record),
                        "url": serializer.get_url(record),
                    }
                    for record in records[:per_type]
                ],
                "more_url": absolute_url(serializer.listing_url(country=country))
                if len(records) > per_type
                else None,
            }
        )
    return {
        "country": country,
        "sections": sections,
        "all_url": absolute_url(_search_url(country)),
        "request": request,
    }


def _search_url(country):
    from exchange.serializers import search_url

    return search_url(country=country)

"""What a reader sees of the reporting records across countries: the queries behind the
countries index, a country's profile, the global views (summary, matrix, map) and the exports.

Only *published* versions appear here (``.published()``: the columns and child rows of a live
record hold its published version), whoever is reading: a focal point's draft stays in the
country's workspace. Other record types (partners, experts, events, news, requests, offers) are
read only through the record registry (``exchange.serializers``), each type's
``queryset(user)`` deciding what the reader may see, as the framework's target pages do.

Every function runs a fixed number of queries whatever the number of records: aggregates are
grouped in the database, child rows are prefetched, and nothing queries per country or target.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from exchange.groups import m2m_field, record_groups
from exchange.serializers import all_serializers
from taxonomy.models import Country, Region, Target

from .models import (
    NBSAP,
    PROGRESS_ORDER,
    DataSeries,
    Degree,
    NationalReport,
    NationalTarget,
    ProgressLevel,
    ReferencePeriod,
    TargetAlignment,
    TargetMapping,
    TargetProgress,
)

# Strongest first: a country's alignment with a target is its strongest national target's.
DEGREE_ORDER = [degree.value for degree in Degree]
DEGREE_RANK = {degree: rank for rank, degree in enumerate(DEGREE_ORDER)}

# The other record types a country profile shows, in this order, when they are registered.
PROFILE_RECORD_TYPES = ("partner", "expert", "event", "news", "request", "offer")
LATEST_PER_TYPE = 3
LATEST_FIELDS = ("date", "start", "first_published_at", "published_at", "created_at")


# --- Regions and countries -------------------------------------------------------------------


def regions():
    """The UN M49 regions with their subregions, for the region filters."""
    return Region.objects.filter(level__in=["region", "subregion"]).order_by("level", "title")


def countries_in(region=None):
    """Countries (with their regions), optionally those of one region or subregion."""
    queryset = Country.objects.select_related("region", "subregion").order_by("name")
    if region is not None:
        field_name = "region" if region.level == "region" else "subregion"
        queryset = queryset.filter(**{field_name: region})
    return queryset


def latest_reports(country_ids=None):
    """``{country_id: its latest published national report}`` (highest cycle, then date).

    One query; a country has a handful of reports at most.
    """
    queryset = NationalReport.objects.published().order_by(
        "country_id", "-cycle", "-submitted_on", "-pk"
    )
    if country_ids is not None:
        queryset = queryset.filter(country_id__in=country_ids)
    latest = {}
    for report in queryset.only("pk", "uuid", "title", "cycle", "submitted_on", "country_id"):
        latest.setdefault(report.country_id, report)
    return latest


@dataclass
class CountrySummary:
    country: Country
    has_nbsap: bool
    target_count: int
    latest_report: NationalReport | None


def country_summaries(region=None):
    """Every country (of ``region``), with whether it has a published NBSAP, how many
    published national targets and its latest published report: four queries."""
    countries = list(countries_in(region))
    ids = [country.pk for country in countries] if region is not None else None
    nbsaps = NBSAP.objects.published()
    targets = NationalTarget.objects.published()
    if ids is not None:
        nbsaps, targets = nbsaps.filter(country_id__in=ids), targets.filter(country_id__in=ids)
    with_nbsap = set(nbsaps.values_list("country_id", flat=True))
    target_counts = dict(
        targets.order_by()
        .values("country_id")
        .annotate(n=Count("pk"))
        .values_list("country_id", "n")
    )
    reports = latest_reports(ids)
    return [
        CountrySummary(
            country=country,
            has_nbsap=country.pk in with_nbsap,
            target_count=target_counts.get(country.pk, 0),
            latest_report=reports.get(country.pk),
        )
        for country in countries
    ]


def group_by_region(summaries):
    """``[(region, [summary, …]), …]`` in region order (Africa, Americas, …)."""
    grouped = defaultdict(list)
    for summary in summaries:
        grouped[summary.country.region].append(summary)
    return sorted(grouped.items(), key=lambda item: item[0].title)


# --- Alignment and progress across countries -------------------------------------------------


def strongest(degrees):
    """The strongest of some degrees of alignment (None if there are none)."""
    known = [degree for degree in degrees if degree in DEGREE_RANK]
    return min(known, key=DEGREE_RANK.__getitem__) if known else None


def alignment_by_cell(country_ids=None, target_ids=None):
    """``{(country_id, target_id): strongest degree}`` over published national targets."""
    rows = TargetAlignment.objects.filter(national_target__live=True)
    if country_ids is not None:
        rows = rows.filter(national_target__country_id__in=country_ids)
    if target_ids is not None:
        rows = rows.filter(target_id__in=target_ids)
    cells = defaultdict(list)
    for country_id, target_id, degree in (
        rows.order_by().values_list("national_target__country_id", "target_id", "degree").distinct()
    ):
        cells[(country_id, target_id)].append(degree)
    return {key: strongest(degrees) for key, degrees in cells.items()}


def progress_by_cell(country_ids=None, target_ids=None):
    """``{(country_id, target_id): level}`` from each country's latest published report."""
    reports = latest_reports(country_ids)
    rows = TargetProgress.objects.filter(report_id__in=[r.pk for r in reports.values()])
    if target_ids is not None:
        rows = rows.filter(target_id__in=target_ids)
    return {
        (country_id, target_id): level
        for country_id, target_id, level in rows.order_by().values_list(
            "report__country_id", "target_id", "level"
        )
    }


@dataclass
class TargetSummary:
    """One global target across countries: how many align with it, by strongest degree, and
    how many reported each level of progress in their latest report."""

    target: Target
    degrees: dict
    levels: dict

    @property
    def aligned(self):
        return sum(self.degrees.values())

    @property
    def reported(self):
        return sum(self.levels.values())

    def degree_counts(self):
        return [(degree, self.degrees.get(degree.value, 0)) for degree in Degree]

    def level_counts(self):
        return [(level, self.levels.get(level.value, 0)) for level in ProgressLevel]


def target_summaries(region=None, section=None):
    """Per global target (of ``section``), countries (of ``region``) by degree and by level."""
    targets = list(Target.objects.order_by("number"))
    if section:
        targets = [target for target in targets if target.section == section]
    country_ids = None
    if region is not None:
        country_ids = list(countries_in(region).values_list("pk", flat=True))
    target_ids = [target.pk for target in targets]
    degrees = defaultdict(Counter)
    for (_country, target_id), degree in alignment_by_cell(country_ids, target_ids).items():
        degrees[target_id][degree] += 1
    levels = defaultdict(Counter)
    for (_country, target_id), level in progress_by_cell(country_ids, target_ids).items():
        levels[target_id][level] += 1
    return [
        TargetSummary(target=target, degrees=degrees[target.pk], levels=levels[target.pk])
        for target in targets
    ]


@dataclass
class Cell:
    country: Country
    target: Target
    degree: str | None
    level: str | None

    @property
    def empty(self):
        return self.degree is None and self.level is None


@dataclass
class MatrixRow:
    country: Country
    cells: list


def matrix(region=None, section=None):
    """Countries × targets: the rows of the countries (of ``region``) that published national
    targets or a report, each cell with the strongest degree and the latest level."""
    targets = list(Target.objects.order_by("number"))
    if section:
        targets = [target for target in targets if target.section == section]
    countries = countries_in(region)
    country_ids = list(countries.values_list("pk", flat=True)) if region is not None else None
    target_ids = [target.pk for target in targets]
    degrees = alignment_by_cell(country_ids, target_ids)
    levels = progress_by_cell(country_ids, target_ids)
    with_data = {country_id for country_id, _target in degrees} | {
        country_id for country_id, _target in levels
    }
    rows = []
    for country in countries.filter(pk__in=with_data):
        cells = [
            Cell(
                country=country,
                target=target,
                degree=degrees.get((country.pk, target.pk)),
                level=levels.get((country.pk, target.pk)),
            )
            for target in targets
        ]
        rows.append(MatrixRow(country=country, cells=cells))
    return targets, rows


MEASURES = ("alignment", "progress")


@dataclass
class MapEntry:
    country: Country
    value: str | None  # a degree or a level, None: nothing published


def map_values(target, measure, region=None):
    """Every country (of ``region``) with its value for one target: the strongest degree of
    alignment, or the level of progress in its latest report."""
    countries = list(countries_in(region))
    ids = [country.pk for country in countries] if region is not None else None
    if measure == "progress":
        values = progress_by_cell(ids, [target.pk])
    else:
        values = alignment_by_cell(ids, [target.pk])
    return [MapEntry(country=c, value=values.get((c.pk, target.pk))) for c in countries]


def value_order(measure):
    return PROGRESS_ORDER if measure == "progress" else DEGREE_ORDER


def national_alignment(target):
    """How many countries aligned published national targets with ``target``, by strongest
    degree (for the framework's target page): ``{"high": 3, …}``."""
    counts = Counter(alignment_by_cell(target_ids=[target.pk]).values())
    return {degree.value: counts.get(degree.value, 0) for degree in Degree}


# --- A country's profile ---------------------------------------------------------------------


@dataclass
class TargetGroup:
    """The country's published national targets aligned with one global target (``target``
    None: those aligned with none), each with its degree."""

    target: Target | None
    items: list = field(default_factory=list)  # [(national_target, degree or None)]


@dataclass
class Profile:
    country: Country
    nbsap: NBSAP | None
    target_groups: list
    target_count: int
    series: list
    report: NationalReport | None
    records: list
    mappings: list = field(default_factory=list)  # TargetMapping, each with .text/.text_language


def profile_serializers():
    """The registered types a profile lists, classified by country, in a fixed order."""
    by_type = {serializer.record_type: serializer for serializer in all_serializers()}
    return [
        by_type[name]
        for name in PROFILE_RECORD_TYPES
        if name in by_type and m2m_field(by_type[name].model, "countries") is not None
    ]


def country_records(country, user=None, request=None):
    """The country's other records through the registry: per type a count and the newest few
    (two queries a type, whatever the number of records)."""
    return record_groups(
        profile_serializers(),
        {"countries": country},
        {"country": country},
        user=user,
        request=request,
        per_type=LATEST_PER_TYPE,
        latest_fields=LATEST_FIELDS,
    )


def target_mappings(country):
    """How the country's national targets cover each global goal or target (harvested from the
    CBD's nationalTarget7Mapping), the text in the reader's language where the record has it."""
    mappings = list(
        TargetMapping.objects.filter(country=country)
        .select_related("goal", "target", "language")
        .prefetch_related(
            Prefetch(
                "reference_periods",
                queryset=ReferencePeriod.objects.select_related("headline_indicator"),
            )
        )
        .order_by("goal__identifier", "target__number")
    )
    for mapping in mappings:
        mapping.text, mapping.text_language = mapping.localized("elements_covered")
    return mappings


def country_profile(country, user=None, request=None):
    """Everything a country's profile shows, published versions only."""
    nbsap = (
        NBSAP.objects.published()
        .for_country(country)
        .prefetch_related("documents", "languages")
        .order_by("-start_date", "-pk")
        .first()
    )
    targets = list(
        NationalTarget.objects.published()
        .for_country(country)
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
    by_target = {}
    unaligned = TargetGroup(target=None)
    for national_target in targets:
        alignments = list(national_target.alignments.all())
        if not alignments:
            unaligned.items.append((national_target, None))
        for alignment in alignments:
            group = by_target.setdefault(alignment.target_id, TargetGroup(target=alignment.target))
            group.items.append((national_target, alignment.degree))
    target_groups = sorted(by_target.values(), key=lambda group: group.target.number)
    if unaligned.items:
        target_groups.append(unaligned)
    series = list(
        DataSeries.objects.published()
        .for_country(country)
        .select_related("headline_indicator")
        .prefetch_related("points")
        .order_by("headline_indicator__sort_key", "title", "pk")
    )
    report = (
        NationalReport.objects.published()
        .for_country(country)
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=TargetProgress.objects.select_related("target").order_by("target__number"),
            )
        )
        .order_by("-cycle", "-submitted_on", "-pk")
        .first()
    )
    return Profile(
        mappings=target_mappings(country),
        country=country,
        nbsap=nbsap,
        target_groups=target_groups,
        target_count=len(targets),
        series=series,
        report=report,
        records=country_records(country, user, request),
    )

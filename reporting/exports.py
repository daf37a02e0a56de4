"""Exports of the published reporting data as CSV (streamed) and XLSX (openpyxl).

Four datasets: ``national-targets`` (one row per national target), ``alignments`` (one row per
national target and global target it aligns with), ``indicator-data`` (one row per data point)
and ``progress`` (one row per global target assessed in a national report). They take the
pages' GET filters (``region``, ``country``, ``target``, ``degree``, ``level``); a wrong value
is a 400 that says which, never a partial or a server error.

Columns carry the CBD Online Reporting Tool's field names where the field exists
(``government``, ``globalTargetAlignment``, ``degreeOfAlignment``, ``headlineIndicators``…),
each coded value followed by a readable label in the reader's language (``governmentName``,
``degreeOfAlignmentLabel``). Only published versions are exported.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula:
every text cell starting so (or with a tab or carriage return) is prefixed with ``'``.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from chm.markdown import markdown_to_text

from .filters import ReportingFilterForm
from .models import (
    DataPoint,
    NationalTarget,
    TargetAlignment,
    TargetProgress,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def guard(value):
    """A cell's value made safe for spreadsheets: text that a spreadsheet would run as a
    formula gets a leading apostrophe; numbers, booleans and empty cells pass as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _decimal(value):
    """A stored value without the column's trailing zeros: 12.500000 is 12.5, 10.000000 is 10."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _plain(markdown):
    return " ".join(markdown_to_text(markdown or "").split())


def _country_filter(data, prefix):
    q = Q()
    if data.get("country"):
        q &= Q(**{f"{prefix}country": data["country"]})
    if data.get("region"):
        region = data["region"]
        field_name = "region" if region.level == "region" else "subregion"
        q &= Q(**{f"{prefix}country__{field_name}": region})
    return q


def _government(country):
    # The CBD names a government by its lowercase ISO code ({"identifier": "ke"}).
    return [country.code.lower(), country.label]


@dataclass
class Dataset:
    name: str
    filters: tuple
    columns: tuple

    def rows(self, data):
        raise NotImplementedError


class NationalTargets(Dataset):
    def rows(self, data):
        queryset = (
            NationalTarget.objects.published()
            .filter(_country_filter(data, ""))
            .select_related("country")
            .prefetch_related(
                Prefetch(
                    "alignments",
                    queryset=TargetAlignment.objects.select_related("target").order_by(
                        "target__number"
                    ),
                ),
                "global_goals",
                "headline_indicators",
            )
            .order_by("country__name", "sequence", "pk")
        )
        alignment = Q()
        if data.get("target"):
            alignment &= Q(alignments__target=data["target"])
        if data.get("degree"):
            alignment &= Q(alignments__degree=data["degree"])
        if alignment:
            queryset = queryset.filter(pk__in=NationalTarget.objects.filter(alignment).values("pk"))
        for record in queryset.iterator(chunk_size=CHUNK):
            alignments = list(record.alignments.all())
            yield [
                record.cbd_identifier or str(record.uuid).upper(),
                *_government(record.country),
                record.sequence,
                record.title,
                _plain(record.description),
                ";".join(goal.identifier for goal in record.global_goals.all()),
                ";".join(f"{a.target.identifier}:{a.degree}" for a in alignments),
                "; ".join(f"{a.target.number}: {a.get_degree_display()}" for a in alignments),
                ";".join(indicator.code for indicator in record.headline_indicators.all()),
                ";".join(record.component_indicators),
                ";".join(record.complementary_indicators),
                ";".join(record.binary_indicators),
                record.has_non_state_actors,
                record.last_published_at.date().isoformat() if record.last_published_at else "",
            ]


class Alignments(Dataset):
    def rows(self, data):
        queryset = (
            TargetAlignment.objects.filter(national_target__live=True)
            .filter(_country_filter(data, "national_target__"))
            .select_related("national_target__country", "target")
            .order_by(
                "national_target__country__name", "national_target__sequence", "target__number"
            )
        )
        if data.get("target"):
            queryset = queryset.filter(target=data["target"])
        if data.get("degree"):
            queryset = queryset.filter(degree=data["degree"])
        for alignment in queryset.iterator(chunk_size=CHUNK):
            national_target = alignment.national_target
            yield [
                *_government(national_target.country),
                national_target.cbd_identifier or str(national_target.uuid).upper(),
                national_target.sequence,
                national_target.title,
                alignment.target.identifier,
                alignment.target.number,
                alignment.target.label,
                alignment.degree,
                alignment.get_degree_display(),
            ]


class IndicatorData(Dataset):
    def rows(self, data):
        queryset = (
            DataPoint.objects.filter(series__live=True)
            .filter(_country_filter(data, "series__"))
            .select_related("series__country", "series__headline_indicator")
            .order_by(
                "series__country__name", "series__title", "series_id", "disaggregation", "year"
            )
        )
        if data.get("target"):
            queryset = queryset.filter(series__headline_indicator__targets=data["target"])
        for point in queryset.iterator(chunk_size=CHUNK):
            series = point.series
            yield [
                *_government(series.country),
                series.cbd_identifier or str(series.uuid).upper(),
                series.title,
                series.headline_indicator.code if series.headline_indicator_id else "",
                series.indicator_label,
                series.unit,
                point.year,
                _decimal(point.value),
                point.disaggregation,
                series.source,
                point.note,
            ]


class Progress(Dataset):
    def rows(self, data):
        queryset = (
            TargetProgress.objects.filter(report__live=True)
            .filter(_country_filter(data, "report__"))
            .select_related("report__country", "target")
            .order_by("report__country__name", "-report__cycle", "target__number")
        )
        if data.get("target"):
            queryset = queryset.filter(target=data["target"])
        if data.get("level"):
            queryset = queryset.filter(level=data["level"])
        for progress in queryset.iterator(chunk_size=CHUNK):
            report = progress.report
            yield [
                *_government(report.country),
                report.cbd_identifier or str(report.uuid).upper(),
                report.title,
                report.cycle,
                report.submitted_on.isoformat() if report.submitted_on else "",
                progress.target.identifier,
                progress.target.number,
                progress.target.label,
                progress.level,
                progress.get_level_display(),
                _plain(progress.narrative),
            ]


GOVERNMENT = ("government", "governmentName")

DATASETS = {
    "national-targets": NationalTargets(
        "national-targets",
        ("region", "country", "target", "degree"),
        (
            "identifier",
            *GOVERNMENT,
            "sequence",
            "title",
            "description",
            "globalGoalAlignment",
            "globalTargetAlignment",
            "globalTargetAlignmentLabel",
            "headlineIndicators",
            "componentIndicators",
            "complementaryIndicators",
            "binaryIndicators",
            "hasNonStateActors",
            "publishedOn",
        ),
    ),
    "alignments": Alignments(
        "alignments",
        ("region", "country", "target", "degree"),
        (
            *GOVERNMENT,
            "nationalTarget",
            "nationalTargetSequence",
            "nationalTargetTitle",
            "globalTargetAlignment",
            "globalTargetNumber",
            "globalTargetTitle",
            "degreeOfAlignment",
            "degreeOfAlignmentLabel",
        ),
    ),
    "indicator-data": IndicatorData(
        "indicator-data",
        ("region", "country", "target"),
        (
            *GOVERNMENT,
            "dataSeries",
            "title",
            "headlineIndicator",
            "indicatorLabel",
            "unit",
            "year",
            "value",
            "disaggregation",
            "source",
            "note",
        ),
    ),
    "progress": Progress(
        "progress",
        ("region", "country", "target", "level"),
        (
            *GOVERNMENT,
            "nationalReport",
            "reportTitle",
            "reportNumber",
            "reportDate",
            "globalTarget",
            "globalTargetNumber",
            "globalTargetTitle",
            "progressLevel",
            "progressLevelLabel",
            "narrative",
        ),
    ),
}


class _Echo:
    """A file-like object whose write returns the line (Django's streaming CSV recipe)."""

    def write(self, value):
        return value


def _csv_response(dataset, rows):
    writer = csv.writer(_Echo())
    # The rows are written after the view returns: keep the reader's language for the labels.
    language = translation.get_language()

    def lines():
        with translation.override(language):
            yield "\ufeff"  # so spreadsheet programs read UTF-8 (Arabic, Chinese…)
            yield writer.writerow(dataset.columns)
            for row in rows:
                yield writer.writerow([guard(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.csv"'
    return response


def _xlsx_response(dataset, rows):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value):
        value = guard(value)
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.name[:31])
    sheet.append(list(dataset.columns))
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.xlsx"'
    return response


def export(request, dataset, fmt):
    """``/reporting/export/<dataset>.<csv|xlsx>?region=…&country=…&target=…``."""
    found = DATASETS.get(dataset)
    if found is None or fmt not in ("csv", "xlsx"):
        raise Http404
    form = ReportingFilterForm(request.GET, fields=found.filters)
    if not form.is_valid():
        problems = "\n".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        return HttpResponseBadRequest(
            _("These filters are not valid; nothing was exported.") + "\n" + problems,
            content_type="text/plain; charset=utf-8",
        )
    data = {name: value for name, value in form.cleaned_data.items() if value}
    rows = found.rows(data)
    if fmt == "csv":
        return _csv_response(found, rows)
    return _xlsx_response(found, rows)

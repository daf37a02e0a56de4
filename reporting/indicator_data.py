"""Indicator data from a CSV file: parsing with row-by-row errors, then one import.

A focal point's spreadsheet becomes data series of one country in two steps:

``parse(raw, country)``
    reads the bytes (UTF-8, with or without a byte-order mark; comma or semicolon separated;
    at most ``MAX_BYTES`` and ``MAX_ROWS``), checks every row and returns a ``Parsed``: the
    rows grouped into series per (indicator, unit), and every error with its line, its column
    and why. Nothing is written.
``plan(parsed)``
    matches each group with the country's existing series (same indicator, same unit) and
    says what an import would do: create a series, add or change points of one, or nothing.
``run(user, plan)``
    writes the plan in one transaction through ``services.create`` and
    ``services.save_changes`` only: existing series get a new revision (back to draft, to be
    reviewed again), new ones are drafts. The view refuses to run a plan from a file with any
    error, so a file is imported whole or not at all.

The column names are documented on the upload page and in the template file
(``TEMPLATE_ROWS``). A decimal comma (``12,5``) is read only in a file separated by
semicolons, where it is the spreadsheet convention; in a comma-separated file a value must use
a point. Values are rounded to six decimal places, the precision the database keeps.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taxonomy.models import HeadlineIndicator

from . import permissions, services
from .models import DataPoint, DataSeries, NationalIndicator, NationalTarget

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
MAX_ERRORS_SHOWN = 200
YEAR_RANGE = (1900, 2100)
# DataPoint.value: 20 digits, 6 of them after the point.
MAX_INTEGER_DIGITS = 14
DECIMAL_PLACES = Decimal("0.000001")

REQUIRED_COLUMNS = ("indicator", "year", "value", "unit")
OPTIONAL_COLUMNS = ("disaggregation", "source", "note")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
LIMITS = {"unit": 60, "disaggregation": 120, "source": 500, "note": 500, "indicator": 500}

# What each column holds, for the upload page.
COLUMN_HELP = {
    "indicator": gettext_lazy(
        "A headline indicator's code (3.1 or GBF-INDICATOR-3.1), or the name of a national "
        "indicator of one of the country's national targets."
    ),
    "year": gettext_lazy("A year from 1900 to 2100."),
    "value": gettext_lazy(
        "A number, with a point as decimal separator (12.5); no thousands separators. In a file "
        "separated by semicolons, a decimal comma (12,5) is also read."
    ),
    "unit": gettext_lazy("The unit of the value, e.g. %, km², tonnes."),
    "disaggregation": gettext_lazy("Optional: e.g. female, urban, marine; empty for the total."),
    "source": gettext_lazy("Optional: where the data come from (one source per series)."),
    "note": gettext_lazy("Optional: a note on this value."),
}

TEMPLATE_ROWS = [
    ["indicator", "year", "value", "unit", "disaggregation", "source", "note"],
    ["3.1", "2020", "12.5", "%", "", "National protected areas database", ""],
    ["3.1", "2021", "13.1", "%", "", "National protected areas database", "Provisional"],
    ["3.1", "2021", "9.4", "%", "marine", "National protected areas database", ""],
]


@dataclass
class RowError:
    """One problem: its line in the file (1 is the header), the column, why, and the row."""

    line: int
    column: str
    message: str
    row: str = ""


@dataclass
class Group:
    """The rows of one series: an indicator and a unit."""

    headline: HeadlineIndicator | None
    national_title: str
    national_identifier: object
    unit: str
    source: str = ""
    source_line: int = 0
    points: dict = field(default_factory=dict)  # (year, disaggregation) -> (value, note, line)

    @property
    def key(self):
        indicator = self.headline.code if self.headline else self.national_title.casefold()
        return (indicator, self.unit)

    @property
    def label(self):
        return str(self.headline) if self.headline else self.national_title


@dataclass
class Parsed:
    country: object
    groups: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self):
        return not self.errors and bool(self.groups)

    @property
    def shown_errors(self):
        return self.errors[:MAX_ERRORS_SHOWN]

    @property
    def more_errors(self):
        return max(0, len(self.errors) - MAX_ERRORS_SHOWN)


class FileProblem(Exception):
    """The file as a whole cannot be read (``str(error)`` says why, translated)."""


def decode(raw):
    """The file's text, or ``FileProblem``: too large, empty, binary, or not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not raw.strip():
        raise FileProblem(_("The file is empty."))
    if b"\x00" in raw[:4096]:
        raise FileProblem(
            _(
                "This is not a CSV text file (it looks like a spreadsheet or another binary "
                "file). Save it as “CSV UTF-8” and upload that."
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FileProblem(
            _(
                "The file is not in UTF-8 (line %(line)s has a character in another encoding). "
                "Save it as “CSV UTF-8” and upload it again."
            )
            % {"line": line}
        ) from None
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    return text


def _delimiter(header_line):
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _clean_header(cells):
    return [cell.strip().lstrip("\ufeff").strip().casefold() for cell in cells]


class _Indicators:
    """Resolves what a row names in its ``indicator`` column, for one country."""

    def __init__(self, country):
        self.headline = {i.code.upper(): i for i in HeadlineIndicator.objects.all()}
        self.national = {}
        targets = NationalTarget.objects.filter(country=country)
        for indicator in NationalIndicator.objects.filter(national_target__in=targets):
            self.national.setdefault(
                " ".join(indicator.title.split()).casefold(),
                (indicator.title, indicator.identifier),
            )
        for title, identifier in (
            DataSeries.objects.filter(country=country, headline_indicator__isnull=True)
            .exclude(national_indicator_title="")
            .values_list("national_indicator_title", "national_indicator")
        ):
            self.national.setdefault(" ".join(title.split()).casefold(), (title, identifier))

    def resolve(self, text):
        """``(headline, national_title, national_identifier)`` or ``None``."""
        code = text.strip().upper()
        for prefix in ("GBF-INDICATOR-", "KMGBF-INDICATOR-"):
            if code.startswith(prefix):
                code = code[len(prefix) :]
                break
        if code in self.headline:
            return self.headline[code], "", None
        found = self.national.get(" ".join(text.split()).casefold())
        if found:
            return None, found[0], found[1]
        return None


def parse_value(text, delimiter):
    """A ``Decimal`` rounded to six places, or a ``ValueError`` saying why."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError(_("The value is missing."))
    if "," in text:
        if delimiter == ";" and text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        else:
            raise ValueError(
                _(
                    "“%(value)s” is not a number: use a point as the decimal separator and no "
                    "thousands separators (12.5, 1250)."
                )
                % {"value": text}
            )
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text[:40]}) from None
    if not value.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text[:40]})
    if value.adjusted() < MAX_INTEGER_DIGITS:
        value = value.quantize(DECIMAL_PLACES, rounding=ROUND_HALF_EVEN) + 0
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValueError(
            _("The value is too large (at most %(digits)s digits before the decimal point).")
            % {"digits": MAX_INTEGER_DIGITS}
        )
    return value


def parse_year(text):
    text = text.strip()
    if not text:
        raise ValueError(_("The year is missing."))
    if not text.isdigit() or not text.isascii():
        raise ValueError(_("“%(year)s” is not a year (write it as 2021).") % {"year": text[:40]})
    year = int(text)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError(
            _("The year %(year)s is outside %(first)s–%(last)s.")
            % {"year": year, "first": YEAR_RANGE[0], "last": YEAR_RANGE[1]}
        )
    return year


def parse(raw, country):
    """Read and check a CSV file (bytes) for ``country``; see the module's docstring."""
    parsed = Parsed(country=country)
    try:
        text = decode(raw)
    except FileProblem as problem:
        parsed.errors.append(RowError(0, "", str(problem)))
        return parsed
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        parsed.errors.append(RowError(0, "", _("The file is empty.")))
        return parsed
    except csv.Error as error:
        parsed.errors.append(RowError(1, "", _("The file cannot be read as CSV: %s") % error))
        return parsed
    header_line = reader.line_num
    names = _clean_header(header)
    header_errors = _check_header(names, header_line)
    if header_errors:
        parsed.errors.extend(header_errors)
        return parsed

    indicators = _Indicators(country)
    groups = {}
    seen = {}  # (group key, year, disaggregation) -> line
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            parsed.errors.append(
                RowError(reader.line_num, "", _("This line cannot be read as CSV: %s") % error)
            )
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        parsed.rows += 1
        if parsed.rows > MAX_ROWS:
            parsed.errors.append(
                RowError(
                    line,
                    "",
                    _("The file has more than %(rows)s rows. Split it into smaller files.")
                    % {"rows": f"{MAX_ROWS:,}".replace(",", " ")},
                )
            )
            break
        _parse_row(parsed, cells, names, line, delimiter, indicators, groups, seen)
    if not parsed.errors and not groups:
        parsed.errors.append(
            RowError(header_line, "", _("The file has a header but no rows of data."))
        )
    parsed.groups = list(groups.values())
    return parsed


def _check_header(names, line):
    errors = []
    known = set(COLUMNS)
    if not any(name in known for name in names):
        return [
            RowError(
                line,
                "",
                _(
                    "The first line must name the columns: %(columns)s (and optionally "
                    "%(optional)s)."
                )
                % {
                    "columns": ", ".join(REQUIRED_COLUMNS),
                    "optional": ", ".join(OPTIONAL_COLUMNS),
                },
            )
        ]
    for name in REQUIRED_COLUMNS:
        if name not in names:
            errors.append(
                RowError(line, name, _("The column “%(name)s” is missing.") % {"name": name})
            )
    seen = set()
    for name in names:
        if not name:
            continue
        if name not in known:
            errors.append(
                RowError(line, name[:60], _("Unknown column “%(name)s”.") % {"name": name[:60]})
            )
        elif name in seen:
            errors.append(
                RowError(line, name, _("The column “%(name)s” appears twice.") % {"name": name})
            )
        seen.add(name)
    return errors


def _parse_row(parsed, cells, names, line, delimiter, indicators, groups, seen):
    raw_row = delimiter.join(cells)[:200]
    errors = []

    def error(column, message):
        errors.append(RowError(line, column, message, raw_row))

    if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names) :]):
        error(
            "",
            _("This row has %(found)s columns; the header has %(expected)s.")
            % {"found": len(cells), "expected": len(names)},
        )
        parsed.errors.extend(errors)
        return
    row = {}
    for name, cell in zip(names, cells, strict=False):
        if name:
            row[name] = cell.strip()
    for name, limit in LIMITS.items():
        if len(row.get(name, "")) > limit:
            error(name, _("Longer than %(limit)s characters.") % {"limit": limit})
            row[name] = ""

    indicator = None
    if not row.get("indicator"):
        error("indicator", _("The indicator is missing."))
    else:
        indicator = indicators.resolve(row["indicator"])
        if indicator is None:
            error(
                "indicator",
                _(
                    "Unknown indicator “%(indicator)s”: use a headline indicator's code (e.g. 3.1) "
                    "or the name of a national indicator of the country's national targets."
                )
                % {"indicator": row["indicator"][:80]},
            )
    year = value = None
    try:
        year = parse_year(row.get("year", ""))
    except ValueError as problem:
        error("year", str(problem))
    try:
        value = parse_value(row.get("value", ""), delimiter)
    except ValueError as problem:
        error("value", str(problem))
    unit = row.get("unit", "")
    if not unit:
        error("unit", _("The unit is missing."))
    if errors:
        parsed.errors.extend(errors)
        return

    headline, national_title, national_identifier = indicator
    probe = Group(headline, national_title, national_identifier, unit)
    group = groups.setdefault(probe.key, probe)
    disaggregation = row.get("disaggregation", "")
    point_key = (group.key, year, disaggregation.casefold())
    if point_key in seen:
        if disaggregation:
            message = _(
                "Line %(line)s already gives %(year)s (%(disaggregation)s) for this indicator "
                "and unit."
            ) % {"line": seen[point_key], "year": year, "disaggregation": disaggregation}
        else:
            message = _(
                "Line %(line)s already gives the total for %(year)s for this indicator and unit."
            ) % {"line": seen[point_key], "year": year}
        error("year", message)
        parsed.errors.extend(errors)
        return
    seen[point_key] = line
    source = row.get("source", "")
    if source:
        if group.source and group.source != source:
            error(
                "source",
                _("Line %(line)s gives another source for this series (one source per series).")
                % {"line": group.source_line},
            )
            parsed.errors.extend(errors)
            return
        if not group.source:
            group.source, group.source_line = source, line
    group.points[(year, disaggregation)] = (value, row.get("note", ""), line)


# --- What an import does ----------------------------------------------------------------------


@dataclass
class Change:
    """One series of an import: the stored one (``None``: a new one), the version to save,
    and how many points it adds and changes."""

    group: Group
    series: DataSeries | None
    version: DataSeries
    added: int = 0
    updated: int = 0
    source_changed: bool = False

    @property
    def is_new(self):
        return self.series is None

    @property
    def changes_anything(self):
        return self.is_new or self.added or self.updated or self.source_changed


def _existing(country, group, lock=False):
    queryset = DataSeries.objects.filter(country=country, unit=group.unit).order_by("created_at")
    if lock:
        queryset = queryset.select_for_update()
    if group.headline:
        queryset = queryset.filter(headline_indicator=group.headline)
    else:
        queryset = queryset.filter(
            headline_indicator__isnull=True,
            national_indicator_title__iexact=group.national_title,
        )
    return queryset.first()


def plan(parsed, language=None, lock=False):
    """The changes an import of ``parsed`` (without errors) would make; writes nothing.
    ``lock`` (inside a transaction) holds the series it reads until the import is written."""
    changes = []
    for group in parsed.groups:
        series = _existing(parsed.country, group, lock=lock)
        if series is None:
            version = DataSeries(
                country=parsed.country,
                title=group.label[:300],
                headline_indicator=group.headline,
                national_indicator=group.national_identifier,
                national_indicator_title="" if group.headline else group.national_title,
                unit=group.unit,
                source=group.source,
                language=language,
            )
            points = []
            change = Change(group, None, version)
        else:
            version = series.get_latest_revision_as_object()
            points = list(version.points.all())
            change = Change(group, series, version)
            if group.source and group.source != version.source:
                version.source = group.source
                change.source_changed = True
        by_key = {(p.year, p.disaggregation.casefold()): p for p in points}
        for (year, disaggregation), (value, note, _line) in sorted(group.points.items()):
            point = by_key.get((year, disaggregation.casefold()))
            if point is None:
                points.append(
                    DataPoint(year=year, value=value, disaggregation=disaggregation, note=note)
                )
                change.added += 1
            elif Decimal(point.value) != value or (note and note != point.note):
                point.value = value
                if note:
                    point.note = note
                change.updated += 1
        points.sort(key=lambda p: (p.disaggregation, p.year))
        for order, point in enumerate(points):
            point.sort_order = order
        version.points = points
        changes.append(change)
    return changes


def import_parsed(user, parsed, language=None):
    """Plan and write an import of ``parsed`` in one transaction, the series it updates locked
    from the moment they are read, so a concurrent edit is not overwritten."""
    if parsed.errors:
        raise ValueError("A file with errors is never imported.")
    with transaction.atomic():
        return run(user, plan(parsed, language=language, lock=True))


def run(user, changes):
    """Write ``changes`` (from ``plan``) in one transaction; returns the series written.
    Refuses everything if ``user`` may not write one of them."""
    written = []
    with transaction.atomic():
        for change in changes:
            if not change.changes_anything:
                continue
            if change.is_new:
                if not permissions.can_create(user, change.version.country):
                    raise PermissionDenied(_("You may not add records for this country."))
                written.append(services.create(user, change.version))
            else:
                written.append(services.save_changes(user, change.version))
    return written


def series_rows(series):
    """A series' published points as CSV rows (header first), the shape the upload reads."""
    indicator = (
        series.headline_indicator.code if series.headline_indicator_id else series.indicator_label
    )
    yield list(COLUMNS)
    for point in series.points.all():
        yield [
            indicator,
            str(point.year),
            format_decimal(point.value),
            series.unit,
            point.disaggregation,
            series.source,
            point.note,
        ]


def format_decimal(value):
    """``Decimal('12.500000')`` as ``12.5``, ``Decimal('100.000000')`` as ``100``."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())

"""A data series as a small, server-rendered line chart (inline SVG, no JavaScript).

``line_chart(series)`` computes the geometry; ``includes/series_chart.html`` draws it and the
data table beside it (the accessible equivalent). One line per disaggregation, the total first;
each line has its own colour (each at least 3:1 against white, WCAG 1.4.11), dash pattern and
marker shape, so lines are told apart without colour. The time axis runs left to right in every
language (the SVG says ``dir="ltr"``); numbers on the value axis and in the summary are
localized. A single point, negative values, all-equal values, huge values and long runs of
years are all drawn inside the plot, with year labels thinned so they never overlap.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

WIDTH = 640
PLOT_HEIGHT = 240
TOP = 16
RIGHT = 20
BOTTOM = 36  # year labels
CHAR_WIDTH = 7.2  # at font-size 12, for the value labels' margin
LEGEND_ROW = 22
MAX_LINES = 8
MAX_MARKERS = 60  # a line with more points is drawn without markers

# (colour, dash pattern, marker): every colour has a contrast of 4.5:1 or more on white.
STYLES = [
    ("#0b6e4f", "", "circle"),
    ("#1f4e9c", "8 4", "square"),
    ("#b42318", "3 3", "triangle"),
    ("#6b3fa0", "10 3 2 3", "diamond"),
    ("#8a4b00", "1 3", "cross"),
    ("#1b1f23", "12 4", "circle-open"),
    ("#005f73", "6 2 2 2", "square-open"),
    ("#a3006b", "2 6", "triangle-open"),
]


def _r(value):
    return f"{round(value, 1):g}"


MARKERS = {
    "circle": lambda x, y: f"M{_r(x - 4)} {_r(y)}a4 4 0 1 0 8 0a4 4 0 1 0-8 0",
    "square": lambda x, y: f"M{_r(x - 4)} {_r(y - 4)}h8v8h-8z",
    "triangle": lambda x, y: f"M{_r(x)} {_r(y - 5)}l5 8.5h-10z",
    "diamond": lambda x, y: f"M{_r(x)} {_r(y - 5.5)}l5.5 5.5-5.5 5.5-5.5-5.5z",
    "cross": lambda x, y: f"M{_r(x - 4)} {_r(y - 4)}l8 8m0-8l-8 8",
}


@dataclass
class Line:
    label: str
    colour: str
    dash: str
    marker: str
    points: list = field(default_factory=list)  # (x, y, year, value text)
    path: str = ""
    show_markers: bool = True

    @property
    def filled(self):
        return not self.marker.endswith("-open") and self.marker != "cross"

    @property
    def legend_marker(self):
        return MARKERS[self.marker.removesuffix("-open")](14, 0)

    @property
    def marker_path(self):
        """Every marker of the line as one path (small: one element per line)."""
        if not self.show_markers:
            return ""
        shape = self.marker.removesuffix("-open")
        return "".join(MARKERS[shape](x, y) for x, y, *_rest in self.points)


@dataclass
class Chart:
    width: int
    height: int
    plot: tuple  # left, top, right, bottom
    lines: list
    x_ticks: list  # (x, label)
    y_ticks: list  # (y, label)
    title: str
    summary: str
    legend: list  # (x, y, line)
    hidden_lines: int = 0

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


def number(value, decimals=None):
    """A value as the reader's language writes it (grouping and decimal separators)."""
    value = Decimal(value)
    if decimals is None:
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        else:
            value = value.normalize()
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def with_unit(text, unit):
    if not unit:
        return text
    if unit == "%":
        return f"{text}\u00a0%"
    return f"{text} {unit}"


def nice_step(span, count=5):
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about ``count`` intervals over ``span``."""
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def value_ticks(low, high):
    """Round ticks covering ``low``..``high`` (floats); returns (ticks, decimals)."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    count = round((last - first) / step)
    ticks = [first + i * step for i in range(count + 1)]
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    if step == 2.5 * 10 ** math.floor(math.log10(step)) and step < 10:
        decimals += 1
    return ticks, decimals


def year_ticks(first, last, room):
    """Years to label: every year if they fit, else multiples of a round step."""
    span = last - first
    fits = max(1, int(room // 44))  # "2020" needs about 44 units with its gap
    if span + 1 <= fits:
        return list(range(first, last + 1))
    for step in (2, 5, 10, 20, 25, 50, 100):
        start = math.ceil(first / step) * step
        if len(range(start, last + 1, step)) <= fits:
            return list(range(start, last + 1, step))
    return [first, last]


def _lines_of(series):
    """Points grouped by disaggregation, the total ("") first, then by name."""
    by_name = {}
    for point in series.points.all():
        by_name.setdefault(point.disaggregation, []).append(point)
    names = sorted(by_name, key=lambda name: (name != "", name.casefold()))
    return [(name, sorted(by_name[name], key=lambda p: p.year)) for name in names]


def summary_of(groups, unit):
    """ "From 12.5 % in 2015 to 17 % in 2023", per line."""
    parts = []
    for name, points in groups:
        first, last = points[0], points[-1]
        if len(points) == 1:
            text = _("%(value)s in %(year)s") % {
                "value": with_unit(number(first.value), unit),
                "year": first.year,
            }
        else:
            text = _("From %(first)s in %(first_year)s to %(last)s in %(last_year)s") % {
                "first": with_unit(number(first.value), unit),
                "first_year": first.year,
                "last": with_unit(number(last.value), unit),
                "last_year": last.year,
            }
        if len(groups) > 1:
            text = f"{name or _('Total')}: {text}"
        parts.append(text)
    return "; ".join(parts) + "." if parts else ""


def line_chart(series):
    """The chart of ``series``, or ``None`` if it has no points."""
    groups = _lines_of(series)
    if not groups:
        return None
    unit = series.unit
    hidden = max(0, len(groups) - MAX_LINES)
    drawn = groups[:MAX_LINES]

    values = [float(p.value) for _name, points in drawn for p in points]
    years = [p.year for _name, points in drawn for p in points]
    ticks, decimals = value_ticks(min(values), max(values))
    tick_labels = [number(Decimal(repr(round(t, decimals) + 0.0)), decimals) for t in ticks]
    left = 12 + CHAR_WIDTH * max(len(label) for label in tick_labels)
    right = WIDTH - RIGHT
    top, bottom = TOP, TOP + PLOT_HEIGHT
    low, high = ticks[0], ticks[-1]
    first_year, last_year = min(years), max(years)

    # Leave half a step of room at each end so markers stay inside the plot.
    inset = 12

    def x_of(year):
        if first_year == last_year:
            return (left + right) / 2
        return (
            left
            + inset
            + (year - first_year) * (right - left - 2 * inset) / (last_year - first_year)
        )

    def y_of(value):
        return bottom - (value - low) * (bottom - top) / (high - low)

    lines = []
    for index, (name, points) in enumerate(drawn):
        colour, dash, marker = STYLES[index % len(STYLES)]
        line = Line(name or _("Total"), colour, dash, marker)
        for point in points:
            x, y = round(x_of(point.year), 1), round(y_of(float(point.value)), 1)
            line.points.append((x, y, point.year, with_unit(number(point.value), unit)))
        line.path = "M" + "L".join(f"{_r(x)} {_r(y)}" for x, y, *_rest in line.points)
        line.show_markers = len(points) <= MAX_MARKERS
        lines.append(line)

    x_ticks = [
        (round(x_of(year), 1), str(year))
        for year in year_ticks(first_year, last_year, right - left)
    ]
    y_ticks = [
        (round(y_of(t), 1) + 0.0, label) for t, label in zip(ticks, tick_labels, strict=True)
    ]

    legend = []
    height = bottom + BOTTOM
    if len(lines) > 1:
        x, y = left, bottom + BOTTOM + 8
        for line in lines:
            room = 40 + CHAR_WIDTH * len(line.label)
            if x + room > WIDTH and x > left:
                x, y = left, y + LEGEND_ROW
            legend.append((round(x, 1), y, line))
            x += room + 16
        height = y + LEGEND_ROW - 6

    label = series.indicator_label
    title = f"{label} ({unit})" if unit else label
    return Chart(
        width=WIDTH,
        height=int(height),
        plot=(round(left, 1), top, right, bottom),
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        title=title,
        summary=summary_of(groups, unit),
        legend=legend,
        hidden_lines=hidden,
    )

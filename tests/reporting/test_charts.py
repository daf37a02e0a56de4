"""The series chart: an inline SVG drawn on the server, checked by parsing it. Points sit in
order inside the plot whatever the data (one point, negative, all equal, huge, a century of
years); year labels do not overlap; the summary and the numbers follow the reader's language."""

import re
import xml.etree.ElementTree as ET

import pytest

from django.template.loader import render_to_string
from django.utils import translation

from reporting.charts import STYLES, line_chart, nice_step, value_ticks, year_ticks
from reporting.factories import DataSeriesFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def render(series):
    return render_to_string("reporting/includes/series_chart.html", {"series": series})


def svg_of(html):
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no SVG in the chart"
    return ET.fromstring(match.group(0))  # noqa: S314 (the site's own output)


def numbers(path):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]


def line_points(svg):
    """Each line's (x, y) vertices, from its path's M/L commands."""
    lines = []
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != "series-line":
            continue
        path = group.find(f"{SVG}path").get("d")
        values = numbers(path)
        lines.append((group.get("data-label"), list(zip(values[::2], values[1::2], strict=True))))
    return lines


def plot_box(svg):
    """The plot area: left and right of the grid lines, their top and the axis at the bottom."""
    grid = list(svg.iter(f"{SVG}line"))
    xs = {float(line.get("x1")) for line in grid} | {float(line.get("x2")) for line in grid}
    ys = [float(line.get("y1")) for line in grid]
    return min(xs), min(ys), max(xs), max(ys)


def assert_inside_and_ordered(svg):
    left, top, right, bottom = plot_box(svg)
    lines = line_points(svg)
    assert lines
    for _label, points in lines:
        xs = [x for x, _y in points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs), "years run left to right"
        for x, y in points:
            assert left <= x <= right and top <= y <= bottom, (x, y, (left, top, right, bottom))
    return lines


def test_an_svg_with_title_summary_and_one_line_per_disaggregation_total_first():
    series = DataSeriesFactory(
        points=[(2015, 12.5), (2023, 17), (2015, 11, "female"), (2023, 16, "female")],
        unit="%",
    )
    html = render(series)
    svg = svg_of(html)
    assert svg.get("role") == "img" and svg.get("dir") == "ltr"
    ids = svg.get("aria-labelledby").split()
    assert [svg.find(f"{SVG}title").get("id"), svg.find(f"{SVG}desc").get("id")] == ids
    assert svg.find(f"{SVG}title").text == f"{series.indicator_label} (%)"
    summary = svg.find(f"{SVG}desc").text
    assert summary == (
        "Total: From 12.5\u00a0% in 2015 to 17\u00a0% in 2023; "
        "female: From 11\u00a0% in 2015 to 16\u00a0% in 2023."
    )
    lines = assert_inside_and_ordered(svg)
    assert [label for label, _points in lines] == ["Total", "female"]
    total, female = (points for _label, points in lines)
    assert total[0][1] < female[0][1]  # 12.5 is higher up than 11
    # Told apart without colour: each line has its own dash pattern and marker shape.
    paths = [g.findall(f"{SVG}path") for g in svg.iter(f"{SVG}g") if g.get("class")]
    assert paths[0][0].get("stroke-dasharray") is None
    assert paths[1][0].get("stroke-dasharray") == STYLES[1][1]
    assert paths[0][1].get("d") != paths[1][1].get("d")
    # The table is the accessible equivalent, collapsed unless asked.
    assert "<details>" in html and "<caption>" in html
    assert len(html.encode()) < 6000


def test_the_chart_is_small_and_uses_no_script_or_style_attribute():
    series = DataSeriesFactory(points=[(year, year - 1990) for year in range(1990, 2025)])
    html = render(series)
    assert (
        "<script" not in html
        and "style=" not in html
        and " on" not in html.lower().replace(" one", "").replace(" only", "")
    )
    svg_size = len(re.search(r"<svg .*?</svg>", html, re.S).group(0).encode())
    assert svg_size < 5000


def test_a_single_point_sits_in_the_middle():
    svg = svg_of(render(DataSeriesFactory(points=[(2020, 42)], unit="ha")))
    ((_label, [(x, y)]),) = assert_inside_and_ordered(svg)
    left, top, right, bottom = plot_box(svg)
    assert abs(x - (left + right) / 2) < 1 and top < y < bottom
    assert svg.find(f"{SVG}desc").text == "42 ha in 2020."


def test_all_equal_values_draw_a_flat_line_inside_the_plot():
    svg = svg_of(render(DataSeriesFactory(points=[(2018, 5), (2019, 5), (2020, 5)])))
    ((_label, points),) = assert_inside_and_ordered(svg)
    assert len({y for _x, y in points}) == 1
    left, top, right, bottom = plot_box(svg)
    assert top < points[0][1] < bottom


def test_negative_values_are_below_zero():
    series = DataSeriesFactory(points=[(2018, -40), (2019, 10), (2020, -5.5)])
    svg = svg_of(render(series))
    ((_label, points),) = assert_inside_and_ordered(svg)
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "0" in labels and any(label.startswith("-") for label in labels)
    zero_y = next(
        float(t.get("y")) for t in svg.iter(f"{SVG}text") if t.text == "0" and t.get("dy")
    )
    assert points[0][1] > zero_y > points[1][1]


def test_huge_values_get_a_wide_enough_margin():
    series = DataSeriesFactory(points=[(2019, 12345678901234), (2020, 99999999999999)])
    svg = svg_of(render(series))
    assert_inside_and_ordered(svg)
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("dy")]
    longest = max(len(t.text) for t in labels)
    left = plot_box(svg)[0]
    assert left >= longest * 7  # the value labels fit left of the plot


def test_many_years_are_labelled_without_overlap():
    series = DataSeriesFactory(points=[(year, year % 7) for year in range(1900, 2101)])
    svg = svg_of(render(series))
    assert_inside_and_ordered(svg)
    year_labels = [
        t
        for t in svg.iter(f"{SVG}text")
        if t.get("text-anchor") is None and not t.get("dy") and t.text.isdigit()
    ]
    xs = sorted(float(t.get("x")) for t in year_labels)
    assert 3 <= len(xs) <= 14
    assert all(b - a >= 40 for a, b in zip(xs, xs[1:], strict=False))
    # Too many points for markers: the lines alone, still told apart by their dashes.
    assert not [p for p in svg.iter(f"{SVG}path") if p.get("class") == "series-markers"]


def test_more_disaggregations_than_styles_are_left_to_the_table():
    points = [(2020, i, f"group {i}") for i in range(10)]
    html = render(DataSeriesFactory(points=points))
    assert len(line_points(svg_of(html))) == 8
    assert "2 more are in the table" in html
    assert html.count("<tr>") == 11  # header + all ten values


def test_a_series_without_points_says_so():
    html = render(DataSeriesFactory())
    assert "<svg" not in html and "no data points yet" in html


def test_numbers_follow_the_readers_language():
    series = DataSeriesFactory(points=[(2015, 1234.5), (2023, 2000.25)], unit="t")
    with translation.override("fr"):
        svg = svg_of(render(series))
    summary = svg.find(f"{SVG}desc").text
    assert "1\u202f234,5" in summary or "1 234,5" in summary or "1\xa0234,5" in summary
    with translation.override("ar"):
        html = render(series)
    svg = svg_of(html)
    assert svg.get("dir") == "ltr"  # the time axis stays left to right in Arabic
    assert "1,234.5" in svg.find(f"{SVG}desc").text


def test_scales():
    assert nice_step(10) == 2
    assert nice_step(0.9) == 0.2
    ticks, decimals = value_ticks(-3.2, 7.9)
    assert ticks[0] <= -3.2 and ticks[-1] >= 7.9 and decimals == 1  # steps of 2.5
    ticks, decimals = value_ticks(0.11, 0.13)
    assert decimals >= 2 and ticks[0] <= 0.11 and ticks[-1] >= 0.13
    assert year_ticks(2015, 2023, 560) == list(range(2015, 2024))
    assert year_ticks(1900, 2100, 560) == list(range(1900, 2101, 20))


def test_line_chart_of_a_series_without_points_is_none():
    assert line_chart(DataSeriesFactory()) is None

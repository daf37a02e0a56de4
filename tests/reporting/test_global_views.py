"""The global views: the summary per global target, the countries × targets matrix and the
choropleth map. Published versions only, filters and bad filters, links from cells to the
records behind them, a fixed number of queries and the page weight."""

import re

import pytest

from django.contrib.staticfiles import finders
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from reporting import profiles, services
from reporting.factories import NationalReportFactory, NationalTargetFactory
from taxonomy.models import Target

pytestmark = pytest.mark.django_db

WEIGHT_BUDGET = 100 * 1024


def body(response):
    return response.content.decode()


def weight(response):
    """The page and its stylesheets: the low-bandwidth budget counts both."""
    total = len(response.content)
    for path in ["css/site.css", "reporting/views.css"]:
        with open(finders.find(path), "rb") as stylesheet:
            total += len(stylesheet.read())
    return total


@pytest.fixture
def world(editor):
    """Kenya: high and low on target 3 (strongest: high), on track; Brazil: medium on 3,
    moving away; Peru: a draft only; India: published, then a draft change of degree."""
    NationalTargetFactory(country="KE", alignments=[(3, "low"), (2, "medium")], published=True)
    NationalTargetFactory(country="KE", alignments=[(3, "high")], published=True)
    NationalReportFactory(country="KE", progress=[(3, "on-track"), (2, "some")], published=True)
    NationalTargetFactory(country="BR", alignments=[(3, "medium")], published=True)
    NationalReportFactory(country="BR", progress=[(3, "away")], published=True)
    NationalTargetFactory(country="PE", alignments=[(3, "high")])  # draft
    NationalReportFactory(country="PE", progress=[(3, "exceed")])  # draft
    india = NationalTargetFactory(country="IN", alignments=[(3, "low")], published=True)
    edited = india.get_latest_revision_as_object()
    edited.title = "Raised ambition, in draft"
    services.save_changes(editor, edited)
    # An older report of Brazil's: only the latest counts.
    NationalReportFactory(country="BR", cycle=6, progress=[(3, "exceed")], published=True)


def test_summary_counts_countries_by_strongest_degree_and_latest_level(world):
    summaries = {s.target.number: s for s in profiles.target_summaries()}
    assert len(summaries) == 23
    three = summaries[3]
    assert three.degrees == {"high": 1, "medium": 1, "low": 1}  # KE, BR, IN; not PE's draft
    assert three.aligned == 3
    assert three.levels == {"on-track": 1, "away": 1}  # BR's latest report, not cycle 6
    assert summaries[2].degrees == {"medium": 1}
    assert summaries[2].levels == {"some": 1}
    assert summaries[5].aligned == 0


def test_summary_page_filters_by_region_and_section(client, world):
    response = client.get("/reporting/")
    assert response.status_code == 200
    html = body(response)
    assert html.count('<tr>\n        <th scope="row">') == 23
    africa = body(client.get("/reporting/?region=002"))
    row = re.search(r'target=3">.*?</tr>', africa, re.S).group(0)
    numbers = re.findall(r'<td class="num[^"]*">(?:<strong>)?(\d+)', row)
    # high, medium, low, total, then six levels and a total.
    assert numbers[:4] == ["1", "0", "0", "1"]
    assert numbers[4:] == ["0", "1", "0", "0", "0", "0", "1"]
    section = body(client.get("/reporting/?section=reducing-threats"))
    assert "target=3" in section and "target=12" not in section
    assert weight(response) < WEIGHT_BUDGET


@pytest.mark.parametrize(
    "query",
    [
        "region=999",
        "region=99999999999999999999999",
        "section=nope",
        "region=%00",
        "region=002&region=<b>",
        "section[]=1",
    ],
)
def test_global_pages_report_bad_filters_and_never_fail(client, world, query):
    for path in ["/reporting/", "/reporting/matrix/", "/reporting/map/", "/countries/"]:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)
        html = body(response)
        ignored = "section[]" in query or (
            path in ("/countries/", "/reporting/map/") and "section" in query
        )
        if not ignored:
            assert "form-errors" in html, (path, query)
        assert "<b>" not in html.split("<main", 1)[1]


def test_matrix_cells_show_degree_and_level_and_link_to_the_records(client, world):
    response = client.get("/reporting/matrix/")
    assert response.status_code == 200
    html = body(response)
    kenya = re.search(r'<tr><th scope="row"><a href="/countries/ke/">.*?</tr>', html).group(0)
    cell = re.search(r'<td class="p-on-track"><a href="/countries/ke/#target-3"[^>]*>', kenya)
    assert cell, kenya
    assert 'aria-label="High; On track"' in cell.group(0)
    assert "●●●" in kenya and "↑" in kenya
    brazil = re.search(r'<tr><th scope="row"><a href="/countries/br/">.*?</tr>', html).group(0)
    assert 'aria-label="Medium; Moving away"' in brazil
    # Drafts: Peru has only drafts, so no row; India's draft change does not show.
    assert 'href="/countries/pe/"' not in html
    india = re.search(r'<tr><th scope="row"><a href="/countries/in/">.*?</tr>', html).group(0)
    assert 'aria-label="Low; Not reported"' in india
    # Legend: text for every degree and level, not colour alone.
    assert "High alignment" in html and "Moving away from the target" in html
    assert weight(response) < WEIGHT_BUDGET


def test_matrix_filters_by_region_and_section(client, world):
    html = body(client.get("/reporting/matrix/?region=002"))
    assert 'href="/countries/ke/"' in html and 'href="/countries/br/"' not in html
    html = body(client.get("/reporting/matrix/?region=005"))  # South America
    assert 'href="/countries/br/"' in html and 'href="/countries/ke/"' not in html
    html = body(client.get("/reporting/matrix/?section=reducing-threats"))
    header = re.search(r"<thead>.*?</thead>", html, re.S).group(0)
    assert "target=3" in header and "target=9" not in header
    html = body(client.get("/reporting/matrix/?section=meeting-needs"))
    assert "No country has published" in html  # no national target aligns with 9-13
    # Exports keep the filters.
    html = body(client.get("/reporting/matrix/?region=002"))
    assert "/reporting/export/alignments.csv?region=002" in html


def test_matrix_is_paginated_and_bad_pages_are_ignored(client, world, settings):
    from reporting import global_views

    original = global_views.MATRIX_ROWS_PER_PAGE
    global_views.MATRIX_ROWS_PER_PAGE = 2
    try:
        first = body(client.get("/reporting/matrix/"))
        second = body(client.get("/reporting/matrix/?page=2"))
        for page in ["abc", "-1", "99999999999999999999", "0"]:
            assert client.get(f"/reporting/matrix/?page={page}").status_code == 200
    finally:
        global_views.MATRIX_ROWS_PER_PAGE = original
    assert 'rel="next"' in first
    rows_first = re.findall(r'<tr><th scope="row"><a href="(/countries/\w+/)">', first)
    rows_second = re.findall(r'<tr><th scope="row"><a href="(/countries/\w+/)">', second)
    assert len(rows_first) == 2 and rows_second and not set(rows_first) & set(rows_second)


@pytest.mark.usefixtures("render_not_cache")
def test_matrix_runs_a_fixed_number_of_queries(client, world):
    client.get("/reporting/matrix/")
    with CaptureQueriesContext(connection) as before:
        client.get("/reporting/matrix/")
    for code in ["FR", "DE", "CN", "AU", "NG"]:
        NationalTargetFactory(country=code, alignments=[(1, "high"), (2, "low")], published=True)
        NationalReportFactory(country=code, progress=[(1, "some")], published=True)
    with CaptureQueriesContext(connection) as after:
        client.get("/reporting/matrix/")
    assert len(after) == len(before)


def test_map_draws_the_chosen_target_and_measure(client, world):
    response = client.get("/reporting/map/?target=3")
    assert response.status_code == 200
    html = body(response)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    kenya = re.search(
        r'<a href="/countries/ke/"><title>Kenya: High</title><path class="v-high"', svg
    )
    assert kenya
    assert '<a href="/countries/br/"><title>Brazil: Medium</title><path class="v-medium"' in svg
    assert '<title>Peru: no published data</title><path class="v-none"' in svg  # a draft
    table = html[html.index('id="map-table"') :]
    assert "Kenya" in table and "Peru" not in table.split("</table>")[0]
    assert weight(response) < WEIGHT_BUDGET

    html = body(client.get("/reporting/map/?target=3&measure=progress"))
    assert "<title>Kenya: On track to achieve the target</title>" in html
    assert "<title>Brazil: Moving away from the target</title>" in html
    assert "/reporting/export/progress.csv?target=3" in html


def test_map_filters_by_region_and_defaults_to_the_first_target(client, world):
    html = body(client.get("/reporting/map/"))
    assert "Target 1:" in html
    html = body(client.get("/reporting/map/?target=3&region=002"))
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'href="/countries/ke/"' in svg and 'href="/countries/br/"' not in svg
    assert "/reporting/export/alignments.csv?region=002&amp;target=3" in html
    for query in ["target=99", "target=abc", "target=99999999999999999999", "measure=rain"]:
        response = client.get(f"/reporting/map/?{query}")
        assert response.status_code == 200, query
        assert "form-errors" in body(response), query
    html = body(client.get("/ar/reporting/map/?target=3"))
    assert 'lang="ar"' in html and 'dir="rtl"' in html and "<svg" in html


def test_national_alignment_tag_counts_countries_for_a_target(world):
    target = Target.objects.get(number=3)
    html = Template("{% load reporting_tags %}{% national_alignment target %}").render(
        Context({"target": target})
    )
    assert "3 countries have aligned national targets with this target." in html
    assert "/reporting/map/?target=3" in html
    assert "High: 1" in html and "Medium: 1" in html and "Low: 1" in html
    none = Template("{% load reporting_tags %}{% national_alignment target %}").render(
        Context({"target": Target.objects.get(number=20)})
    )
    assert "0 countries" in none


def test_framework_target_page_shows_national_alignment(client, home_page, world):
    from framework.factories import FrameworkPageFactory

    framework = FrameworkPageFactory(parent=home_page)
    html = body(client.get(framework.url + "targets/3/"))
    assert "3 countries have aligned national targets with this target." in html
    assert "/reporting/map/?target=3" in html
    html = body(client.get("/ar" + framework.url + "targets/3/"))
    assert "/ar/reporting/map/?target=3" in html


def test_a_full_page_of_the_matrix_is_under_the_weight_budget(client):
    """Worst case: a page of countries aligned with every target and reporting on each, in
    Arabic (longer labels and the language prefix in every link)."""
    from reporting import global_views
    from reporting.models import NationalReport, NationalTarget
    from taxonomy.models import Country

    every = [(number, "medium") for number in range(1, 24)]
    levels = ["exceed", "on-track", "some", "no-change", "away", "unknown"]
    codes = Country.objects.order_by("code").values_list("code", flat=True)[
        : global_views.MATRIX_ROWS_PER_PAGE
    ]
    for code in codes:
        NationalTargetFactory(country=code, alignments=every)
        NationalReportFactory(
            country=code, progress=[(n, levels[n % len(levels)]) for n in range(1, 24)]
        )
    # Published as they stand (quicker than publishing 2 × 20 revisions).
    NationalTarget.objects.update(live=True)
    NationalReport.objects.update(live=True)
    response = client.get("/ar/reporting/matrix/")
    assert body(response).count("<td class=") == 23 * global_views.MATRIX_ROWS_PER_PAGE
    assert weight(response) < WEIGHT_BUDGET, weight(response)

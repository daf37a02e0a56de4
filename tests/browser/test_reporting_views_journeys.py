"""Issue 12's reader journey in a real browser, in English and Arabic, with and without
JavaScript: a visitor opens the countries × targets matrix, filters it by region, follows a
cell to the country's profile at that target, sees the indicator chart and the reported
progress, and downloads the CSV export with the same filter."""

import csv
import io

import pytest

from reporting.factories import DataSeriesFactory, NationalReportFactory, NationalTargetFactory

from .journey_steps import assert_language, snapshot, url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLES = {
    "en": ("Protect 30% of Kenya's land and sea", "Protected area coverage in Kenya"),
    "ar": ("حماية 30% من أراضي كينيا وبحارها", "تغطية المناطق المحمية في كينيا"),
}


def seed(language):
    target_title, series_title = TITLES[language]
    NationalTargetFactory(
        country="KE", title=target_title, alignments=[(3, "high")], published=True
    )
    DataSeriesFactory(
        country="KE", title=series_title, points=[(2020, 12.5), (2022, 16)], published=True
    )
    NationalReportFactory(country="KE", progress=[(3, "on-track")], published=True)
    NationalTargetFactory(
        country="BR", title="Amazon protection", alignments=[(3, "medium")], published=True
    )
    # A draft never shows.
    NationalTargetFactory(country="PE", title="Peru draft", alignments=[(3, "high")])


def journey(tab, language):
    target_title, series_title = TITLES[language]
    tab.goto(url("reporting:matrix", language))
    assert_language(tab, language)
    matrix = tab.locator("main table.matrix")
    assert matrix.locator("a[href$='/countries/br/']").count() == 1
    assert matrix.locator("a[href$='/countries/pe/']").count() == 0

    # Filter by region (Africa) with the GET form.
    tab.select_option("main form.reporting-filters select[name=region]", "002")
    tab.click("main form.reporting-filters button[type=submit]")
    tab.wait_for_load_state()
    assert "region=002" in tab.url
    assert_language(tab, language)
    matrix = tab.locator("main table.matrix")
    assert matrix.locator("a[href$='/countries/br/']").count() == 0
    snapshot(tab, f"reporting-matrix-{language}")

    # The CSV export keeps the filter.
    export = tab.locator("main a[href*='/reporting/export/alignments.csv']")
    assert "region=002" in export.get_attribute("href")
    with tab.expect_download() as download_info:
        export.click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert {row["government"] for row in rows} == {"ke"}
    assert rows[0]["globalTargetAlignment"] == "GBF-TARGET-03"
    assert rows[0]["degreeOfAlignment"] == "high"
    assert rows[0]["nationalTargetTitle"] == target_title

    # Kenya × target 3 leads to the profile, at the target.
    cell = matrix.locator("td a[href$='/countries/ke/#target-3']")
    assert cell.count() == 1
    assert "●●●" in cell.inner_text()
    cell.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/countries/ke/#target-3")
    assert (f"/{language}/countries/ke/" in tab.url) == (language != "en")
    assert_language(tab, language)
    group = tab.locator("main .target-group:has(#target-3)")
    assert target_title in group.inner_text()

    # The indicator chart and the progress towards target 3.
    series = tab.locator("main .series")
    assert series.count() == 1
    assert series_title in series.inner_text()
    assert series.locator("table, svg").count() >= 1
    progress = tab.locator("main #progress-3")
    assert progress.locator(".swatch.v-on-track").count() == 1
    assert progress.locator("th a").count() == 1
    snapshot(tab, f"reporting-profile-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_visitor_follows_the_matrix_to_a_profile_and_downloads_the_data(
    page, site_on_live_server, language
):
    seed(language)
    journey(page, language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_same_journey_without_javascript(page_without_js, site_on_live_server, language):
    seed(language)
    journey(page_without_js, language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_visitor_reads_the_map_and_its_table(page, site_on_live_server, language):
    seed(language)
    page.goto(url("reporting:map", language) + "?target=3")
    assert_language(page, language)
    kenya = page.locator("main svg a[href$='/countries/ke/']")
    assert kenya.count() == 1
    assert kenya.locator("path.v-high").count() == 1
    table = page.locator("main table.data-table")
    assert table.locator("a[href$='/countries/ke/']").count() == 1
    assert table.locator("a[href$='/countries/pe/']").count() == 0
    # Switch the measure with the form.
    page.select_option("main form.reporting-filters select[name=measure]", "progress")
    page.click("main form.reporting-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("main svg a[href$='/countries/ke/'] path.v-on-track").count() == 1
    snapshot(page, f"reporting-map-{language}")
    kenya = page.locator("main svg a[href$='/countries/ke/']")
    kenya.click()
    page.wait_for_load_state()
    assert page.url.endswith("/countries/ke/")
    assert_language(page, language)


def test_matrix_stays_usable_on_a_phone_in_arabic(chromium, live_server, site_on_live_server):
    """The header row and the country column stay in view while the table scrolls."""
    seed("ar")
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 700}, is_mobile=True
    )
    tab = context.new_page()
    try:
        tab.goto(url("reporting:matrix", "ar"))
        assert_language(tab, "ar")
        region = tab.locator("main .matrix-scroll")
        box = region.bounding_box()
        assert box["width"] <= 375
        country = tab.locator("main table.matrix tbody th").first
        before = country.bounding_box()
        # Scroll the table towards its end (leftwards in right-to-left).
        region.evaluate("el => { el.scrollLeft = -400; el.scrollTop = 0; }")
        after = country.bounding_box()
        assert abs(after["x"] - before["x"]) < 2  # sticky column
        snapshot(tab, "reporting-matrix-phone-ar")
    finally:
        context.close()

"""The indicator data journey of issue 12 in a real browser, in English and in Arabic.

A national focal point for Kenya uploads a CSV file with two bad rows, reads the problems by
line, fixes the file and uploads it again, then submits the new series for review; another
focal point for Kenya publishes it; a visitor reads its chart and its table, with and without
JavaScript, and downloads it as CSV.
"""

from pathlib import Path

import pytest

from community.members.factories import ProfileFactory
from community.members.models import FocalPoint
from reporting.models import DataSeries, ReviewStatus
from taxonomy.models import Country

from .journey_steps import assert_language, sign_in, snapshot, url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]

BAD = """indicator,year,value,unit,disaggregation,source
3.1,2015,12.5,%,,Kenya Wildlife Service
3.1,20x9,14,%,,Kenya Wildlife Service
3.1,2023,17,%,,Kenya Wildlife Service
3.1,2023,n/a,%,marine,Kenya Wildlife Service
"""
GOOD = BAD.replace("20x9", "2019").replace("n/a", "9.5")


def _upload(tab, text):
    tab.set_input_files(
        "input[name=file]",
        files=[{"name": "kenya.csv", "mimeType": "text/csv", "buffer": text.encode()}],
    )
    tab.click("button[name=intent][value=import]")
    tab.wait_for_load_state()


def _act(tab, action):
    tab.locator(f"main form:has(input[name=action][value={action}]) button[type=submit]").click()
    tab.wait_for_load_state()


def _reads_chart_and_table(tab):
    chart = tab.locator("main figure svg[role=img]")
    assert chart.count() == 1
    assert chart.get_attribute("dir") == "ltr"
    summary = tab.locator("main figure svg desc").text_content()
    assert "12.5" in summary and "2015" in summary and "2023" in summary
    rows = tab.locator("main figure table tbody tr")
    assert rows.count() == 4
    assert tab.locator("main figure table").is_visible()  # the table is open on the page
    years = tab.locator("main figure table tbody th").all_text_contents()
    assert sorted(years) == ["2015", "2019", "2023", "2023"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_focal_point_uploads_fixes_and_publishes_indicator_data(
    new_tab, page_without_js, site_on_live_server, password, language
):
    kenya = Country.objects.get(code="KE")
    author = ProfileFactory(display_name="Wanjiru Kamau", country=kenya).user
    reviewer = ProfileFactory(display_name="Otieno Odhiambo", country=kenya).user
    for user in (author, reviewer):
        FocalPoint.objects.create(user=user, country=kenya)

    # The focal point uploads a file with two bad rows: both are listed by line, nothing saved.
    tab = new_tab()
    sign_in(tab, language, author.email, password)
    tab.goto(url("reporting:data_upload", language))
    assert_language(tab, language)
    assert tab.locator("select[name=country]").input_value() == "KE"
    _upload(tab, BAD)
    assert_language(tab, language)
    errors = tab.locator("tr.upload-error")
    assert errors.count() == 2
    assert errors.locator("th").all_text_contents() == ["3", "5"]
    assert [cell.strip() for cell in errors.locator("td:nth-child(2)").all_text_contents()] == [
        "year",
        "value",
    ]
    assert "20x9" in errors.nth(0).inner_text() and "n/a" in errors.nth(1).inner_text()
    assert not DataSeries.objects.exists()
    snapshot(tab, f"data-upload-errors-{language}")

    # The fixed file is imported: one new series, a draft.
    _upload(tab, GOOD)
    series = DataSeries.objects.get()
    assert series.country == kenya and series.review_status == ReviewStatus.DRAFT
    assert series.points.count() == 4
    tab.click(
        f"main .upload-written a[href='{url('reporting:series', language, uuid=series.uuid)}']"
    )
    tab.wait_for_load_state()
    assert_language(tab, language)
    _reads_chart_and_table(tab)
    snapshot(tab, f"data-series-draft-{language}")
    _act(tab, "submit")
    series.refresh_from_db()
    assert series.review_status == ReviewStatus.SUBMITTED

    # Another focal point of Kenya publishes it.
    review = new_tab()
    sign_in(review, language, reviewer.email, password)
    review.goto(url("reporting:series", language, uuid=series.uuid))
    _act(review, "publish")
    series.refresh_from_db()
    assert series.live and series.review_status == ReviewStatus.PUBLISHED

    # A visitor reads the chart and the table, with JavaScript and without.
    for visitor in (new_tab(), page_without_js):
        visitor.goto(url("reporting:series", language, uuid=series.uuid))
        assert_language(visitor, language)
        _reads_chart_and_table(visitor)
    snapshot(page_without_js, f"data-series-published-no-js-{language}")
    tab.goto(url("reporting:series_edit", language, uuid=series.uuid))
    assert_language(tab, language)
    assert tab.locator("main table input[name='points-0-year']").input_value() == "2015"
    snapshot(tab, f"data-series-form-{language}")
    visitor = new_tab()
    visitor.goto(url("reporting:series", language, uuid=series.uuid))
    with visitor.expect_download() as download:
        visitor.click(f"a[href='{url('reporting:series_csv', language, uuid=series.uuid)}']")
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0] == "indicator,year,value,unit,disaggregation,source,note"
    assert "3.1,2019,14,%" in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_upload_and_series_forms_showing_errors_pass_axe(
    chromium, live_server, site_on_live_server, password, language
):
    """Errors are where people get stuck: the upload's problem list and the series form's
    errors, each tied to its field, pass axe-core (the context bypasses the CSP to inject it)."""
    from .test_accessibility import AXE, AXE_RUN, RULES, describe

    if not AXE.exists():
        pytest.skip(f"axe-core not installed ({AXE} missing): run `npm ci`")
    kenya = Country.objects.get(code="KE")
    author = ProfileFactory(country=kenya).user
    FocalPoint.objects.create(user=author, country=kenya)
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    tab = context.new_page()
    sign_in(tab, language, author.email, password)
    tab.goto(url("reporting:data_upload", language))
    _upload(tab, BAD)
    assert tab.locator("tr.upload-error").count() == 2
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate(AXE_RUN, RULES)["violations"]
    assert not violations, describe(violations)

    tab.goto(url("reporting:series_add", language))
    tab.fill("input[name='points-0-year']", "1850")
    tab.fill("input[name='points-0-value']", "1" * 25)
    tab.click("main form.series-form button[type=submit]")
    tab.wait_for_load_state()
    assert tab.locator(".errorlist").count() >= 3  # indicator, unit/title, year, value
    assert_language(tab, language)
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate(AXE_RUN, RULES)["violations"]
    assert not violations, describe(violations)
    context.close()

"""Countries index and country profiles: published versions only, the registry's other records,
filters and bad input, a fixed number of queries, the page weight."""

import datetime
import json
import re

import pytest

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chm.factories import NewsIndexPageFactory, NewsPageFactory
from reporting import services
from reporting.factories import (
    DataSeriesFactory,
    NationalReportFactory,
    NationalTargetFactory,
    NBSAPFactory,
)
from reporting.models import NBSAPDocument
from taxonomy.models import Country

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


def weight(response):
    """The page and its stylesheets: the low-bandwidth budget counts both."""
    total = len(response.content)
    for path in ["css/site.css", "reporting/views.css"]:
        with open(finders.find(path), "rb") as stylesheet:
            total += len(stylesheet.read())
    return total


def draft_change(user, record, **changes):
    """A reviewer-to-be edits a published record: the change is a revision, not published."""
    edited = record.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(edited, name, value)
    return services.save_changes(user, edited)


@pytest.fixture
def kenya(editor):
    nbsap = NBSAPFactory(
        country="KE",
        title="Kenya NBSAP 2025-2030",
        published=True,
    )
    NBSAPDocument.objects.create(
        nbsap=nbsap, name="Strategy (PDF)", url="https://ke.example/nbsap.pdf"
    )
    # The document was added after publication: publish again so the published version has it.
    nbsap.save_revision().publish()
    targets = [
        NationalTargetFactory(
            country="KE",
            title="Protect 30% of Kenya's land",
            alignments=[(3, "high"), (2, "low")],
            published=True,
        ),
        NationalTargetFactory(
            country="KE",
            title="Restore degraded rangelands",
            alignments=[(2, "medium")],
            published=True,
        ),
        NationalTargetFactory(country="KE", title="A national-only target", published=True),
    ]
    series = DataSeriesFactory(
        country="KE",
        title="Protected area coverage (Kenya)",
        points=[(2020, 12.5), (2021, 13.75)],
        published=True,
    )
    report = NationalReportFactory(
        country="KE",
        title="Kenya's seventh national report",
        progress=[(3, "on-track"), (2, "away")],
        published=True,
    )
    return {"nbsap": nbsap, "targets": targets, "series": series, "report": report}


def test_profile_shows_the_published_records_grouped_by_global_target(client, kenya):
    response = client.get("/countries/ke/")
    assert response.status_code == 200
    html = body(response)
    assert '<h1><span aria-hidden="true">' in html and "Kenya</h1>" in html
    # NBSAP: title, period, document.
    assert "Kenya NBSAP 2025-2030" in html
    assert "https://ke.example/nbsap.pdf" in html
    assert "2030" in html
    # National targets grouped by the global target, with the degree.
    target_3 = html.index('id="target-3"')
    target_2 = html.index('id="target-2"')
    assert target_2 < target_3  # by number
    assert "Protect 30% of Kenya&#x27;s land" in html[target_3:]
    section_2 = html[target_2:target_3]
    assert "Restore degraded rangelands" in section_2 and "Medium alignment" in section_2
    assert "Low alignment" in section_2  # the first target is also low on target 2
    assert 'id="target-none"' in html and "A national-only target" in html
    # Indicator chart (the series include) and the progress table.
    assert "Protected area coverage (Kenya)" in html
    assert "13.75" in html
    progress = html[html.index('id="progress-3"') :]
    assert "On track to achieve the target" in progress
    assert 'class="swatch v-on-track"' in progress
    assert "Moving away from the target" in html


def test_profile_code_is_case_insensitive_and_unknown_codes_are_404(client, kenya):
    assert client.get("/countries/KE/").status_code == 200
    assert client.get("/countries/Ke/").status_code == 200
    for code in ["xx", "kenya", "k", "%00", "12", "ke1", "ü"]:
        assert client.get(f"/countries/{code}/").status_code == 404, code
    assert client.get("/ar/countries/xx/").status_code == 404


def test_profile_never_shows_drafts(client, editor, kenya):
    NationalTargetFactory(
        country="KE", title="Draft target never published", alignments=[(5, "high")]
    )
    NBSAPFactory(country="BR", title="Brazil draft NBSAP")
    DataSeriesFactory(country="KE", title="Draft series", points=[(2020, 1)])
    NationalReportFactory(
        country="KE", cycle=8, title="Draft eighth report", progress=[(3, "exceed")]
    )
    # A published record with changes in draft shows its published version.
    draft_change(editor, kenya["targets"][0], title="Edited but not yet published")
    draft_change(editor, kenya["report"], title="Report edited in draft")

    html = body(client.get("/countries/ke/"))
    for hidden in [
        "Draft target never published",
        "Draft series",
        "Draft eighth report",
        "Edited but not yet published",
        "Report edited in draft",
    ]:
        assert hidden not in html, hidden
    assert 'id="target-5"' not in html
    assert "Protect 30% of Kenya&#x27;s land" in html
    assert "Kenya&#x27;s seventh national report" in html
    # A focal point or an editor reading the profile sees the published versions too.
    client.force_login(editor)
    html = body(client.get("/countries/ke/"))
    assert "Draft target never published" not in html
    assert "Edited but not yet published" not in html
    # Brazil's only NBSAP is a draft.
    assert "No NBSAP has been published for this country yet." in body(client.get("/countries/br/"))


def test_profile_reads_other_records_through_the_registry(client, home_page, kenya):
    news_index = NewsIndexPageFactory(parent=home_page)
    kenyan = NewsPageFactory(parent=news_index, title="Nairobi hosts a restoration summit")
    kenyan.countries.set([Country.objects.get(code="KE")])
    kenyan.save_revision().publish()
    brazilian = NewsPageFactory(parent=news_index, title="Amazon news from Brazil")
    brazilian.countries.set([Country.objects.get(code="BR")])
    brazilian.save_revision().publish()
    unpublished = NewsPageFactory(parent=news_index, title="Unpublished Kenyan news", live=False)
    unpublished.countries.set([Country.objects.get(code="KE")])
    unpublished.save_revision()

    html = body(client.get("/countries/ke/"))
    assert "Nairobi hosts a restoration summit" in html
    assert "Amazon news from Brazil" not in html
    assert "Unpublished Kenyan news" not in html
    records = html[html.index('id="records"') :]
    assert 'id="records-news"' in records
    # "See all" goes to the news listing filtered by the country.
    assert re.search(r'href="[^"]*news/\?country=KE"', records)


@pytest.mark.usefixtures("render_not_cache")
def test_profile_runs_a_fixed_number_of_queries(client, home_page, kenya):
    news_index = NewsIndexPageFactory(parent=home_page)

    def add(n, start):
        for i in range(n):
            NationalTargetFactory(
                country="KE",
                title=f"More {start + i}",
                alignments=[(4 + i % 5, "medium")],
                published=True,
            )
            DataSeriesFactory(country="KE", points=[(2020, i), (2021, i + 1)], published=True)
            page = NewsPageFactory(parent=news_index, title=f"News {start + i}")
            page.countries.set([Country.objects.get(code="KE")])
            page.save_revision().publish()

    add(1, 0)
    client.get("/countries/ke/")  # caches (locales, site root paths) filled
    with CaptureQueriesContext(connection) as once:
        assert client.get("/countries/ke/").status_code == 200
    add(4, 10)
    with CaptureQueriesContext(connection) as five_times:
        assert client.get("/countries/ke/").status_code == 200
    assert len(five_times) == len(once), [q["sql"] for q in five_times.captured_queries]


def test_profile_json_ld_and_weight(client, kenya):
    response = client.get("/countries/ke/")
    html = body(response)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "Country"
    assert data["identifier"] == "KE"
    assert data["containedInPlace"]["identifier"] == "002"
    assert weight(response) < 100 * 1024


def test_profile_in_arabic_is_right_to_left(client, kenya):
    html = body(client.get("/ar/countries/ke/"))
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert 'id="target-3"' in html


def test_profile_links_to_exports_filtered_by_the_country(client, kenya):
    html = body(client.get("/countries/ke/"))
    assert "/reporting/export/national-targets.csv?country=KE" in html
    assert "/reporting/export/progress.xlsx?country=KE" in html


# --- Countries index -------------------------------------------------------------------------


def test_countries_index_lists_every_country_by_region(client, kenya):
    NationalTargetFactory(country="BR", alignments=[(3, "high")])  # a draft: not counted
    response = client.get("/countries/")
    assert response.status_code == 200
    html = body(response)
    assert Country.objects.count() > 190
    assert html.count('href="/countries/') >= Country.objects.count()
    assert 'id="region-002"' in html and 'id="region-019"' in html
    kenya_item = html[html.index('href="/countries/ke/"') :][:600]
    assert "NBSAP published" in kenya_item
    assert "3 national targets" in kenya_item
    assert "Kenya&#x27;s seventh national report" in kenya_item
    brazil_item = html[html.index('href="/countries/br/"') :][:400]
    assert "No NBSAP published" in brazil_item and "0 national targets" in brazil_item
    assert weight(response) < 100 * 1024


def test_countries_index_filters_by_region_and_reports_bad_filters(client, kenya):
    html = body(client.get("/countries/?region=002"))
    assert 'href="/countries/ke/"' in html and 'href="/countries/br/"' not in html
    html = body(client.get("/countries/?region=014"))  # Eastern Africa, a subregion
    assert 'href="/countries/ke/"' in html and 'href="/countries/ng/"' not in html
    for bad in ["999", "abc", "99999999999999999999999", "<script>", "002&region=019"]:
        response = client.get("/countries/", {"region": bad})
        assert response.status_code == 200, bad
        assert "form-errors" in body(response) or bad.startswith("002"), bad
        assert "<script>" not in body(response).split("<main", 1)[1]


@pytest.mark.usefixtures("render_not_cache")
def test_countries_index_runs_a_fixed_number_of_queries(client, kenya):
    client.get("/countries/")
    with CaptureQueriesContext(connection) as once:
        client.get("/countries/")
    for code in ["BR", "PE", "IN", "FR"]:
        NationalTargetFactory(country=code, alignments=[(1, "high")], published=True)
        NationalReportFactory(country=code, submitted_on=datetime.date(2026, 1, 5), published=True)
    with CaptureQueriesContext(connection) as more:
        client.get("/countries/")
    assert len(more) == len(once)


def test_a_record_page_leads_back_to_its_country_profile(client, kenya):
    html = body(client.get(kenya["targets"][0].get_absolute_url()))
    breadcrumbs = html[html.index('class="breadcrumbs"') :][:400]
    assert 'href="/countries/ke/"' in breadcrumbs
    html = body(client.get("/ar" + kenya["report"].get_absolute_url()))
    assert 'href="/ar/countries/ke/"' in html

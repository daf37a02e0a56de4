"""The public cooperation dashboard (its numbers on known data, read from the page's tables)
and the success stories."""

import datetime
import re

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.factories import MatchFactory, OfferFactory, SupportRequestFactory
from cooperation.models import MatchStatus, OfferStatus, RequestStatus, Transition

pytestmark = pytest.mark.django_db

DASHBOARD = "/cooperation/"


def _chart(html, chart_id):
    """``{row label: count}`` of one chart's data table."""
    table = rf'<table class="coop-chart__table" id="{chart_id}">(.*?)</table>'
    match = re.search(table, html, re.S)
    assert match, f"no chart {chart_id}"
    rows = re.findall(
        r'<th scope="row">(?:<a [^>]*>)?(.*?)(?:</a>)?</th>\s*'
        r'<td class="coop-chart__count">(\d+)</td>',
        match.group(1),
    )
    return {label: int(count) for label, count in rows}


def _figure(html, label):
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", html, re.S)
    assert match, label
    return match.group(1).strip()


@pytest.fixture
def known_data():
    now = timezone.now()
    first = SupportRequestFactory(published=True, targets=[7], countries=["KE"])
    SupportRequestFactory(published=True, targets=[7, 3], countries=["PE"])
    SupportRequestFactory(
        status=RequestStatus.MATCHED, published_at=now, targets=[3], countries=["KE", "TZ"]
    )
    SupportRequestFactory(
        status=RequestStatus.OUTCOME_REPORTED,
        published_at=now,
        countries=["KE"],
        outcome="Sixty rangers trained.",
        title="Rangers trained in Kenya",
    )
    SupportRequestFactory(status=RequestStatus.SUBMITTED, targets=[7])
    SupportRequestFactory(status=RequestStatus.VETTED, targets=[7])
    SupportRequestFactory(status=RequestStatus.DRAFT, targets=[7], countries=["KE"])
    SupportRequestFactory(status=RequestStatus.EXPIRED, targets=[7], countries=["KE"])

    OfferFactory(published=True, assistance_types=["training"])
    OfferFactory(published=True, assistance_types=["training"])
    OfferFactory(published=True, assistance_types=["training", "funding"])
    OfferFactory(status=OfferStatus.DRAFT, assistance_types=["funding"])
    OfferFactory(status=OfferStatus.CLOSED, assistance_types=["funding"])

    # Two agreed matches, accepted 4 and 10 days after their requests' publication.
    for days, status in ((4, MatchStatus.ACCEPTED), (10, MatchStatus.COMPLETED)):
        match = MatchFactory(status=status)
        published = now - datetime.timedelta(days=30)
        type(match.request).objects.filter(pk=match.request_id).update(published_at=published)
        Transition.objects.create(
            match=match,
            action="accept",
            from_status=MatchStatus.APPROVED,
            to_status=MatchStatus.ACCEPTED,
            created_at=published + datetime.timedelta(days=days),
        )
    MatchFactory(status=MatchStatus.SUGGESTED)
    MatchFactory(status=MatchStatus.DECLINED, request=first)


def test_the_dashboard_counts_requests_by_status(known_data):
    html = Client().get(DASHBOARD).content.decode()
    by_status = _chart(html, "chart-status")
    # The matches' own requests (MatchFactory) are published too: 2 + 3.
    assert by_status == {
        "Under review": 2,
        "Published": 5,
        "Matched": 1,
        "In progress": 0,
        "Completed": 0,
        "Outcome reported": 1,
        "Expired": 1,
    }
    assert _figure(html, "Requests listed") == "7"


def test_the_dashboard_counts_listed_requests_by_target_in_23_rows(known_data):
    by_target = _chart(Client().get(DASHBOARD).content.decode(), "chart-target")
    assert len(by_target) == 23
    # Drafts, requests under review and expired ones are not counted.
    assert by_target["Target 7"] == 2
    assert by_target["Target 3"] == 2
    assert by_target["Target 1"] == 0


def test_the_dashboard_counts_listed_requests_by_region(known_data):
    by_region = _chart(Client().get(DASHBOARD).content.decode(), "chart-region")
    # Kenya and Tanzania are both in Africa: the request naming both counts once.
    assert by_region["Africa"] == 3
    assert by_region["Americas"] == 1
    assert by_region["Europe"] == 0


def test_the_dashboard_counts_published_offers_by_assistance_type(known_data):
    html = Client().get(DASHBOARD).content.decode()
    by_type = _chart(html, "chart-assistance")
    # The four matches' published offers have no assistance type.
    assert by_type["Training"] == 3
    assert by_type["Funding"] == 1
    assert by_type["Data and tools"] == 0
    assert _figure(html, "Offers listed") == "7"


def test_the_dashboard_shows_matches_made_and_the_median_time_to_a_match(known_data):
    html = Client().get(DASHBOARD).content.decode()
    assert _figure(html, "Matches made") == "2"
    assert _figure(html, "Median time from publication to a match") == "7 days"


def test_the_dashboard_before_any_match():
    html = Client().get(DASHBOARD).content.decode()
    assert _figure(html, "Matches made") == "0"
    assert _figure(html, "Median time from publication to a match") == "No match yet"
    assert "No request is published yet." in html


def test_the_dashboard_bars_link_to_filtered_listings_and_tables_have_captions(known_data):
    html = Client().get(DASHBOARD).content.decode()
    assert '<a href="/cooperation/requests/?target=7"' in html
    assert '<a href="/cooperation/requests/?region=002"' in html
    assert '<a href="/cooperation/offers/?assistance_type=training"' in html
    assert '<a href="/cooperation/requests/?status=matched"' in html
    assert html.count("<caption") == 4
    assert '<meter min="0" max="100" value="100"' in html
    for link in ("/cooperation/requests/", "/cooperation/offers/", "/cooperation/success-stories/"):
        assert f'href="{link}"' in html


def test_the_dashboard_lists_the_latest_records(known_data):
    latest = SupportRequestFactory(published=True, title="The newest request")
    offer = OfferFactory(published=True, title="The newest offer")
    html = Client().get(DASHBOARD).content.decode()
    assert latest.title in html and offer.title in html


def _queries(path):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.usefixtures("render_not_cache")
def test_the_dashboard_takes_a_few_queries_whatever_the_data(known_data):
    _queries(DASHBOARD)  # warms the site's caches (site, settings, locale)
    before = _queries(DASHBOARD)
    assert before <= 25
    for number in range(10):
        SupportRequestFactory(published=True, targets=[number + 1], countries=["FR"])
        OfferFactory(published=True, assistance_types=["data-and-tools"], targets=[2])
        MatchFactory(status=MatchStatus.IN_PROGRESS)
    assert _queries(DASHBOARD) == before


def test_the_dashboard_reads_right_to_left_in_arabic(known_data):
    response = Client().get(f"/ar{DASHBOARD}")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


# -- success stories ---------------------------------------------------------------------------


def test_success_stories_show_reported_outcomes_only(known_data):
    SupportRequestFactory(status=RequestStatus.COMPLETED, title="Completed without a story")
    html = Client().get("/cooperation/success-stories/").content.decode()
    assert "Rangers trained in Kenya" in html
    assert "Sixty rangers trained." in html
    assert "Completed without a story" not in html
    assert "1 story" in html


def test_success_stories_render_the_outcome_as_sanitized_markdown():
    SupportRequestFactory(
        status=RequestStatus.OUTCOME_REPORTED,
        outcome="**Forty** hectares <script>alert(1)</script>",
    )
    html = Client().get("/cooperation/success-stories/").content.decode()
    assert "<strong>Forty</strong>" in html
    assert "<script>alert(1)" not in html


def test_success_stories_with_none_yet_and_a_bad_page():
    response = Client().get("/cooperation/success-stories/?page=zzz")
    assert response.status_code == 200
    assert "No outcome has been reported yet." in response.content.decode()

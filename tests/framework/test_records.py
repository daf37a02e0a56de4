"""A target's records: grouped by type, counted as the visitor may see them, in a bounded
number of queries, each type linking to its filtered listing."""

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chm.factories import NewsPageFactory, ResourcePageFactory
from community.experts.factories import ExpertProfileFactory
from community.forums.factories import CategoryFactory, ThreadFactory
from cooperation.factories import OfferFactory, SupportRequestFactory
from events.factories import EventPageFactory
from exchange.serializers import get_serializer
from taxonomy.models import Country, Region, Target, ThematicArea

from .conftest import classify

pytestmark = pytest.mark.django_db


def _records(news_index, resource_index, events_index, copies=1):
    """``copies`` public records of each type on target 7, and some that must not count."""
    for _ in range(copies):
        classify(NewsPageFactory(parent=news_index), 7)
        classify(ResourcePageFactory(parent=resource_index), 7, 8)
        classify(EventPageFactory(parent=events_index), 7)
        classify(ExpertProfileFactory(), 7)
        classify(ThreadFactory(), 7)
        SupportRequestFactory(published=True, targets=[7])
        OfferFactory(published=True, targets=[7])


def _section(html, record_type):
    start = html.index(f'id="group-{record_type}"')
    return html[start : html.index("</section>", start)]


def test_target_page_groups_records_by_type_with_counts_and_latest(
    client, framework_page, news_index, resource_index, events_index
):
    _records(news_index, resource_index, events_index, copies=2)
    newest = classify(NewsPageFactory(parent=news_index, title="Newest nitrogen news"), 7)
    html = client.get("/framework/targets/7/").content.decode()
    news = _section(html, "news")
    assert "3 records" in news
    assert 'href="/news/?target=7"' in news
    assert newest.title in news
    for record_type in ("resource", "event", "expert", "forum-thread", "request", "offer"):
        assert "2 records" in _section(html, record_type), record_type
    assert 'id="group-page"' not in html  # no standard page on target 7


def test_target_page_shows_at_most_five_latest_per_type(client, framework_page, news_index):
    for _ in range(7):
        classify(NewsPageFactory(parent=news_index), 7)
    news = _section(client.get("/framework/targets/7/").content.decode(), "news")
    assert "7 records" in news
    assert news.count("<li>") == 5


def test_counts_respect_permissions(client, framework_page, member, news_index):
    group = Group.objects.create(name="IPLC caucus")
    restricted = CategoryFactory(group=group)
    classify(ThreadFactory(category=restricted, title="Caucus only"), 7)
    classify(ThreadFactory(title="Open to all"), 7)
    classify(NewsPageFactory(parent=news_index, live=False, title="Unpublished"), 7)
    SupportRequestFactory(targets=[7], title="A draft request")  # not published

    html = client.get("/framework/targets/7/").content.decode()
    assert "1 record" in _section(html, "forum-thread")
    assert "Caucus only" not in html
    assert "Unpublished" not in html
    assert "A draft request" not in html
    index = client.get("/framework/").content.decode()
    start = index.index('href="/framework/targets/7/"')
    assert "1 record<" in index[start : index.index("</li>", start)]

    member.groups.add(group)
    client.force_login(member)
    html = client.get("/framework/targets/7/").content.decode()
    assert "2 records" in _section(html, "forum-thread")
    assert "Caucus only" in html


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/framework/", "/framework/targets/7/"])
@pytest.mark.usefixtures("render_not_cache")
def test_queries_do_not_grow_with_records(
    client, framework_page, news_index, resource_index, events_index, path
):
    _records(news_index, resource_index, events_index, copies=1)
    _queries(client, path)  # warm caches (site root paths, content types)
    once = _queries(client, path)
    _records(news_index, resource_index, events_index, copies=4)
    assert _queries(client, path) == once
    # A few queries per record type, whatever the number of records.
    assert once < 4 * 9 + 20


def test_feed_queries_are_capped_by_its_length(
    client, framework_page, news_index, resource_index, events_index, settings
):
    """A feed item's summary may cost a query (a forum thread's is its opening post), so a
    feed costs at most one query per item beyond the per-type ones, and it has at most
    ``max_items`` items."""
    from framework.feeds import TermFeed

    _records(news_index, resource_index, events_index, copies=3)
    assert _queries(client, "/framework/targets/7/atom/") < 4 * 9 + 20 + TermFeed.max_items


def test_listing_urls_of_each_type(news_index, resource_index, events_index, partner_index):
    seven = Target.objects.get(number=7)
    kenya = Country.objects.get(code="KE")
    africa = Region.objects.get(identifier="002")
    area = ThematicArea.objects.first()
    assert get_serializer("news").listing_url(target=seven) == "/news/?target=7"
    assert get_serializer("resource").listing_url(target=seven) == "/resources/?target=7"
    assert get_serializer("event").listing_url(country=kenya).endswith("?country=KE")
    assert get_serializer("partner").listing_url(region=africa).endswith("?region=002")
    assert get_serializer("expert").listing_url(target=seven) == "/experts/?target=7"
    assert get_serializer("request").listing_url(target=seven) == "/cooperation/requests/?target=7"
    assert get_serializer("offer").listing_url(theme=area) == (
        f"/cooperation/offers/?thematic_area={area.slug}"
    )
    # No listing of its own that filters by target: the unified search, by type and term.
    assert get_serializer("forum-thread").listing_url(target=seven) == (
        "/search/?type=forum-thread&target=GBF-TARGET-07"
    )
    assert get_serializer("page").listing_url() == "/search/?type=page"


def test_listing_url_falls_back_to_search_without_an_index_page(db):
    seven = Target.objects.get(number=7)
    assert get_serializer("news").listing_url(target=seven) == (
        "/search/?type=news&target=GBF-TARGET-07"
    )


def test_news_count_link_leads_to_the_filtered_news_listing(client, framework_page, news_index):
    on_seven = classify(NewsPageFactory(parent=news_index, title="Nutrient runoff halved"), 7)
    classify(NewsPageFactory(parent=news_index, title="Mangroves replanted"), 2)
    html = client.get("/framework/targets/7/").content.decode()
    assert 'href="/news/?target=7"' in _section(html, "news")
    listing = client.get("/news/?target=7").content.decode()
    assert on_seven.title in listing
    assert "Mangroves replanted" not in listing


def test_pages_behind_a_login_restriction_count_only_for_members(
    client, framework_page, member, news_index
):
    from wagtail.models import PageViewRestriction

    classify(NewsPageFactory(parent=news_index, title="Members' briefing"), 7)
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")
    html = client.get("/framework/targets/7/").content.decode()
    assert 'id="group-news"' not in html
    assert "Members&#x27; briefing" not in html
    client.force_login(member)
    html = client.get("/framework/targets/7/").content.decode()
    assert "1 record" in _section(html, "news")

"""Query budgets (issue 14): each page type renders with a fixed number of queries, whatever
the number of records it shows.

Every test seeds the page's records once (1×), counts the queries of a render, seeds nine
times as many more (10×) and counts again: the two counts must be equal, and equal to the
page's budget, written beside the test (and in the README's "Query budgets"), so that both
an N+1 and a new per-page query show as a failure to look at. Counts are of a warm render
(the second request after seeding): what a busy site serves again and again.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import client_for


@pytest.fixture(autouse=True)
def _render_not_cache(settings):
    """Measure the render, not the anonymous page cache (chm/pagecache.py, where present);
    an N+1 zeal sees on these pages fails the test."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.ZEAL_RAISE = True


def count_queries(client, url):
    """Queries of a warm render of ``url`` (a first request fills the per-process caches)."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def assert_budget(clients, url, seed, budgets):
    """``seed(n)`` adds n records to the page at ``url`` (a callable: the URL may depend on
    the first seed). ``budgets``: one number per client, the page's budget for that reader."""
    seed(1)
    url = url() if callable(url) else url
    once = [count_queries(client, url) for client in clients]
    seed(9)
    tenfold = [count_queries(client, url) for client in clients]
    assert once == tenfold, f"{url}: {once} queries with 1× content, {tenfold} with 10×"
    assert once == budgets, f"{url}: budget {budgets}, measured {once}"


# --- forums ---------------------------------------------------------------------------------


@pytest.fixture
def forum_moderator(db):
    from django.contrib.auth.models import Permission

    from community.members.factories import ProfileFactory

    user = ProfileFactory(display_name="Mod Erator").user
    user.user_permissions.add(Permission.objects.get(codename="moderate_forums"))
    return user


@pytest.fixture
def readers(client, member):
    """An anonymous visitor and a signed-in member."""
    return [client, client_for(member)]


def test_forum_thread_budget(readers, forum_moderator, other_member, settings):
    """A thread of 5 posts, then of 50 (20 a page): the per-post permissions are per page."""
    from community.forums.factories import CategoryFactory, PostFactory, ThreadFactory
    from community.members.factories import ProfileFactory

    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 0
    thread = ThreadFactory(category=CategoryFactory(), author=other_member)
    authors = [ProfileFactory().user for _ in range(4)]

    def seed(n):
        for i in range(n * 5 - (1 if n == 1 else 0)):
            author = authors[i % len(authors)]
            mentioned = authors[(i + 1) % len(authors)].profile.display_name
            PostFactory(thread=thread, author=author, body=f"Agreed, @[{mentioned}]: *yes*.")

    assert_budget(
        [*readers, client_for(forum_moderator)], thread.get_absolute_url, seed, [21, 35, 35]
    )


def test_forum_index_and_category_budget(readers, other_member):
    from community.forums.factories import CategoryFactory, ThreadFactory

    category = CategoryFactory()

    def seed(n):
        for _ in range(n):
            CategoryFactory()
            ThreadFactory(category=category, author=other_member)

    assert_budget(readers, "/forums/", seed, [7, 12])
    assert_budget(readers, category.get_absolute_url(), seed, [9, 17])


# --- pages and listings ---------------------------------------------------------------------


def _classified(record, *numbers, countries=("KE", "BR")):
    """Classify ``record`` as its editor would: targets by number and countries by code."""
    from taxonomy.models import Country, Target

    record.targets.set(Target.objects.filter(number__in=numbers))
    record.countries.set(Country.objects.filter(code__in=countries))
    return record


def _pages(factory, parent, **kwargs):
    """A ``seed(n)`` adding n classified live pages under ``parent``; remembers the first."""
    made = []

    def seed(n):
        for _ in range(n):
            page = factory(parent=parent, **kwargs)
            _classified(page, 3, 7)
            page.save_revision().publish()
            made.append(page)

    seed.made = made
    return seed


def test_home_budget(readers, home_page, news_index, events_index):
    from chm.factories import NewsPageFactory
    from events.factories import EventPageFactory

    news, events = _pages(NewsPageFactory, news_index), _pages(EventPageFactory, events_index)

    def seed(n):
        news(n)
        events(n)

    assert_budget(readers, "/", seed, [23, 28])


@pytest.mark.parametrize(
    ("factory", "index", "listing", "record"),
    [
        ("chm.factories.NewsPageFactory", "news_index", [26, 31], [28, 33]),
        ("events.factories.EventPageFactory", "events_index", [28, 33], [27, 32]),
        ("chm.factories.ResourcePageFactory", "resource_index", [27, 32], [27, 32]),
    ],
    ids=["news", "events", "resources"],
)
def test_listing_and_record_budget(readers, request, factory, index, listing, record):
    """A listing with 1×, then 10× records, and one of its records."""
    from django.utils.module_loading import import_string

    parent = request.getfixturevalue(index)
    seed = _pages(import_string(factory), parent)
    assert_budget(readers, parent.url, seed, listing)
    assert_budget(readers, seed.made[0].url, lambda n: None, record)


def test_partners_budget(readers, partner_index):
    from community.partners.factories import PartnerPageFactory

    seed = _pages(PartnerPageFactory, partner_index)
    assert_budget(readers, partner_index.url, seed, [25, 31])
    assert_budget(readers, seed.made[0].url, lambda n: None, [37, 45])


def test_experts_budget(readers):
    from community.experts.factories import ExpertProfileFactory

    made = []

    def seed(n):
        for _ in range(n):
            made.append(_classified(ExpertProfileFactory(), 2, 9))

    assert_budget(readers, "/experts/", seed, [15, 21])
    assert_budget(readers, lambda: made[0].get_absolute_url(), lambda n: None, [22, 27])


def test_cooperation_budget(readers):
    from cooperation.factories import OfferFactory, SupportRequestFactory

    made = []

    def seed(n):
        for _ in range(n):
            made.append(SupportRequestFactory(published=True, targets=[7], countries=["KE", "TZ"]))
            OfferFactory(published=True, targets=[7], countries=["BR"])

    assert_budget(readers, "/cooperation/requests/", seed, [19, 24])
    assert_budget(readers, "/cooperation/offers/", lambda n: None, [19, 24])
    assert_budget(readers, lambda: f"/cooperation/requests/{made[0].pk}/", seed, [32, 44])


def test_search_budget(readers, news_index, resource_index):
    """A query with its facets (type, target, country, ...) over 1× and 10× matching records."""
    from chm.factories import NewsPageFactory, ResourcePageFactory

    news = _pages(NewsPageFactory, news_index, title="Mangrove restoration news")
    resources = _pages(ResourcePageFactory, resource_index, title="Mangrove guide")

    def seed(n):
        news(n)
        resources(n)

    # The database backend counts facets in one query more on PostgreSQL.
    extra = 1 if connection.vendor == "postgresql" else 0
    assert_budget(readers, "/search/?q=mangrove", seed, [20 + extra, 26 + extra])


def test_framework_target_budget(readers, home_page, news_index):
    """Target 7's page lists the records classified with it."""
    from chm.factories import NewsPageFactory
    from framework.factories import FrameworkPageFactory

    FrameworkPageFactory(parent=home_page)
    seed = _pages(NewsPageFactory, news_index)
    assert_budget(readers, "/framework/targets/7/", seed, [37, 42])


def test_country_profile_budget(readers):
    from reporting.factories import NationalTargetFactory

    def seed(n):
        for _ in range(n):
            NationalTargetFactory(country="KE", alignments=[(3, "high")], published=True)

    assert_budget(readers, "/countries/ke/", seed, [25, 30])

"""National site to central portal (issue 13, part 5): what a national CHM site of this
deployment publishes appears in the central portal's listings with its origin, and a separate
national instance registered as a portal source shows its records with that origin."""

import pytest

from chm.factories import NewsIndexPageFactory, NewsPageFactory, ResourcePageFactory
from chm.national_sites import create_national_site
from events.factories import EventPageFactory
from exchange import portal
from exchange.harvesting import run_source
from exchange.models import HarvestSource, Provenance, SourceKind

from .fakes import FakeAPI, news_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya(home_page):
    return create_national_site("KE", "kenya.localhost", 80)


@pytest.fixture
def kenya_news(kenya):
    index = NewsIndexPageFactory(parent=kenya.home, slug="news")
    return NewsPageFactory(parent=index, title="Kenya restores Lake Naivasha", slug="naivasha")


def test_national_news_appears_on_the_central_listing_with_its_origin(
    client, news_index, kenya_news
):
    NewsPageFactory(parent=news_index, title="Central story", slug="central")
    html = client.get(news_index.url).content.decode()
    assert "Kenya restores Lake Naivasha" in html and "Central story" in html
    assert "From Kenya CHM" in html


def test_the_national_listing_shows_only_its_own_records(client, news_index, kenya_news):
    NewsPageFactory(parent=news_index, title="Central story", slug="central")
    national_index = kenya_news.get_parent().specific
    records = list(national_index.base_queryset())
    assert [page.title for page in records] == ["Kenya restores Lake Naivasha"]


def test_a_central_listing_without_national_sites_is_unchanged(news_index):
    page = NewsPageFactory(parent=news_index)
    assert list(news_index.base_queryset()) == [page]


def test_national_resources_and_events_reach_the_central_listings(
    client, kenya, resource_index, events_index
):
    from chm.factories import ResourceIndexPageFactory
    from events.factories import EventIndexPageFactory

    resources = ResourceIndexPageFactory(parent=kenya.home, slug="resources")
    ResourcePageFactory(parent=resources, title="Kenya wetlands toolkit")
    events = EventIndexPageFactory(parent=kenya.home, slug="events")
    event = EventPageFactory(parent=events, title="Nairobi biodiversity week")
    assert "Kenya wetlands toolkit" in client.get(resource_index.url).content.decode()
    assert event in events_index.specific.base_queryset()


def test_a_separate_national_instance_shows_its_origin(client, news_index, monkeypatch):
    source = HarvestSource.objects.create(
        name="chm.go.ke",
        slug="kenya",
        kind=SourceKind.PORTAL,
        url="https://chm.go.ke",
        origin_name="Kenya CHM",
        record_types=["news"],
    )
    monkeypatch.setattr(portal, "fetch", FakeAPI([news_item("k-1")]))
    run_source(source)
    page = Provenance.objects.get(original_id="k-1").record
    assert "Harvested from Kenya CHM" in client.get(page.url).content.decode()
    assert page in news_index.base_queryset()

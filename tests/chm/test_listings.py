"""The shared listing base (chm.listings) as a visitor meets it on news, resources and events:
pages keep the filters, bad filter values are reported and ignored, feeds and calendar links
follow the filters, and the home page shows its own site's upcoming events."""

import datetime
import re

import pytest
from defusedxml import ElementTree as ET

from django.utils import timezone

from wagtail.models import Site

from chm.factories import NewsPageFactory, ResourcePageFactory
from chm.models import HomePage
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventFormat

pytestmark = pytest.mark.django_db


def _soon(days):
    start = timezone.now() + datetime.timedelta(days=days)
    return {"start": start, "end": start + datetime.timedelta(hours=2)}


def test_news_pages_keep_the_filters(client, news_index):
    for number in range(14):
        NewsPageFactory(
            parent=news_index, title=f"Story {number:02d}", date=datetime.date(2025, 5, 1)
        )
    NewsPageFactory(parent=news_index, title="Old story", date=datetime.date(2019, 5, 1))
    first = client.get(news_index.url, {"year": "2025"}).content.decode()
    assert 'href="?year=2025&amp;page=2" rel="next"' in first
    second = client.get(news_index.url, {"year": "2025", "page": "2"}).content.decode()
    assert second.count('class="result result--news"') == 2
    assert "Old story" not in second
    assert 'href="?year=2025&amp;page=1" rel="prev"' in second
    # The feeds offered on page 2 follow the filters, not the page.
    assert f'href="{news_index.url}rss/?year=2025"' in second
    assert f'href="{news_index.url}atom/?year=2025"' in second


def test_unfiltered_listing_offers_plain_feed_links(client, news_index):
    NewsPageFactory(parent=news_index, title="Only story")
    html = client.get(news_index.url).content.decode()
    assert f'href="{news_index.url}rss/"' in html
    assert "Clear filters" not in html


def test_bad_filter_value_is_reported_and_the_valid_ones_still_apply(client, resource_index):
    ResourcePageFactory(parent=resource_index, title="Guide of 2020", year=2020)
    ResourcePageFactory(parent=resource_index, title="Guide of 2024", year=2024)
    response = client.get(resource_index.url, {"resource_type": "spaceship", "year": "2020"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood and have been ignored" in html
    assert "Guide of 2020" in html and "Guide of 2024" not in html
    assert "Clear filters" in html


def test_event_views_and_calendar_links_keep_the_filters(client, events_index):
    EventPageFactory(
        parent=events_index,
        title="Online seminar",
        event_format=EventFormat.ONLINE,
        online_url="https://meet.example.org/x",
        **_soon(3),
    )
    html = client.get(
        f"{events_index.url}calendar/2030/1/", {"event_format": "online", "page": "3"}
    ).content.decode()
    for target in ("", "past/", "calendar/", "calendar/2029/12/", "calendar/2030/2/"):
        assert f'href="{events_index.url}{target}?event_format=online"' in html
    assert f'href="{events_index.url}ical/?event_format=online"' in html
    # Links to the other views drop the page number (the page's own canonical link keeps it).
    assert not re.search(r'<a [^>]*href="[^"]*page=3', html)
    assert "These follow the filters you have chosen." in html


def test_event_feed_carries_the_listing_filters(client, events_index):
    EventPageFactory(
        parent=events_index,
        title="Online seminar",
        event_format=EventFormat.ONLINE,
        online_url="https://meet.example.org/x",
        **_soon(3),
    )
    EventPageFactory(parent=events_index, title="Field visit", **_soon(4))
    EventPageFactory(
        parent=events_index,
        title="Past webinar",
        event_format=EventFormat.ONLINE,
        online_url="https://meet.example.org/y",
        start=timezone.now() - datetime.timedelta(days=9),
        end=timezone.now() - datetime.timedelta(days=8),
    )
    listing = client.get(events_index.url, {"event_format": "online"}).content.decode()
    assert f'href="{events_index.url}rss/?event_format=online"' in listing
    rss = ET.fromstring(client.get(f"{events_index.url}rss/?event_format=online").content)
    titles = [item.findtext("title") for item in rss.find("channel").findall("item")]
    assert len(titles) == 1 and titles[0].startswith("Online seminar")


def test_bad_event_filter_keeps_the_valid_ones(client, events_index):
    EventPageFactory(
        parent=events_index,
        title="Online seminar",
        event_format=EventFormat.ONLINE,
        online_url="https://meet.example.org/x",
        **_soon(3),
    )
    EventPageFactory(parent=events_index, title="Field visit", **_soon(4))
    html = client.get(events_index.url, {"event_format": "online", "country": "XX"}).text
    assert "Some filters were not understood and have been ignored" in html
    assert "Online seminar" in html and "Field visit" not in html


def test_home_page_shows_upcoming_events_of_its_own_site_only(client, home_page, root_page):
    events = EventIndexPageFactory(parent=home_page)
    EventPageFactory(parent=events, title="Global assembly", **_soon(5))
    national = root_page.add_child(instance=HomePage(title="CHM Kenya", slug="chm-kenya"))
    Site.objects.create(hostname="ke.example.org", port=80, root_page=national)
    national_events = EventIndexPageFactory(parent=national)
    EventPageFactory(parent=national_events, title="Nairobi meetup", **_soon(2))

    central = client.get("/").content.decode()
    assert "Global assembly" in central and "Nairobi meetup" not in central
    kenya = client.get("/", HTTP_HOST="ke.example.org").content.decode()
    assert "Nairobi meetup" in kenya and "Global assembly" not in kenya


def test_home_page_without_upcoming_events_has_no_events_section(client, home_page):
    events = EventIndexPageFactory(parent=home_page)
    EventPageFactory(
        parent=events,
        title="Past workshop",
        start=timezone.now() - datetime.timedelta(days=3),
        end=timezone.now() - datetime.timedelta(days=2),
    )
    html = client.get("/").content.decode()
    assert "Upcoming events" not in html and "Past workshop" not in html

"""News as a visitor sees it: listing, filters, article page, JSON-LD and feeds."""

import datetime

import pytest
from defusedxml import ElementTree as ET

from chm.factories import NewsPageFactory
from taxonomy.models import Country, Target
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _article(parent, title, date, tags=(), targets=(), countries=()):
    page = NewsPageFactory(parent=parent, title=title, date=date)
    page.tags.add(*tags)
    page.targets.set(Target.objects.filter(number__in=targets))
    page.countries.set(Country.objects.filter(code__in=countries))
    page.save_revision().publish()
    return page


@pytest.fixture
def articles(news_index):
    return [
        _article(news_index, "Oceans treaty ratified", datetime.date(2025, 3, 1), ["oceans"], [3]),
        _article(news_index, "Kenya restores wetlands", datetime.date(2026, 5, 2), [], [2], ["KE"]),
        _article(news_index, "Finance roundtable", datetime.date(2026, 6, 3), ["finance"], [19]),
    ]


def test_news_index_lists_newest_first(client, news_index, articles):
    html = client.get(news_index.url).content.decode()
    assert html.index("Finance roundtable") < html.index("Kenya restores") < html.index("Oceans")
    assert "3 articles" in html


def test_draft_news_is_not_listed(client, news_index, articles):
    NewsPageFactory(parent=news_index, title="Embargoed story", live=False)
    assert "Embargoed story" not in client.get(news_index.url).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag=oceans", {"Oceans treaty ratified"}),
        ("target=2", {"Kenya restores wetlands"}),
        ("country=KE", {"Kenya restores wetlands"}),
        ("year=2026", {"Kenya restores wetlands", "Finance roundtable"}),
        ("year=2026&tag=finance", {"Finance roundtable"}),
    ],
)
def test_news_filters(client, news_index, articles, query, expected):
    html = client.get(f"{news_index.url}?{query}").content.decode()
    shown = {a.title for a in articles if a.title in html}
    assert shown == expected


def test_unknown_filter_value_is_reported_and_ignored(client, news_index, articles):
    response = client.get(f"{news_index.url}?country=XX&tag=oceans")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood" in html
    assert "Oceans treaty ratified" in html and "Kenya restores wetlands" not in html


def test_news_index_paginates(client, news_index):
    for number in range(14):
        NewsPageFactory(parent=news_index, title=f"Story {number:02d}")
    first = client.get(news_index.url).content.decode()
    second = client.get(f"{news_index.url}?page=2").content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert first.count('class="result result--news"') == 12
    assert second.count('class="result result--news"') == 2


def test_news_page_shows_article_and_json_ld(client, news_index, articles):
    page = articles[0]
    page.author = "Amina Diallo"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<h1>Oceans treaty ratified</h1>" in html
    assert "by Amina Diallo" in html
    assert f'href="{news_index.url}?tag=oceans"' in html
    document = json_ld(html)
    assert document["@type"] == "NewsArticle"
    assert document["headline"] == "Oceans treaty ratified"
    assert document["datePublished"] == "2025-03-01"
    assert document["author"] == {"@type": "Person", "name": "Amina Diallo"}
    assert "oceans" in document["keywords"] and "GBF-TARGET-03" in document["keywords"]


def test_rss_feed_is_valid_xml_and_follows_filters(client, news_index, articles):
    response = client.get(f"{news_index.url}rss/?tag=finance")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Finance roundtable"]
    item = channel.find("item")
    assert item.findtext("guid") == f"urn:uuid:{articles[2].uuid}"
    assert item.findtext("link").endswith(articles[2].url)


def test_atom_feed_is_valid_xml(client, news_index, articles):
    response = client.get(f"{news_index.url}atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Finance roundtable", "Kenya restores wetlands", "Oceans treaty ratified"]


def test_index_page_advertises_its_feeds(client, news_index, articles):
    html = client.get(f"{news_index.url}?tag=oceans").content.decode()
    assert (
        f'type="application/rss+xml" title="News (RSS)" href="{news_index.url}rss/?tag=oceans"'
        in html
    )

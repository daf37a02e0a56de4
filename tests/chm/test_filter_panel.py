"""The collapsible filter panel (issue 14): its summary counts the filters in use, leaving out
the ones the listing rejected, and a form with errors opens it so they are seen."""

import re

import pytest

from chm.factories import NewsIndexPageFactory


@pytest.fixture
def news(home_page):
    return NewsIndexPageFactory(parent=home_page, slug="news")


def panel(html):
    return re.search(r'<details class="filter-panel"[^>]*>.*?</summary>', html, re.S).group(0)


@pytest.mark.django_db
def test_summary_counts_the_filters_in_use(client, news):
    assert "badge" not in panel(client.get(news.url).content.decode())
    html = client.get(news.url + "?target=3&country=KE&page=1").content.decode()
    assert "2 active" in panel(html)
    assert " open" not in panel(html).split(">")[0]


@pytest.mark.django_db
def test_rejected_filters_are_not_counted_and_open_the_panel(client, news):
    html = client.get(news.url + "?target=99&country=KE").content.decode()
    summary = panel(html)
    assert "1 active" in summary
    assert summary.startswith('<details class="filter-panel" open>')
    html = client.get(news.url + "?target=nonsense&country=%00").content.decode()
    assert "badge" not in panel(html)


@pytest.mark.django_db
def test_search_facets_count_each_ticked_value(client, home_page):
    html = client.get("/search/?q=x&sort=date&target=3&target=4").content.decode()
    assert "2 active" in panel(html)

"""Forum search results, a page at a time: the search survives pagination as typed, even with
characters that mean something in a URL (the page links used to paste it in unencoded, so
"Fish & Chips" came back as a search for "Fish ")."""

import pytest

from django.urls import reverse

from community.forums.factories import ThreadFactory
from community.forums.views import THREADS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "encoded"),
    [("Fish & Chips", "q=Fish+%26+Chips"), ("Target #3", "q=Target+%233")],
)
def test_search_query_survives_pagination(client, public_category, member, query, encoded):
    for number in range(THREADS_PER_PAGE + 1):
        ThreadFactory(category=public_category, author=member, title=f"{query} {number:02d}")
    ThreadFactory(category=public_category, author=member, title="Fish stocks")
    url = reverse("forums:search")

    first = client.get(url, {"q": query}).content.decode()
    assert f'href="?{encoded}&amp;page=2" rel="next"' in first

    second = client.get(f"{url}?{encoded}&page=2").content.decode()
    assert f"{THREADS_PER_PAGE + 1} threads match" in second
    assert "Fish stocks" not in second
    assert f'href="?{encoded}&amp;page=1" rel="prev"' in second

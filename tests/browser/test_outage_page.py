"""The "temporarily unavailable" page a reader meets while the database is down, in English
and Arabic. The fault is injected in the live server (finding the site raises the error
psycopg gives while PostgreSQL restarts), then lifted: "Try again" brings the page back."""

import pytest

from django.db import OperationalError

from wagtail.models import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "language", "direction", "title"),
    [("/news/", "en", "ltr", "Temporarily unavailable"), ("/ar/news/", "ar", "rtl", None)],
)
def test_reader_sees_the_unavailable_page_then_retries(
    page, site_on_live_server, news_index, monkeypatch, path, language, direction, title
):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Site, "find_for_request", refuse)
    response = page.goto(path)
    assert response.status == 503
    assert int(response.headers["retry-after"]) > 0
    root = page.locator("html")
    assert root.get_attribute("lang") == language
    assert root.get_attribute("dir") == direction
    heading = page.locator("main h1")
    assert heading.inner_text().strip()
    if title:
        assert heading.inner_text().strip() == title
    # In the site's layout: its stylesheet applies and its header is shown.
    assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').includes('site.css'))")
    assert page.locator("header.site-header").is_visible()
    retry = page.locator("main a")
    assert retry.count() == 1
    assert retry.get_attribute("href") == path

    monkeypatch.undo()  # the database is back
    with page.expect_navigation() as navigation:
        retry.click()
    assert navigation.value.status == 200
    assert page.locator("html").get_attribute("lang") == language

"""Open Graph and Twitter card tags on every page: what a link preview on social media or in a
chat shows (title, description, URL from the request, image when the page has one, locale)."""

import re

import pytest

from django.urls import reverse

from chm.factories import NewsPageFactory, StandardPageFactory
from tests.helpers import png_upload

pytestmark = pytest.mark.django_db


def meta(html):
    """{property or name: content} of the page's meta tags."""
    found = {}
    for match in re.finditer(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html):
        found.setdefault(match.group(1), match.group(2))
    return found


def test_a_page_describes_itself(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Get involved",
        slug="get-involved",
        introduction="Join as a member & take part in the <discussions>.",
    )
    tags = meta(client.get(page.url, HTTP_HOST="chm.example.org").content.decode())
    assert tags["og:title"] == "Get involved"
    assert tags["og:type"] == "website"
    assert tags["og:description"] == "Join as a member &amp; take part in the ."
    assert tags["og:url"] == f"http://chm.example.org{page.url}"
    assert tags["og:site_name"] == "Biodiversity Clearing-House"
    assert tags["og:locale"] == "en_US"
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags


def test_an_article_with_a_lead_image_shows_it(client, news_index):
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(title="Mangroves", file=png_upload(size=(1600, 900)))
    article = NewsPageFactory(
        parent=news_index,
        title="Mangroves return to the delta",
        introduction="Replanting works.",
        lead_image=image,
        lead_image_alt="Young mangroves at low tide",
    )
    tags = meta(client.get(article.url).content.decode())
    assert tags["og:type"] == "article"
    assert tags["og:title"] == "Mangroves return to the delta"
    assert tags["og:image"].startswith("http://testserver/")
    assert tags["og:image:alt"] == "Young mangroves at low tide"
    assert tags["twitter:card"] == "summary_large_image"


def test_views_that_are_not_pages_have_tags_too(client, home_page):
    html = client.get(reverse("forums:index")).content.decode()
    tags = meta(html)
    assert tags["og:title"] == "Forums"
    assert tags["og:url"] == "http://testserver/forums/"
    assert re.search(r"<title>Forums · ", html)


def test_locale_follows_the_language(client, home_page):
    tags = meta(client.get("/ar/").content.decode())
    assert tags["og:locale"] == "ar_AR"
    assert tags["og:url"] == "http://testserver/ar/"

"""Issue 13 part 1 in a real browser, in English and Arabic: a developer finds the public API
from the site's footer, reads its documentation in their language and follows an example
request, which answers JSON records."""

import json

import pytest

from django.utils.translation import gettext_lazy as _

from chm.factories import NewsIndexPageFactory, NewsPageFactory

from .journey_steps import assert_language, snapshot, text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEWS_TITLE = {"en": "Peatlands rewetted in Belarus", "ar": "إعادة ترطيب أراضي الخث في بيلاروس"}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_visitor_opens_the_api_docs_from_the_footer_and_follows_an_example(
    new_tab, site_on_live_server, language
):
    home = site_on_live_server
    news_index = NewsIndexPageFactory(parent=home, title="News", slug="news")
    news = NewsPageFactory(parent=news_index, title=NEWS_TITLE[language])
    news.save_revision().publish()

    visitor = new_tab()
    visitor.goto("/" if language == "en" else f"/{language}/")
    footer = visitor.locator("footer")
    footer.get_by_role("link", name=text(_("Public API for developers"), language)).click()
    visitor.wait_for_url("**/api/v1/docs**")
    assert_language(visitor, language)
    heading = visitor.get_by_role("heading", level=1)
    assert heading.inner_text() == text(_("Public API"), language)
    assert visitor.get_by_role("heading", name=text(_("Rate limits"), language)).count() == 1
    snapshot(visitor, f"api-docs-{language}")

    example = visitor.locator("a.api-example", has_text="/api/v1/records/?limit=5")
    example.first.click()
    visitor.wait_for_url("**/api/v1/records/?limit=5")
    document = json.loads(visitor.locator("body").inner_text())
    assert NEWS_TITLE[language] in [item["title"] for item in document["items"]]

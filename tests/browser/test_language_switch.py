"""The language switcher in a real browser (issue 11 item 4): from a page in each of the six
languages to each of the others, the visitor stays on the same content with the query string
intact, with and without JavaScript, and the choice is remembered."""

from urllib.parse import urlsplit

import pytest
from wagtail_localize.models import TranslationSource

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from chm.factories import NewsIndexPageFactory, NewsPageFactory

from .journey_steps import assert_language, text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def prefixed(language, path):
    return path if language == "en" else f"/{language}{path}"


def switch(page, language):
    """Open the switcher and follow the link to ``language``, as a visitor does."""
    switcher = page.locator(".language-switcher")
    switcher.locator("summary").click()
    switcher.get_by_role("link", name=LANG_INFO[language]["name_local"], exact=True).click()
    page.wait_for_load_state()


@pytest.fixture
def seed_banks(site_on_live_server):
    news = NewsIndexPageFactory(parent=site_on_live_server, show_in_menus=True)
    item = NewsPageFactory(parent=news, slug="seed-banks", title="Community seed banks", live=False)
    item.save_revision().publish()  # published pages are indexed for search
    return item


@pytest.mark.parametrize("start", LANGUAGES)
def test_switch_from_a_page_in_each_language_to_every_other(new_tab, seed_banks, start):
    visitor = new_tab()
    for target in LANGUAGES:
        if target == start:
            continue
        visitor.goto(prefixed(start, "/news/seed-banks/"))
        assert_language(visitor, start)
        switch(visitor, target)
        assert urlsplit(visitor.url).path == prefixed(target, "/news/seed-banks/")
        assert_language(visitor, target)
        assert visitor.locator("h1").inner_text().strip() == "Community seed banks"


@pytest.mark.parametrize("start", ["ar", "en"])
def test_switch_keeps_the_query_string_on_a_listing(new_tab, seed_banks, start):
    visitor = new_tab()
    visitor.goto(prefixed(start, "/search/?q=seed&type=news"))
    switch(visitor, "es")
    parts = urlsplit(visitor.url)
    assert parts.path == "/es/search/"
    assert parts.query == "q=seed&type=news"
    assert_language(visitor, "es")
    result = visitor.locator("main").get_by_role("link", name="Community seed banks")
    assert urlsplit(result.get_attribute("href")).path == "/es/news/seed-banks/"


@pytest.mark.parametrize("start", ["ar", "fr"])
def test_switch_works_on_views_outside_the_page_tree(new_tab, site_on_live_server, start):
    visitor = new_tab()
    visitor.goto(prefixed(start, "/forums/"))
    switch(visitor, "en")
    assert urlsplit(visitor.url).path == "/forums/"
    assert_language(visitor, "en")


def test_switch_without_javascript(page_without_js, seed_banks):
    page_without_js.goto("/ar/news/seed-banks/")
    switch(page_without_js, "ru")
    assert urlsplit(page_without_js.url).path == "/ru/news/seed-banks/"
    assert_language(page_without_js, "ru")


def test_a_translated_page_is_shown_in_the_chosen_language(new_tab, seed_banks):
    source, _created = TranslationSource.get_or_create_from_instance(seed_banks)
    source.create_or_update_translation(
        Locale.objects.get(language_code="fr"), copy_parent_pages=True, fallback=True
    )
    french = seed_banks.get_translation(Locale.objects.get(language_code="fr"))
    french.title = "Banques de semences communautaires"
    french.save_revision().publish()

    visitor = new_tab()
    visitor.goto("/ar/news/seed-banks/")
    assert visitor.locator(".translation-notice").count() == 1
    switch(visitor, "fr")
    assert urlsplit(visitor.url).path == "/fr/news/seed-banks/"
    assert visitor.locator("h1").inner_text().strip() == "Banques de semences communautaires"
    assert visitor.locator(".translation-notice").count() == 0
    switch(visitor, "en")
    assert visitor.locator("h1").inner_text().strip() == "Community seed banks"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_choice_is_remembered_at_the_home_address(new_tab, seed_banks, language):
    visitor = new_tab()
    visitor.goto("/fr/news/")
    switch(visitor, language)
    visitor.goto("/")
    assert_language(visitor, language)
    assert urlsplit(visitor.url).path == prefixed(language, "/")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_menu_links_keep_the_readers_language(new_tab, seed_banks, language):
    visitor = new_tab()
    visitor.goto(prefixed(language, "/"))
    visitor.get_by_role("navigation", name=text(_("Main"), language)).get_by_role(
        "link", name="News"
    ).click()
    visitor.wait_for_load_state()
    assert urlsplit(visitor.url).path == prefixed(language, "/news/")
    assert_language(visitor, language)
    visitor.get_by_role("link", name="Community seed banks").first.click()
    visitor.wait_for_load_state()
    assert urlsplit(visitor.url).path == prefixed(language, "/news/seed-banks/")
    assert_language(visitor, language)

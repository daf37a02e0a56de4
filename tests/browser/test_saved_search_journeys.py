"""Saved searches in a real browser, in English and in Arabic.

A member searches, saves the search with a weekly digest, finds it in "My saved searches",
renames it and makes it daily, and follows its feed link; a visitor who tries to save a
search is sent to sign in and comes back to the search, now with the form to save it.
"""

from urllib.parse import unquote, urlencode

import pytest
from defusedxml import ElementTree

from django.utils.text import slugify

from chm.factories import StandardPageFactory
from search.models import Frequency, SavedSearch

from .journey_steps import assert_language, sign_in, url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]
WORDS = {"en": "mangrove", "ar": "المانغروف"}
TITLES = {"en": "Mangrove nurseries for the coast", "ar": "مشاتل المانغروف للساحل"}
ATOM = "{http://www.w3.org/2005/Atom}"
SAVE_FORM = "main section.save-search form"


def _publish(home_page, title):
    page = StandardPageFactory(parent=home_page, title=title, slug=slugify(title) or "page")
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_saves_a_search_changes_it_and_follows_its_feed(
    page, site_on_live_server, member, password, language
):
    _publish(site_on_live_server, TITLES[language])
    sign_in(page, language, member.email, password)

    page.goto(url("search:search", language) + f"?q={WORDS[language]}")
    assert_language(page, language)
    assert page.locator("main .results").get_by_text(TITLES[language]).count() == 1
    page.fill(f"{SAVE_FORM} input[name=name]", "Coast " + WORDS[language])
    page.select_option(f"{SAVE_FORM} select[name=frequency]", "weekly")
    page.click(f"{SAVE_FORM} button[type=submit]")
    page.wait_for_load_state()

    # "My saved searches" lists it, in the member's language.
    assert unquote(page.url).endswith(url("search:saved", language))
    assert_language(page, language)
    saved = SavedSearch.objects.get(user=member)
    assert (saved.query, saved.frequency) == (urlencode({"q": WORDS[language]}), Frequency.WEEKLY)
    assert page.locator("main h2", has_text="Coast " + WORDS[language]).count() == 1

    page.fill(f"input[name=s{saved.pk}-name]", "Coastal " + WORDS[language])
    page.select_option(f"select[name=s{saved.pk}-frequency]", "daily")
    page.click(f"form[action$='/saved/{saved.pk}/'] button[type=submit]")
    page.wait_for_load_state()
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Coastal " + WORDS[language], Frequency.DAILY)
    assert page.locator("main h2", has_text="Coastal " + WORDS[language]).count() == 1

    # Its feed link: the private Atom feed a feed reader fetches without the session.
    feed_url = page.locator(f"main a[href$='/saved/{saved.feed_token}/feed/']").get_attribute(
        "href"
    )
    response = page.context.request.get(feed_url)
    assert response.status == 200
    root = ElementTree.fromstring(response.body())
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert titles == [TITLES[language]]

    # Opening the search again from the list.
    page.click(f"main a[href$='?{saved.query}']")
    page.wait_for_load_state()
    assert page.locator("main .results").get_by_text(TITLES[language]).count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_trying_to_save_a_search_is_sent_to_sign_in_and_back(
    page, site_on_live_server, member, password, language
):
    _publish(site_on_live_server, TITLES[language])
    search = url("search:search", language) + f"?q={WORDS[language]}"
    page.goto(search)
    assert page.locator(SAVE_FORM).count() == 0

    page.click("main section.save-search a")
    page.wait_for_load_state()
    assert_language(page, language)
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    assert unquote(page.url).endswith(search)
    assert page.locator(SAVE_FORM).count() == 1

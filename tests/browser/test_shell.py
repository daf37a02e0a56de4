"""The site shell in a real browser: keyboard access, no-JavaScript use, right-to-left."""

import pytest

from wagtail.models import Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site_on_live_server(home_page, live_server):
    from urllib.parse import urlsplit

    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
    return home_page


def test_skip_link_is_first_and_moves_focus_to_main(page, site_on_live_server):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_works_without_javascript(page_without_js, site_on_live_server):
    page = page_without_js
    page.goto("/")
    page.select_option("#language-select", "fr")
    page.click(".language-switcher button[type=submit]")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(".skip-link").text_content().strip() == "Aller au contenu principal"


def test_arabic_lays_out_right_to_left(page, site_on_live_server):
    page.goto("/ar/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand = page.locator(".site-brand").bounding_box()
    viewport = page.viewport_size
    # The brand sits at the start of the line, which is the right-hand side in Arabic.
    assert brand["x"] > viewport["width"] / 2


def test_sign_in_without_javascript(page_without_js, site_on_live_server, member, password):
    page = page_without_js
    page.goto("/accounts/login/")
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto("/members/")
    assert "My account" in page.locator("h1").text_content()

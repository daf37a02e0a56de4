"""The site shell in a real browser: keyboard access, no-JavaScript use, right-to-left."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
    page.locator(".language-switcher summary").click()
    page.locator(".language-switcher").get_by_role("link", name="français").click()
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


def test_header_search_suggests_records_and_works_with_the_keyboard(page, site_on_live_server):
    from chm.factories import StandardPageFactory

    wetlands = StandardPageFactory(
        parent=site_on_live_server, title="Wetlands of Africa", slug="wetlands", live=False
    )
    wetlands.save_revision().publish()  # published pages are indexed for search
    page.goto("/")
    box = page.locator("#site-search-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("wetl")
    option = page.locator(".site-search [role=option]", has_text="Wetlands of Africa")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    assert listbox.get_attribute("role") == "listbox"
    assert "suggestions" in page.locator(".site-search [role=status]").text_content()

    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"

    box.fill("wetla")
    option.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/wetlands/")
    assert page.locator("h1").inner_text() == "Wetlands of Africa"


def test_header_search_without_javascript_opens_the_search_page(
    page_without_js, site_on_live_server
):
    page = page_without_js
    page.goto("/")
    page.fill("#site-search-q", "wetlands")
    page.click(".site-search button[type=submit]")
    page.wait_for_url("**/search/?q=wetlands")
    assert page.locator("h1").inner_text() == "Search"

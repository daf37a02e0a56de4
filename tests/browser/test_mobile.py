"""The site on a phone (issue 14 item 6), at 375×667 (an iPhone SE), in English and Arabic.

The header folds its navigation, search and language behind a "Menu" button and each listing
folds its filters behind a "Filters" summary, both <details> disclosures, so they work with
JavaScript off too; the first search result shows on the first screen. The partner directory
loads Leaflet and the world outline only when the visitor asks for the map. On a wide screen
the header and the filters are laid out as before, with no button to press.
"""

import pytest

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chm.factories import NewsIndexPageFactory, NewsPageFactory
from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from taxonomy.models import Country, Target

from .journey_steps import assert_language, text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
LANGUAGES = ["en", "ar"]
# The closed header: one row, the site's name beside the menu button (258 px before issue 14).
MAX_HEADER_HEIGHT = 80


def prefixed(language, path):
    return path if language == "en" else f"/{language}{path}"


@pytest.fixture
def phone(new_tab):
    """A tab at 375×667 (or ``viewport``), with or without JavaScript."""

    def open_tab(javascript=True, viewport=PHONE):
        return new_tab(
            viewport=viewport,
            java_script_enabled=javascript,
            is_mobile=viewport is PHONE,
            has_touch=viewport is PHONE,
        )

    return open_tab


@pytest.fixture
def content(site_on_live_server):
    """A news index in the menu with a few classified stories, and a partner directory."""
    news = NewsIndexPageFactory(
        parent=site_on_live_server, title="News", slug="news", show_in_menus=True
    )
    stories = []
    for number, title in enumerate(
        ["Wetland restoration in the Sahel", "Mangrove restoration pays off", "Seed banks"], 1
    ):
        story = NewsPageFactory(parent=news, title=title, slug=f"story-{number}", live=False)
        story.targets.set([Target.objects.get(number=2 if number < 3 else 3)])
        story.countries.set([Country.objects.get(code="KE")])
        story.save_revision().publish()  # published pages are indexed for search
        stories.append(story)
    partners = PartnerIndexPageFactory(
        parent=site_on_live_server, title="Partners", slug="partners"
    )
    partner = PartnerPageFactory(
        parent=partners,
        title="Kenya Wildlife Trust",
        slug="kwt",
        live=False,
        country=Country.objects.get(code="KE"),
    )
    partner.save_revision().publish()
    return {"news": news, "stories": stories, "partners": partners}


def header_height(tab):
    return tab.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_compact_header_menu_opens_the_navigation_search_and_language(
    phone, content, language, javascript, capsys
):
    tab = phone(javascript=javascript)
    tab.goto(prefixed(language, "/"))
    assert_language(tab, language)
    with capsys.disabled():  # the figure the README records
        print(f"\nheader at 375 px ({language}): {header_height(tab):.0f} px")
    assert header_height(tab) <= MAX_HEADER_HEIGHT

    menu = tab.locator("#site-menu")
    button = menu.locator(":scope > summary")
    nav = tab.get_by_role("navigation", name=text(_("Main"), language))
    assert button.is_visible()
    assert button.inner_text().strip() == text(_("Menu"), language)
    assert not nav.is_visible() and not tab.locator("#site-search-q").is_visible()

    button.click()
    assert menu.get_attribute("open") is not None
    assert nav.get_by_role("link", name="News").is_visible()
    assert tab.locator("#site-search-q").is_visible()
    assert tab.locator(".language-switcher summary").is_visible()
    # Opening the menu overlays the page; the header itself keeps its height.
    assert header_height(tab) <= MAX_HEADER_HEIGHT

    # The button sits at the end of the line: the right in English, the left in Arabic.
    brand, box = tab.locator(".site-brand").bounding_box(), button.bounding_box()
    if language == "ar":
        assert box["x"] < brand["x"]
    else:
        assert box["x"] > brand["x"]

    # Search from the menu.
    tab.fill("#site-search-q", "restoration")
    tab.press("#site-search-q", "Enter")
    tab.wait_for_load_state()
    assert "q=restoration" in tab.url

    button = tab.locator("#site-menu > summary")
    button.click()
    nav = tab.get_by_role("navigation", name=text(_("Main"), language))
    nav.get_by_role("link", name="News").click()
    tab.wait_for_load_state()
    assert tab.url.endswith(prefixed(language, "/news/"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_works_from_the_keyboard(phone, content, language):
    tab = phone()
    tab.goto(prefixed(language, "/"))
    tab.keyboard.press("Tab")  # the skip link
    tab.keyboard.press("Tab")  # the site's name
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.matches('#site-menu > summary')")
    tab.keyboard.press("Enter")
    assert tab.locator("#site-menu").get_attribute("open") is not None
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('.site-nav') !== null")
    tab.keyboard.press("Escape")  # static/js/disclosure.js
    assert tab.locator("#site-menu").get_attribute("open") is None
    assert tab.evaluate("document.activeElement.matches('#site-menu > summary')")


@pytest.mark.parametrize("language", LANGUAGES)
def test_desktop_header_shows_everything_without_a_menu_button(phone, content, language):
    for javascript in (True, False):
        tab = phone(javascript=javascript, viewport=DESKTOP)
        tab.goto(prefixed(language, "/"))
        assert not tab.locator("#site-menu > summary").is_visible()
        nav = tab.get_by_role("navigation", name=text(_("Main"), language))
        assert nav.get_by_role("link", name="News").is_visible()
        assert tab.locator("#site-search-q").is_visible()
        assert tab.locator(".language-switcher summary").is_visible()
        # One row: the brand, navigation and search share a line.
        assert header_height(tab) < 100
        # The filters are open, with no summary to press.
        tab.goto(prefixed(language, "/news/"))
        assert not tab.locator(".filter-panel > summary").is_visible()
        assert tab.locator(".filter-panel form select").first.is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_first_search_result_is_on_the_first_screen(phone, content, language, capsys):
    for javascript in (True, False):
        tab = phone(javascript=javascript)
        tab.goto(prefixed(language, "/search/?q=restoration"))
        first = tab.locator("ol.results > li").first
        first.wait_for()
        box = first.bounding_box()
        with capsys.disabled():
            print(f"\nfirst search result at 375 px ({language}): top {box['y']:.0f} px")
        assert box["y"] + 40 < PHONE["height"], f"first result at {box['y']} px"
        # The facets are folded away, one press from view.
        assert not tab.locator("fieldset.facet").first.is_visible()
        tab.locator(".filter-panel > summary").click()
        assert tab.locator("fieldset.facet").first.is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_filters_collapse_expand_and_submit(phone, content, language, javascript):
    tab = phone(javascript=javascript)
    tab.goto(prefixed(language, "/news/"))
    panel = tab.locator(".filter-panel")
    summary = panel.locator("summary")
    target = panel.locator("select[name=target]")
    assert summary.is_visible() and summary.inner_text().strip() == text(_("Filters"), language)
    assert panel.get_attribute("open") is None and not target.is_visible()
    # The first story shows on the first screen, above the folded filters' fold.
    first = tab.locator("ul.results > li").first
    assert first.bounding_box()["y"] < PHONE["height"]

    summary.click()
    assert target.is_visible()
    target.select_option(value="3")
    panel.locator("button[type=submit]").click()
    tab.wait_for_load_state()
    assert "target=3" in tab.url
    stories = tab.locator("ul.results h2, ul.results h3")
    assert stories.count() == 1 and "Seed banks" in stories.first.inner_text()
    # Folded again, the summary says how many filters are in use.
    panel = tab.locator(".filter-panel")
    assert panel.get_attribute("open") is None
    with translation.override(language):
        active = translation.ngettext("%(counter)s active", "%(counter)s active", 1) % {
            "counter": 1
        }
    assert panel.locator("summary .badge").inner_text().strip() == active


@pytest.mark.parametrize("language", LANGUAGES)
def test_partner_map_loads_only_when_asked(phone, content, language):
    tab = phone()
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(prefixed(language, "/partners/"))
    tab.wait_for_load_state("networkidle")
    assert "Kenya Wildlife Trust" in tab.locator("main").inner_text()
    heavy = ("leaflet", "land-110m", "centroids", "/map.json", "map-data")
    assert not [url for url in requested if any(part in url for part in heavy)]
    assert not tab.locator("#partner-map").is_visible()

    button = tab.get_by_role("button", name=text(_("Show map"), language))
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    tab.locator("#partner-map .leaflet-interactive").first.wait_for()
    assert any("leaflet" in url and url.endswith(".js") for url in requested)
    assert any("land-110m" in url for url in requested)
    hide = tab.get_by_role("button", name=text(_("Hide map"), language))
    assert hide.get_attribute("aria-expanded") == "true"
    hide.click()
    assert not tab.locator("#partner-map").is_visible()
    tab.get_by_role("button", name=text(_("Show map"), language)).click()
    assert tab.locator("#partner-map").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_partner_directory_without_javascript_is_the_list(phone, content, language):
    tab = phone(javascript=False)
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.goto(prefixed(language, "/partners/"))
    assert tab.get_by_role("link", name="Kenya Wildlife Trust").is_visible()
    assert not tab.locator("#partner-map-button").is_visible()  # nothing to press in vain
    assert not [url for url in requested if "leaflet" in url or "land-110m" in url]


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_layout_has_no_axe_violation_with_menu_and_filters_open(new_tab, content, language):
    """axe-core at 375 px on the pages with the new disclosures, closed and then open."""
    from .test_accessibility import AXE, AXE_RUN, RULES, describe

    if not AXE.exists():
        pytest.skip("npm ci installs axe-core into node_modules/")
    tab = new_tab(viewport=PHONE, bypass_csp=True)
    found = {}
    for path in ("/", "/news/", "/search/?q=restoration", "/partners/"):
        tab.goto(prefixed(language, path))
        for state in ("closed", "open"):
            if state == "open":  # the filters first: the open menu overlays the page
                if tab.locator(".filter-panel > summary").count():
                    tab.locator(".filter-panel > summary").click()
                tab.locator("#site-menu > summary").click()
            tab.add_script_tag(path=str(AXE))
            violations = tab.evaluate(AXE_RUN, RULES)["violations"]
            if violations:
                found[f"{path} ({state})"] = describe(violations)
    assert not found, "axe-core violations:\n" + "\n".join(f"{k}: {v}" for k, v in found.items())

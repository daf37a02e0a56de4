"""National clearing-house sites in a real browser, in English and in Arabic (issue 12).

A visitor opens Kenya's national site by its host name, ``kenya.localhost`` on the live
server's port (Chromium resolves every ``*.localhost`` name to the loopback address, where the
live server listens: no ``--host-resolver-rules`` and no Host header needed), sees the site's
colour and Kenya's records, and follows one to the central portal, which answers at the live
server's own address. A Kenyan site editor signs in to the admin on the national host, edits
and publishes the site's home page, and is turned away from the central home page's editor.
"""

from urllib.parse import urlsplit

import pytest

from wagtail.models import Page

from chm.factories import NewsIndexPageFactory, NewsPageFactory
from chm.models import HomePage
from chm.national_sites import create_national_site
from community.members.factories import UserFactory
from reporting.factories import NationalTargetFactory, NBSAPFactory
from taxonomy.models import Country

from .journey_steps import assert_language, sign_in_to_admin, snapshot
from .test_journeys import publish_in_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]
ACCENT_RGB = "rgb(31, 95, 139)"  # #1f5f8b
INTRODUCTIONS = {
    "en": "Kenya's strategy, targets and news, from the shared clearing-house.",
    "ar": "استراتيجية كينيا وأهدافها وأخبارها من آلية تبادل المعلومات المشتركة.",
}


def prefixed(language, path="/"):
    return path if language == "en" else f"/{language}{path}"


@pytest.fixture
def kenya(site_on_live_server, live_server):
    port = urlsplit(live_server.url).port
    result = create_national_site("KE", "kenya.localhost", port, accent_colour="#1f5f8b")
    result.address = f"http://kenya.localhost:{port}"
    return result


@pytest.fixture
def national_tab(chromium, kenya):
    context = chromium.new_context(base_url=kenya.address)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_sees_the_countrys_site_and_follows_a_record_to_the_central_portal(
    national_tab, kenya, live_server, language
):
    NBSAPFactory(country="KE", published=True, title="Kenya NBSAP 2025–2030")
    target = NationalTargetFactory(
        country="KE",
        sequence=1,
        alignments=[(3, "high")],
        published=True,
        title="Protect 30% of Kenya",
    )
    NationalTargetFactory(country="KE", sequence=2, title="A draft nobody sees yet")
    news_index = NewsIndexPageFactory(parent=kenya.home, title="News", show_in_menus=True)
    article = NewsPageFactory(parent=news_index, title="Mau forest nurseries", slug="mau")
    article.countries.set([Country.objects.get(code="KE")])
    article.save_revision().publish()

    tab = national_tab
    response = tab.goto(prefixed(language))
    assert response.status == 200
    assert_language(tab, language)
    assert urlsplit(tab.url).hostname == "kenya.localhost"
    assert tab.locator("h1").inner_text().strip() == "Kenya CHM"
    assert tab.locator(".site-brand__name").inner_text().strip() == "Kenya CHM"
    # Its branding: the header takes the site's colour.
    header = tab.locator(".site-header")
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") == ACCENT_RGB
    # Its own navigation and news, in the reader's language.
    menu_link = tab.locator("nav.site-nav a", has_text="News")
    assert menu_link.get_attribute("href") == prefixed(language, "/news/")
    assert tab.locator("main").get_by_role("link", name="Mau forest nurseries").count() == 1
    # Kenya's published records from the shared database; the draft is not there.
    main = tab.locator("main")
    assert main.get_by_role("link", name="Kenya NBSAP 2025–2030").count() == 1
    assert main.get_by_text("A draft nobody sees yet").count() == 0
    snapshot(tab, f"{language}-national-home")

    main.get_by_role("link", name="1. Protect 30% of Kenya").click()
    tab.wait_for_load_state()
    central = urlsplit(live_server.url)
    assert (urlsplit(tab.url).hostname, urlsplit(tab.url).port) == (central.hostname, central.port)
    assert urlsplit(tab.url).path == prefixed(language, target.get_absolute_url())
    assert_language(tab, language)
    assert "Protect 30% of Kenya" in tab.locator("h1").inner_text()
    # The central portal keeps its own name and colour.
    assert tab.locator(".site-brand__name").inner_text().strip() != "Kenya CHM"
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") != ACCENT_RGB


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_site_editor_edits_their_site_and_only_their_site(
    national_tab, kenya, password, language
):
    editor = UserFactory(first_name="Achieng", last_name="Otieno")
    editor.groups.add(kenya.group)
    central_home = HomePage.objects.get(depth=2)

    admin = national_tab
    sign_in_to_admin(admin, editor, password, language)
    assert_language(admin, language)
    admin.goto(f"/admin/pages/{kenya.home.pk}/edit/")
    admin.locator("#id_introduction").fill(INTRODUCTIONS[language])
    publish_in_admin(admin)
    kenya.home.refresh_from_db()
    assert kenya.home.introduction == INTRODUCTIONS[language]

    visitor = admin.context.new_page()
    visitor.goto(prefixed(language))
    assert visitor.locator("main .lead").first.inner_text().strip() == INTRODUCTIONS[language]

    # The explorer opens on their site; the central home page's editor turns them away.
    admin.goto("/admin/pages/")
    assert admin.locator(f"a[href$='/admin/pages/{central_home.pk}/edit/']").count() == 0
    admin.goto(f"/admin/pages/{central_home.pk}/edit/")
    # Wagtail's "permission denied": the dashboard, with an error message.
    assert urlsplit(admin.url).path == "/admin/"
    assert admin.locator(".messages .error").count() == 1
    assert admin.locator("#id_title").count() == 0
    title = Page.objects.get(pk=central_home.pk).title
    assert title == central_home.title

"""The site shell as a visitor sees it."""

import pytest

from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Locale, Site

from chm.factories import StandardPageFactory
from chm.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_renders_with_landmarks_and_skip_link(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<html lang="en" dir="ltr">' in html
    assert "<header" in html and "<footer" in html
    assert 'aria-label="Main"' in html


def test_standard_page_with_menu_and_breadcrumbs(client, home_page):
    parent = StandardPageFactory(
        parent=home_page, title="About us", slug="about", show_in_menus=True
    )
    child = StandardPageFactory(parent=parent, title="Our team", slug="team")
    html = client.get(child.url).content.decode()
    assert "<h1>Our team</h1>" in html
    assert 'aria-label="Breadcrumb"' in html
    assert '<a href="/about/">About us</a>' in html
    assert '<span aria-current="page">Our team</span>' in html
    home_html = client.get("/").content.decode()
    assert 'href="/about/"' in home_html


def test_draft_page_is_not_public(client, home_page):
    page = StandardPageFactory(parent=home_page, slug="secret", live=False)
    assert client.get("/secret/").status_code == 404
    assert page.pk


def test_arabic_pages_are_right_to_left(client, home_page):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_language_switcher_sets_language(client, home_page):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert 'lang="fr"' in html
    assert "Aller au contenu principal" in html


def test_wagtail_locales_exist_for_the_six_un_languages(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "ar",
        "zh-hans",
        "en",
        "fr",
        "ru",
        "es",
    }


def test_site_settings_show_in_footer(client, home_page):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.site_name = "CHM Kenya"
    settings.footer_text = "<p>Made in Nairobi</p>"
    settings.save()
    html = client.get("/").content.decode()
    assert "CHM Kenya" in html and "Made in Nairobi" in html


def test_page_weight_is_under_budget(client, home_page):
    """Low-bandwidth target: HTML plus all CSS/JS under 100 KB without images."""
    from django.contrib.staticfiles import finders

    html = client.get("/").content
    css = open(finders.find("css/site.css"), "rb").read()  # noqa: SIM115
    assert len(html) + len(css) < 100 * 1024


def test_not_found_page(client, home_page):
    response = client.get("/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_machine_endpoints(client, home_page):
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["database"]["ok"] is True
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()
    assert client.get("/sitemap.xml").status_code == 200


def test_admin_requires_login_and_editor_can_edit(client, editor_client, home_page):
    assert client.get("/admin/").status_code == 302
    assert editor_client.get("/admin/").status_code == 200
    page = StandardPageFactory(parent=home_page)
    assert editor_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert editor_client.get("/admin/snippets/taxonomy/target/").status_code == 200


def test_seed_demo_is_idempotent(home_page, tmp_path):
    out = open(tmp_path / "out.txt", "w")  # noqa: SIM115
    call_command("seed_demo", stdout=out)
    first = StandardPage.objects.count()
    from community.members.models import Profile

    profiles = Profile.objects.count()
    call_command("seed_demo", stdout=out)
    assert StandardPage.objects.count() == first >= 3
    assert Profile.objects.count() == profiles >= 10


def test_seed_demo_size_scales_members(home_page, tmp_path):
    from community.members.models import Profile

    call_command("seed_demo", "--size", "40", stdout=open(tmp_path / "o", "w"))  # noqa: SIM115
    assert Profile.objects.count() >= 40
    assert Profile.objects.values("country").distinct().count() > 10


def test_home_page_offers_ways_in_to_menu_sections(client, home_page):
    StandardPageFactory(
        parent=home_page,
        title="Get involved",
        slug="get-involved",
        show_in_menus=True,
        introduction="Join as a member.",
    )
    StandardPageFactory(parent=home_page, title="Hidden", slug="hidden", show_in_menus=False)
    html = client.get("/").content.decode()
    assert "Explore the clearing-house" in html
    assert '<a href="/get-involved/">Get involved</a>' in html
    assert "Join as a member." in html
    assert '<a href="/hidden/">' not in html


def test_editor_edits_site_settings_in_admin(editor_client, client, home_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/chm/sitesettings/{site.pk}/"
    assert editor_client.get(url).status_code == 200

    def form(email):
        return nested_form_data(
            {
                "site_name": "CHM Colombia",
                "tagline": "",
                "footer_text": rich_text("<p>Bogotá</p>"),
                "contact_email": email,
                "social_links": inline_formset([]),
            }
        )

    response = editor_client.post(url, form("not-an-email"))
    # Bad input: the form is shown again with the error and nothing is saved.
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert "CHM Colombia" not in client.get("/").content.decode()
    response = editor_client.post(url, form("chm@example.co"))
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "CHM Colombia" in html and "Bogotá" in html


def test_home_page_shows_latest_news_and_upcoming_events(client, home_page):
    import datetime

    from django.utils import timezone

    from chm.factories import NewsIndexPageFactory, NewsPageFactory
    from events.factories import EventIndexPageFactory, EventPageFactory

    news_index = NewsIndexPageFactory(parent=home_page)
    for day in range(1, 5):
        NewsPageFactory(parent=news_index, title=f"Story {day}", date=datetime.date(2026, 3, day))
    NewsPageFactory(
        parent=news_index, title="Unpublished story", live=False, date=datetime.date(2026, 4, 1)
    )
    events = EventIndexPageFactory(parent=home_page)
    now = timezone.now()
    EventPageFactory(
        parent=events,
        title="Past workshop",
        start=now - datetime.timedelta(days=10),
        end=now - datetime.timedelta(days=9),
    )
    EventPageFactory(
        parent=events,
        title="Coming webinar",
        start=now + datetime.timedelta(days=3),
        end=now + datetime.timedelta(days=3, hours=2),
    )

    html = client.get("/").content.decode()
    assert "Latest news" in html and "Upcoming events" in html
    # The three newest published stories, newest first.
    assert html.index("Story 4") < html.index("Story 3") < html.index("Story 2")
    assert "Story 1" not in html and "Unpublished story" not in html
    assert "Coming webinar" in html and "Past workshop" not in html

"""National clearing-house sites (issue 12): one deployment serves the central portal and a site
per country, each a Wagtail Site with its own host name, home page, navigation, branding and
editors, showing its country's records from the shared database; what a national site publishes
appears on the central portal with the national site's address.

The central site answers at ``testserver`` (BASE_URL in the test settings); Kenya's site at
``kenya.localhost`` and Uganda's at ``uganda.localhost``, both on port 80 like the test client.
"""

import json
import re
from io import StringIO

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)

from chm.branding import contrast_ratio, validate_accent_colour
from chm.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from chm.models import HomePage, NationalHomePage, SiteSettings
from chm.national_sites import NationalSiteError, create_national_site
from community.members.factories import UserFactory
from cooperation.factories import SupportRequestFactory
from exchange.serializers import get_serializer
from reporting.factories import NationalReportFactory, NationalTargetFactory, NBSAPFactory
from search.records import document_for
from search.tasks import index_record
from taxonomy.models import Country

pytestmark = pytest.mark.django_db

KENYA = {"HTTP_HOST": "kenya.localhost"}
UGANDA = {"HTTP_HOST": "uganda.localhost"}


@pytest.fixture
def kenya(home_page):
    return create_national_site("KE", "kenya.localhost", 80, accent_colour="#1f5f8b")


@pytest.fixture
def uganda(home_page):
    return create_national_site("UG", "uganda.localhost", 80, name="Uganda Biodiversity CHM")


@pytest.fixture
def kenya_news(kenya):
    index = NewsIndexPageFactory(parent=kenya.home, show_in_menus=True)
    page = NewsPageFactory(
        parent=index,
        title="Kenya restores the Mau forest",
        slug="mau-forest",
        introduction="Community nurseries replant the Mau.",
    )
    page.countries.set([Country.objects.get(code="KE")])
    page.save_revision().publish()
    index_record.enqueue(page._meta.app_label, page._meta.model_name, page.pk)
    return page


@pytest.fixture
def kenya_editor(kenya):
    user = UserFactory()
    user.groups.add(kenya.group)
    return user


def _main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


# --- Routing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_host_name_chooses_the_home_page_in_english_and_arabic(client, kenya, prefix):
    response = client.get(f"{prefix}/", **KENYA)
    assert response.status_code == 200
    assert response.context["page"].specific == kenya.home
    assert "<h1>Kenya CHM</h1>" in _main(response)
    if prefix:
        assert 'lang="ar"' in _html_tag(response) and 'dir="rtl"' in _html_tag(response)
    else:
        assert 'lang="en"' in _html_tag(response) and 'dir="ltr"' in _html_tag(response)


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_central_home_page_is_unchanged(client, kenya, home_page, prefix):
    response = client.get(f"{prefix}/")
    assert response.status_code == 200
    assert type(response.context["page"].specific) is HomePage
    assert "Kenya CHM" not in response.content.decode()


@pytest.mark.parametrize("path", ["/no-such-page/", "/ar/no-such-page/", "/news/mau-forest/x/"])
def test_an_unknown_path_on_a_national_host_is_a_404(client, kenya_news, path):
    assert client.get(path, **KENYA).status_code == 404


def test_a_national_page_is_served_on_its_own_host_only(client, kenya_news, uganda):
    assert client.get("/news/mau-forest/", **KENYA).status_code == 200
    assert client.get("/ar/news/mau-forest/", **KENYA).status_code == 200
    assert client.get("/news/mau-forest/").status_code == 404
    assert client.get("/news/mau-forest/", **UGANDA).status_code == 404


def test_an_unknown_host_gets_the_central_portal(client, kenya, home_page):
    response = client.get("/", HTTP_HOST="elsewhere.localhost")
    assert type(response.context["page"].specific) is HomePage


def test_the_menu_lists_the_national_sites_own_pages(client, kenya, home_page):
    StandardPageFactory(parent=kenya.home, title="About Kenya's CHM", slug="about-ke").save()
    kenya.home.get_children().update(show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Central about", slug="central", show_in_menus=True)
    national = client.get("/", **KENYA).content.decode()
    central = client.get("/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', national, re.S).group(0)
    assert "About Kenya&#x27;s CHM" in nav and "Central about" not in nav
    assert "About Kenya" not in re.search(r'<nav class="site-nav".*?</nav>', central, re.S).group(0)
    assert client.get("/about-ke/", **KENYA).status_code == 200
    ar_nav = re.search(
        r'<nav class="site-nav".*?</nav>', client.get("/ar/", **KENYA).content.decode(), re.S
    )
    assert 'href="/ar/about-ke/"' in ar_nav.group(0)


def test_each_site_has_its_own_settings_in_header_and_footer(client, kenya, home_page):
    kenya.settings.footer_text = "<p>Kenya Wildlife Service and partners.</p>"
    kenya.settings.save()
    national = client.get("/", **KENYA).content.decode()
    central = client.get("/").content.decode()
    assert '<span class="site-brand__name">Kenya CHM</span>' in national
    assert "Kenya Wildlife Service and partners." in national
    assert "Kenya Wildlife Service" not in central
    assert '<span class="site-brand__name">Kenya CHM</span>' not in central


def test_a_translated_national_site_keeps_one_path_per_page_with_fallback(
    client, kenya_news, kenya_editor
):
    """Translating the site's news into French makes the French root an alias of the national
    home (wagtail-localize): French paths are routed in the French tree, what it lacks falls
    back to English at the same path, and the site's editors may edit the new French root."""
    from tests.chm.test_i18n import translate

    StandardPageFactory(parent=kenya_news.get_parent().get_parent(), slug="about-ke").save()
    french_index = translate(kenya_news.get_parent().specific, "fr", title="Actualités")
    french_root = french_index.get_parent()
    assert french_root.specific.country.code == "KE"
    assert french_root.permissions_for_user(kenya_editor).can_edit()
    assert client.get("/fr/", **KENYA).context["page"].pk == french_root.pk
    assert "Actualités" in client.get("/fr/news/", **KENYA).content.decode()
    for path in ("/fr/news/mau-forest/", "/fr/about-ke/"):
        response = client.get(path, **KENYA)
        assert response.status_code == 200, path
        assert 'class="notice translation-notice"' in response.content.decode()
    assert client.get("/fr/no-such-page/", **KENYA).status_code == 404
    # The central site is not affected.
    assert client.get("/fr/news/mau-forest/").status_code == 404


# --- Branding ---------------------------------------------------------------------------------


def test_the_accent_colour_is_a_css_custom_property_of_that_site_only(client, kenya, home_page):
    national = client.get("/", **KENYA).content.decode()
    link = f'<link rel="stylesheet" href="{reverse("site_theme")}?v=1f5f8b">'
    assert link in national
    assert reverse("site_theme") not in client.get("/").content.decode()
    css = client.get(reverse("site_theme"), **KENYA)
    assert css["Content-Type"].startswith("text/css")
    assert "--green: #1f5f8b;" in css.content.decode()
    assert client.get(reverse("site_theme")).content == b""


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("#ffff00", "contrast of 1.07:1"),
        ("#0b6e4f80", "six hexadecimal digits"),
        ("green", "six hexadecimal digits"),
        ("#12345g", "six hexadecimal digits"),
        ("", "six hexadecimal digits"),
    ],
)
def test_a_colour_that_is_not_hex_or_too_light_for_white_text_is_refused(colour, message):
    with pytest.raises(ValidationError) as error:
        validate_accent_colour(colour)
    assert message in " ".join(error.value.messages)


def test_the_contrast_check_follows_wcag():
    assert round(contrast_ratio("#000000"), 1) == 21.0
    assert round(contrast_ratio("#767676"), 2) == 4.54  # the lightest grey that passes
    validate_accent_colour("#767676")
    with pytest.raises(ValidationError):
        validate_accent_colour("#777777")
    validate_accent_colour("#0B6E4F")  # upper case is fine


def test_the_settings_form_refuses_a_light_colour_and_saves_nothing(editor_client, kenya):
    url = reverse("wagtailsettings:edit", args=["chm", "sitesettings", kenya.site.pk])
    assert editor_client.get(url).status_code == 200
    empty_text = json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "type": "unstyled",
                    "text": "",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )
    data = {
        "site_name": "Kenya CHM",
        "tagline": "",
        "logo": "",
        "footer_text": empty_text,
        "contact_email": "",
        "accent_colour": "#ffcc00",
        "privacy_page": "",
        "terms_page": "",
        "conduct_page": "",
        "social_links-TOTAL_FORMS": "0",
        "social_links-INITIAL_FORMS": "0",
        "social_links-MIN_NUM_FORMS": "0",
        "social_links-MAX_NUM_FORMS": "1000",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "it needs at least 4.5:1" in response.content.decode()
    assert SiteSettings.for_site(kenya.site).accent_colour == "#1f5f8b"
    data["accent_colour"] = "#7a4a00"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert SiteSettings.for_site(kenya.site).accent_colour == "#7a4a00"


# --- The country's records --------------------------------------------------------------------


def test_the_home_page_shows_the_countrys_published_reporting_records(client, kenya):
    NBSAPFactory(country="KE", published=True, title="Kenya NBSAP 2025–2030")
    NBSAPFactory(country="KE", title="Kenya NBSAP draft revision")
    target = NationalTargetFactory(
        country="KE", alignments=[(3, "high")], published=True, title="Protect 30% of land"
    )
    NationalTargetFactory(country="KE", title="Unpublished target", sequence=2)
    NationalTargetFactory(country="UG", published=True, title="Uganda's own target")
    NationalReportFactory(country="KE", progress=[(3, "on-track"), (4, "some")], published=True)
    main = _main(client.get("/", **KENYA))
    assert "Kenya NBSAP 2025–2030" in main
    assert "Protect 30% of land" in main and "Target 3 (High)" in main
    assert "Unpublished target" not in main and "draft revision" not in main
    assert "Uganda&#x27;s own target" not in main and "Uganda's own target" not in main
    # Links lead to the record on the central portal (BASE_URL), not the national host.
    assert f'href="http://testserver{target.get_absolute_url()}"' in main
    assert "On track to achieve the target</th><td>1</td>" in main
    assert "<caption>" in main and 'scope="row"' in main


def test_a_country_without_records_says_so(client, kenya):
    main = _main(client.get("/", **KENYA))
    assert "Kenya has not published its strategy, targets or reports here yet." in main


def test_the_home_page_shows_the_countrys_other_records_visible_to_the_visitor(
    client, kenya, news_index, member
):
    central = NewsPageFactory(parent=news_index, title="Lake Victoria wetlands", slug="wetlands")
    central.countries.set([Country.objects.get(code="KE")])
    central.save_revision().publish()
    elsewhere = NewsPageFactory(parent=news_index, title="Andes páramo", slug="paramo")
    elsewhere.countries.set([Country.objects.get(code="PE")])
    elsewhere.save_revision().publish()
    SupportRequestFactory(published=True, title="Seed bank for Kakamega", countries=["KE"])
    SupportRequestFactory(title="A draft request for Kenya", countries=["KE"], owner=member)
    main = _main(client.get("/", **KENYA))
    assert 'href="http://testserver/news/wetlands/"' in main  # on the central portal
    assert "Seed bank for Kakamega" in main
    assert "Andes páramo" not in main
    assert "A draft request for Kenya" not in main
    arabic = _main(client.get("/ar/", **KENYA))
    assert 'href="http://testserver/ar/news/wetlands/"' in arabic


def test_the_home_page_lists_its_own_news(client, kenya_news):
    main = _main(client.get("/", **KENYA))
    assert 'href="/news/mau-forest/"' in main


def test_the_home_page_is_light_and_its_queries_bounded(
    client, kenya, django_assert_max_num_queries
):
    for number in range(1, 15):
        NationalTargetFactory(
            country="KE", sequence=number, alignments=[(number, "high")], published=True
        )
    client.get("/", **KENYA)  # warm caches (site root paths, locales)
    with django_assert_max_num_queries(60):
        response = client.get("/", **KENYA)
    assert len(response.content) < 100_000


# --- National records on the central portal ---------------------------------------------------


def test_a_national_news_page_has_its_sites_address_in_search_and_json_ld(client, kenya_news):
    document = document_for(kenya_news)
    assert document["url"] == "http://kenya.localhost/news/mau-forest/"
    html = client.get("/news/mau-forest/", **KENYA).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    urls = [json.loads(block).get("url") for block in blocks]
    assert "http://kenya.localhost/news/mau-forest/" in urls
    serializer = get_serializer("news")
    assert serializer.to_dict(kenya_news)["url"] == "http://kenya.localhost/news/mau-forest/"


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_central_search_finds_national_news_with_its_origin(client, kenya_news, prefix):
    response = client.get(f"{prefix}/search/", {"q": "Mau forest"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="http://kenya.localhost{prefix}/news/mau-forest/"' in html
    assert '<span class="result__origin">' in html
    if not prefix:
        assert "From Kenya CHM" in html


def test_central_records_have_no_origin_label(client, kenya, news_index):
    page = NewsPageFactory(parent=news_index, title="Mau forest seen from Nairobi", slug="mau")
    page.save_revision().publish()
    index_record.enqueue(page._meta.app_label, page._meta.model_name, page.pk)
    html = client.get("/search/", {"q": "Nairobi"}).content.decode()
    assert 'href="http://testserver/news/mau/"' in html
    assert "result__origin" not in html


def test_the_central_framework_page_lists_national_news_at_its_sites_address(
    client, kenya_news, home_page
):
    from framework.factories import FrameworkPageFactory
    from taxonomy.models import Target

    kenya_news.targets.set([Target.objects.get(number=3)])
    kenya_news.save_revision().publish()
    framework = FrameworkPageFactory(parent=home_page)
    html = client.get(framework.url + "targets/3/").content.decode()
    assert 'href="http://kenya.localhost/news/mau-forest/"' in html
    assert "From Kenya CHM" in html


def test_base_url_keeps_the_central_site_right_and_leaves_national_sites_alone(
    kenya, home_page, settings
):
    from chm.sites import sync_default_site

    settings.BASE_URL = "https://chm.example.org"
    site = sync_default_site()
    assert (site.hostname, site.port, site.root_page_id) == ("chm.example.org", 443, home_page.pk)
    kenya.site.refresh_from_db()
    assert (kenya.site.hostname, kenya.site.port) == ("kenya.localhost", 80)
    assert not kenya.site.is_default_site
    # A BASE_URL naming a national site's address does not take it over.
    settings.BASE_URL = "http://kenya.localhost"
    assert sync_default_site().hostname == "chm.example.org"


# --- Editors of a national site ---------------------------------------------------------------


def test_site_editors_may_edit_their_site_only(kenya_editor, kenya, uganda, home_page, kenya_news):
    def perms(page):
        return page.permissions_for_user(kenya_editor)

    for page in (kenya.home, kenya_news):
        assert perms(page).can_edit() and perms(page).can_publish()
    assert perms(kenya.home).can_add_subpage()
    for page in (home_page, uganda.home, Page.get_first_root_node()):
        assert not perms(page).can_edit()
        assert not perms(page).can_publish()
        assert not perms(page).can_add_subpage()
    assert not perms(kenya.home).can_delete()  # the site's root is not theirs to remove


def test_a_site_editor_in_the_admin(kenya_editor, kenya, uganda, home_page, kenya_news):
    client = Client()
    client.force_login(kenya_editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[kenya.home.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[kenya_news.pk])).status_code == 200
    for page in (home_page, uganda.home):
        # Wagtail's permission denied: back to the dashboard with a message.
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]), follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert "Sorry, you do not have permission to access this area." in (
            response.content.decode()
        )
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), {"title": "Taken over"}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        page.refresh_from_db()
        assert page.title != "Taken over"
    # The explorer opens on their own site, and offers no edit link for anyone else's pages.
    explorer = client.get(reverse("wagtailadmin_explore_root"), follow=True).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[home_page.pk]) not in explorer
    assert reverse("wagtailadmin_pages:edit", args=[uganda.home.pk]) not in explorer
    assert client.get(reverse("wagtailadmin_pages:edit", args=[99999999])).status_code == 404


def test_a_site_editor_adds_and_publishes_a_page_on_their_site(kenya_editor, kenya):
    client = Client()
    client.force_login(kenya_editor)
    url = reverse("wagtailadmin_pages:add", args=["chm", "standardpage", kenya.home.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "title": "Kenya's protected areas",
        "slug": "protected-areas",
        "introduction": "Where they are.",
        "body-count": "0",
        "action-publish": "publish",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(slug="protected-areas")
    assert page.live and page.get_parent().pk == kenya.home.pk
    assert page.full_url == "http://kenya.localhost/protected-areas/"
    central = reverse(
        "wagtailadmin_pages:add",
        args=["chm", "standardpage", Page.objects.get(depth=2, slug="home").pk],
    )
    response = client.get(central)
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_a_site_editor_cannot_move_their_site_to_another_country(kenya_editor, kenya):
    """The country field is for superusers only: a site editor's form has none, and a
    ``country`` added to the request by hand is ignored."""
    client = Client()
    client.force_login(kenya_editor)
    url = reverse("wagtailadmin_pages:edit", args=[kenya.home.pk])
    assert 'name="country"' not in client.get(url).content.decode()
    uganda = Country.objects.get(code="UG")
    response = client.post(
        url,
        {
            "title": "Kenya CHM",
            "slug": kenya.home.slug,
            "introduction": "Changed by the site's editor.",
            "country": str(uganda.pk),
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    kenya.home.refresh_from_db()
    assert kenya.home.introduction == "Changed by the site's editor."
    assert kenya.home.country.code == "KE"


def test_the_command_takes_a_name_and_a_colour(home_page):
    call_command(
        "create_national_site",
        "--country=BR",
        "--hostname=brasil.localhost",
        "--port=8000",
        "--name=  CHM   Brasil ",
        "--accent-colour=#0B6E4F",
        stdout=StringIO(),
    )
    site = Site.objects.get(hostname="brasil.localhost")
    site_settings = SiteSettings.for_site(site)
    assert (site_settings.site_name, site_settings.accent_colour) == ("CHM Brasil", "#0b6e4f")
    assert Group.objects.filter(name="CHM Brasil editors").exists()


def test_editors_get_the_same_rights_on_a_translation_of_the_home_page(kenya, kenya_editor):
    french = Locale.objects.get(language_code="fr")
    translation = kenya.home.copy_for_translation(french)
    assert translation.permissions_for_user(kenya_editor).can_edit()
    assert GroupPagePermission.objects.filter(group=kenya.group, page=translation).count() == 4


# --- The command ------------------------------------------------------------------------------


def _counts():
    return (
        Site.objects.count(),
        Page.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        SiteSettings.objects.count(),
    )


def test_the_command_creates_a_national_site(home_page):
    out = StringIO()
    call_command(
        "create_national_site",
        "--country",
        "ke",
        "--hostname",
        "Kenya.localhost",
        "--port",
        "8000",
        stdout=out,
    )
    site = Site.objects.get(hostname="kenya.localhost", port=8000)
    home = site.root_page.specific
    assert isinstance(home, NationalHomePage) and home.country.code == "KE" and home.live
    assert SiteSettings.for_site(site).site_name == "Kenya CHM"
    group = Group.objects.get(name="Kenya CHM editors")
    assert group.permissions.filter(codename="access_admin").exists()
    assert set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    ) == {
        (home.pk, codename) for codename in ("add_page", "change_page", "publish_page", "lock_page")
    }
    assert (
        GroupCollectionPermission.objects.filter(group=group, collection__name="Kenya CHM").count()
        == 6
    )
    assert "http://kenya.localhost:8000/" in out.getvalue()
    assert "Kenya CHM editors" in out.getvalue()


def test_the_command_is_idempotent(home_page):
    arguments = ["create_national_site", "--country", "KE", "--hostname", "kenya.localhost"]
    call_command(*arguments, "--port", "8000", stdout=StringIO())
    before = _counts()
    out = StringIO()
    call_command(*arguments, "--port", "8000", stdout=out)
    assert _counts() == before
    assert "Already there" in out.getvalue()
    # A later run with another name finds the same site, group and collection.
    call_command(*arguments, "--port", "8000", "--name", "Kenya's CHM", stdout=StringIO())
    assert _counts() == before


def test_the_command_uses_base_urls_port_by_default(home_page, settings):
    settings.BASE_URL = "http://127.0.0.1:8000"
    call_command(
        "create_national_site",
        "--country",
        "UG",
        "--hostname",
        "uganda.localhost",
        stdout=StringIO(),
    )
    assert Site.objects.filter(hostname="uganda.localhost", port=8000).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--country", "XX", "--hostname", "x.localhost"], "Unknown country code “XX”"),
        (["--country", "KEN", "--hostname", "x.localhost"], "Unknown country code “KEN”"),
        (["--country", "", "--hostname", "x.localhost"], "Unknown country code"),
        (["--country", "KE", "--hostname", "http://kenya.localhost"], "is not a host name"),
        (["--country", "KE", "--hostname", "kenya.localhost:8000"], "is not a host name"),
        (["--country", "KE", "--hostname", "kenya..localhost"], "is not a host name"),
        (["--country", "KE", "--hostname=-kenya.localhost"], "is not a host name"),
        (["--country", "KE", "--hostname", "k" * 300], "is not a host name"),
        (["--country", "KE", "--hostname", "kenya.localhost", "--port", "abc"], "from 1 to 65535"),
        (["--country", "KE", "--hostname", "kenya.localhost", "--port", "0"], "from 1 to 65535"),
        (
            ["--country", "KE", "--hostname", "kenya.localhost", "--port", "70000"],
            "from 1 to 65535",
        ),
        (
            ["--country", "KE", "--hostname", "kenya.localhost", "--port", "9" * 40],
            "from 1 to 65535",
        ),
        (["--country", "KE", "--hostname", "testserver", "--port", "80"], "already the address"),
        (
            ["--country", "KE", "--hostname", "kenya.localhost", "--accent-colour", "#eeeeee"],
            "needs at least 4.5:1",
        ),
        (
            ["--country", "KE", "--hostname", "kenya.localhost", "--accent-colour", "blue"],
            "six hexadecimal digits",
        ),
    ],
)
def test_the_command_refuses_bad_input_and_creates_nothing(home_page, arguments, message):
    before = _counts()
    with pytest.raises(CommandError) as error:
        call_command("create_national_site", *arguments, stdout=StringIO())
    assert message in str(error.value)
    assert _counts() == before


def test_a_taken_host_name_or_a_second_address_is_refused(kenya, home_page):
    before = _counts()
    with pytest.raises(CommandError, match="already the address of another site"):
        call_command(
            "create_national_site",
            "--country",
            "UG",
            "--hostname",
            "kenya.localhost",
            "--port",
            "80",
        )
    with pytest.raises(
        CommandError, match="Kenya already has a national site at kenya.localhost:80"
    ):
        call_command(
            "create_national_site",
            "--country",
            "KE",
            "--hostname",
            "kenya.example.org",
            "--port",
            "80",
        )
    assert _counts() == before


def test_a_failure_half_way_leaves_nothing_behind(home_page, monkeypatch):
    from chm import national_sites

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(national_sites, "grant_site_editors", broken)
    before = _counts()
    with pytest.raises(RuntimeError):
        create_national_site("KE", "kenya.localhost", 80)
    assert _counts() == before


def test_the_service_refuses_bad_input_with_a_message():
    with pytest.raises(NationalSiteError, match="Unknown country"):
        create_national_site(None, "kenya.localhost", 80)
    with pytest.raises(NationalSiteError, match="not a host name"):
        create_national_site("KE", None, 80)
    with pytest.raises(NationalSiteError, match="from 1 to 65535"):
        create_national_site("KE", "kenya.localhost", None)


# --- The demo ---------------------------------------------------------------------------------


def test_the_demo_makes_two_national_sites_once(home_page, settings):
    from chm.management.commands.seed_demo import DemoContext
    from reporting import demo_sites

    settings.BASE_URL = "http://127.0.0.1:8000"
    ctx = DemoContext(size=None, stdout=StringIO(), style=None, faker=None, random=None)
    demo_sites.seed(ctx)
    before = _counts()
    demo_sites.seed(ctx)
    assert _counts() == before
    uganda = Site.objects.get(hostname="uganda.localhost", port=8000)
    india = Site.objects.get(hostname="india.localhost", port=8000)
    assert uganda.root_page.specific.country.code == "UG"
    assert india.root_page.specific.country.code == "IN"
    client = Client()
    response = client.get("/", HTTP_HOST="uganda.localhost:8000")
    assert response.context["page"].pk == uganda.root_page.pk
    editor = Group.objects.get(name="Uganda CHM editors").user_set.get()
    assert uganda.root_page.permissions_for_user(editor).can_edit()
    assert not india.root_page.permissions_for_user(editor).can_edit()
    html = client.get("/search/", {"q": "clearing-house opens"}).content.decode()
    assert 'href="http://uganda.localhost:8000/news/uganda-chm-opens/"' in html
    assert "From Uganda CHM" in html

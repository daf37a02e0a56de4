"""One path per page in every language: the switcher, fallback routing, links that keep the
reader's language, alternates, remembered choice and ``lang`` marking (chm/i18n.py)."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from wagtail_localize.models import TranslationSource

from django.template import Context, Template
from django.utils import translation

from wagtail.models import Locale, get_page_models
from wagtail.users.models import UserProfile

from chm import i18n
from chm.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from taxonomy.models import Target

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def switcher_links(html):
    block = re.search(r'<details class="language-switcher">.*?</details>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', block)}


def translate(page, language, **fields):
    """Translate ``page`` into ``language`` as an editor does with wagtail-localize (parents
    that are not translated yet become aliases), then change ``fields`` and publish."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.create_or_update_translation(
        Locale.objects.get(language_code=language), copy_parent_pages=True, fallback=True
    )
    translated = page.get_translation(Locale.objects.get(language_code=language)).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


# --- Paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ("en", "/")),
        ("/news/", ("en", "/news/")),
        ("/fr/", ("fr", "/")),
        ("/fr", ("fr", "/")),
        ("/zh-hans/events/?page=2", ("zh-hans", "/events/?page=2")),
        ("/ar/news/x/", ("ar", "/news/x/")),
        # Not a language of the site, or not a prefix: an English path.
        ("/de/news/", ("en", "/de/news/")),
        ("/french/", ("en", "/french/")),
        ("/en/news/", ("en", "/en/news/")),
    ],
)
def test_split_language(path, expected):
    assert i18n.split_language(path) == expected


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("/ar/news/", "en", "/news/"),
        ("/ar/", "fr", "/fr/"),
        ("/fr/events/?target=7&page=2", "es", "/es/events/?target=7&page=2"),
        ("/news/", "zh-hans", "/zh-hans/news/"),
        ("/zh-hans/forums/", "ru", "/ru/forums/"),
        ("/", "en", "/"),
    ],
)
def test_path_in_language_changes_only_the_prefix(path, language, expected):
    """The cases the issue names: from /ar/news/ English is /news/ (not /ar/news/), French from
    /ar/ is /fr/ (not /fr/ar/), Spanish from /fr/events/ is /es/events/."""
    assert i18n.path_in_language(path, language) == expected


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("en", "en", True),
        ("fr", "fr-ca", True),
        ("zh-hans", "zh-Hans", True),
        ("zh-hans", "zh-hant", False),
        ("zh", "zh-hans", True),
        ("en", "ar", False),
        ("", "en", False),
        (None, "en", False),
    ],
)
def test_same_language(first, second, same):
    assert i18n.same_language(first, second) is same


# --- lang marking ----------------------------------------------------------------------------


def render_lang_attrs(code, active):
    with translation.override(active):
        return Template("{% load chm_i18n %}<p{% lang_attrs code %}>").render(
            Context({"code": code})
        )


@pytest.mark.parametrize(
    ("code", "active", "expected"),
    [
        ("en", "ar", '<p lang="en" dir="ltr">'),
        ("ar", "en", '<p lang="ar" dir="rtl">'),
        ("fr", "fr", "<p>"),
        ("en", "en", "<p>"),
        ("fa", "en", '<p lang="fa" dir="rtl">'),
        ("sw", "en", '<p lang="sw" dir="ltr">'),
        ("", "ar", "<p>"),
        ('x" onload="alert(1)', "en", '<p lang="x&quot; onload=&quot;alert(1)" dir="ltr">'),
    ],
)
def test_lang_attrs_marks_text_in_another_language(code, active, expected):
    assert render_lang_attrs(code, active) == expected


# --- Every page type keeps the reader's language in its links --------------------------------


def test_every_page_type_keeps_the_readers_language_in_links():
    missing = [
        model.__name__
        for model in get_page_models()
        if model.__name__ != "Page" and not issubclass(model, i18n.ReaderLanguageUrlMixin)
    ]
    assert missing == []


def test_every_page_type_keeps_the_slug_of_its_source():
    for model in get_page_models():
        fields = {field.field_name: type(field).__name__ for field in model.translatable_fields}
        assert fields["slug"] == "SynchronizedField", model
        assert fields["title"] == "TranslatableField", model


def test_links_to_english_pages_carry_the_readers_prefix(home_page):
    news = NewsIndexPageFactory(parent=home_page)
    item = NewsPageFactory(parent=news, slug="seed-banks")
    for language in LANGUAGES:
        with translation.override(language):
            prefix = "" if language == "en" else f"/{language}"
            assert item.url == f"{prefix}/news/seed-banks/"
            assert home_page.url == f"{prefix}/"


def test_a_translations_link_is_its_own_language(home_page):
    news = NewsIndexPageFactory(parent=home_page)
    french = translate(news, "fr", title="Actualités")
    with translation.override("en"):
        assert french.url == "/fr/news/"
        assert news.url == "/news/"


# --- Routing ---------------------------------------------------------------------------------


def test_untranslated_page_is_served_in_the_readers_shell_with_a_notice(client, home_page):
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, slug="seed-banks", title="Seed banks")
    response = client.get("/ar/news/seed-banks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "Seed banks" in html
    assert 'class="notice translation-notice"' in html
    # English pages have no notice.
    assert 'translation-notice"' not in client.get("/news/seed-banks/").content.decode()


def test_translated_tree_falls_back_to_english_for_what_it_lacks(client, home_page):
    """Once the home page has a French translation, French paths are routed in the French
    tree; a page it does not have (yet) is still found, in English, at the same path."""
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, slug="seed-banks", title="Seed banks")
    StandardPageFactory(parent=home_page, slug="about", title="About us")
    translate(news, "fr", title="Actualités")  # makes the French home page an alias

    french_news = client.get("/fr/news/")
    assert french_news.status_code == 200
    assert "Actualités" in french_news.content.decode()
    assert "translation-notice" not in french_news.content.decode()

    for path in ("/fr/news/seed-banks/", "/fr/about/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'class="notice translation-notice"' in response.content.decode()
    assert client.get("/fr/no-such-page/").status_code == 404


def test_translation_keeps_the_source_slug(home_page):
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    french = translate(news, "fr", title="Actualités", slug="actualites")
    # The next sync from the source restores the slug: one path per page.
    source = TranslationSource.objects.get_for_instance(news)
    source.update_from_db()
    source.create_or_update_translation(Locale.objects.get(language_code="fr"), fallback=True)
    french.refresh_from_db()
    assert french.slug == "news"


def test_translation_keeps_the_source_classification(home_page):
    targets = list(Target.objects.filter(number__in=[3, 7]))
    news = NewsIndexPageFactory(parent=home_page)
    item = NewsPageFactory(parent=news)
    item.targets.set(targets)
    item.save_revision().publish()
    french = translate(item, "fr", title="Banques de semences")
    assert sorted(t.number for t in french.targets.all()) == [3, 7]


# --- The switcher, alternates and canonical ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_offers_the_same_page_in_every_language(client, home_page, language):
    NewsIndexPageFactory(parent=home_page)
    prefix = "" if language == "en" else f"/{language}"
    html = client.get(f"{prefix}/news/?q=seeds&page=1").content.decode()
    links = switcher_links(html)
    assert set(links) == set(LANGUAGES)
    for code, link in links.items():
        parts = urlsplit(link.replace("&amp;", "&"))
        assert parts.path == f"/i18n/switch/{code}/"
        target_prefix = "" if code == "en" else f"/{code}"
        assert parse_qs(parts.query)["next"] == [f"{target_prefix}/news/?q=seeds&page=1"]


@pytest.mark.parametrize("path", ["/ar/forums/", "/fr/search/?q=mangroves", "/es/experts/"])
def test_switcher_works_on_django_views(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    links = switcher_links(response.content.decode())
    _lang, rest = i18n.split_language(path)
    assert parse_qs(urlsplit(links["en"].replace("&amp;", "&")).query)["next"] == [rest]


@pytest.mark.parametrize("path", ["/ar/news/", "/news/", "/zh-hans/forums/", "/ru/search/?q=x"])
def test_every_page_has_a_canonical_and_hreflang_alternates(client, home_page, path):
    NewsIndexPageFactory(parent=home_page)
    html = client.get(path).content.decode()
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical == [f"http://testserver{path}"]
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert set(alternates) == {*LANGUAGES, "x-default"}
    _lang, rest = i18n.split_language(path)
    assert alternates["x-default"] == f"http://testserver{rest}"
    assert alternates["ar"] == f"http://testserver/ar{rest}"


# --- The switch view -------------------------------------------------------------------------


def test_switching_remembers_the_choice_and_goes_to_the_page(client):
    response = client.get("/i18n/switch/fr/", {"next": "/fr/news/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/news/?page=2"
    assert response.cookies["django_language"].value == "fr"
    assert response.cookies["django_language"]["samesite"] == "Lax"


def test_switching_puts_a_next_page_in_the_chosen_language(client):
    # A link built for another language still lands in the chosen one.
    response = client.get("/i18n/switch/es/", {"next": "/ar/events/"})
    assert response["Location"] == "/es/events/"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "", "news", "\\\\evil"],
)
def test_switching_never_leaves_the_site(client, next_url):
    response = client.get("/i18n/switch/ar/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.parametrize("language", ["xx", "EN", "de", "zh", "../admin"])
def test_switching_to_an_unknown_language_is_not_found(client, db, language):
    assert client.get(f"/i18n/switch/{language}/", {"next": "/"}).status_code == 404


def test_switching_is_a_link_not_a_form(client):
    assert client.post("/i18n/switch/fr/", {"next": "/"}).status_code == 405


def test_a_members_choice_becomes_the_language_of_their_emails(auth_client, member):
    auth_client.get("/i18n/switch/ru/", {"next": "/ru/"})
    assert UserProfile.get_for_user(member).preferred_language == "ru"


def test_an_editors_admin_language_is_not_changed_by_the_public_switcher(editor_client, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    editor_client.get("/i18n/switch/ar/", {"next": "/ar/"})
    assert UserProfile.get_for_user(editor).preferred_language == "en"


def test_home_address_opens_in_the_remembered_language(client, home_page):
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/?utm=x")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/?utm=x"
    assert "Cookie" in response["Vary"]
    # Other English addresses stay English: someone linked to them.
    assert client.get("/search/").status_code == 200


@pytest.mark.parametrize("cookie", ["en", "", "xx", "../"])
def test_home_address_stays_english_without_another_choice(client, home_page, cookie):
    client.cookies["django_language"] = cookie
    response = client.get("/")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]


def test_sitemap_lists_pages_in_english_with_every_language_as_alternate(client, home_page):
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, slug="seed-banks")
    client.cookies["django_language"] = "fr"  # the fetcher's language does not matter
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/news/seed-banks/</loc>" in body
    assert "<loc>http://testserver/fr/" not in body
    for code in LANGUAGES:
        prefix = "" if code == "en" else f"/{code}"
        assert f'hreflang="{code}" href="http://testserver{prefix}/news/seed-banks/"' in body, code
    assert 'hreflang="x-default" href="http://testserver/news/seed-banks/"' in body


# Addresses outside the language prefixes: assets, the admin, machine endpoints, the switch.
# Outside the language prefix: files, the admin, and the machine endpoints (the API and its docs
# page, which carry the reader's language as ``?lang=``, and the SKOS vocabularies).
UNPREFIXED = (
    "/static/",
    "/media/",
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/i18n/",
    "/api/",
    "/taxonomy/",
)


def internal_links(html):
    return [
        href
        for href in re.findall(r'<a [^>]*href="([^"#?][^"]*)"', html)
        if href.startswith("/") and not href.startswith(UNPREFIXED)
    ]


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_every_link_on_every_page_type_keeps_the_readers_language(client, home_page, language):
    """Menus, breadcrumbs, listings, "all news", tags, subpages, chips and the framework:
    no internal link on a page read in another language drops its prefix."""
    from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
    from events.factories import EventIndexPageFactory, EventPageFactory
    from framework.factories import FrameworkPageFactory

    target = Target.objects.get(number=7)
    news = NewsIndexPageFactory(parent=home_page, show_in_menus=True)
    article = NewsPageFactory(parent=news, slug="seed-banks")
    article.tags.add("seeds")
    article.targets.set([target])
    article.save_revision().publish()
    about = StandardPageFactory(parent=home_page, slug="about", show_in_menus=True)
    StandardPageFactory(parent=about, slug="team")
    events = EventIndexPageFactory(parent=home_page, show_in_menus=True)
    EventPageFactory(parent=events, slug="summit")
    partners = PartnerIndexPageFactory(parent=home_page, show_in_menus=True)
    PartnerPageFactory(parent=partners, slug="wwf")
    FrameworkPageFactory(parent=home_page)

    paths = [
        "/",
        "/news/",
        "/news/seed-banks/",
        "/about/",
        "/about/team/",
        "/events/",
        "/events/summit/",
        "/partners/",
        "/partners/wwf/",
        "/framework/",
        "/framework/targets/7/",
        "/forums/",
        "/experts/",
    ]
    for path in paths:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        stray = [
            href
            for href in internal_links(response.content.decode())
            if not href.startswith(f"/{language}/")
        ]
        assert stray == [], (path, stray)


def test_links_to_pages_with_non_latin_slugs_keep_the_readers_language(client, home_page):
    news = NewsIndexPageFactory(parent=home_page)
    item = NewsPageFactory(parent=news, slug="إرشادات-جديدة", title="إرشادات جديدة")
    with translation.override("ar"):
        url = item.url
    assert url == "/ar/news/" + quote("إرشادات-جديدة") + "/"
    assert client.get(url).status_code == 200
    assert client.get("/ar/news/").status_code == 200

"""Editors translate pages, menus and snippets with wagtail-localize, and see what is out of date
(issue 11, item 3)."""

from datetime import timedelta

import pytest
from wagtail_localize.models import StringTranslation, TranslationSource

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Page, PageViewRestriction, Revision

from chm.factories import NewsPageFactory, StandardPageFactory
from chm.models import Announcement, SiteSettings, StandardPage
from chm.translation_report import out_of_date_count, out_of_date_translations
from taxonomy.models import Country, Target, ThematicArea


def translate(instance, language, **strings):
    """Translate ``instance`` into ``language`` the way wagtail-localize's editor does:
    extract its strings, translate the given ones (source text -> translated text) and
    publish. Returns the translated instance."""
    locale = Locale.objects.get(language_code=language)
    if isinstance(instance, Page):
        # As the Translate action does: untranslated ancestors become aliases first.
        parent = instance.get_parent().specific
        if not parent.is_root() and not parent.has_translation(locale):
            parent.copy_for_translation(locale, copy_parents=True, alias=True)
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    for string_segment in source.stringsegment_set.select_related("string", "context"):
        text = string_segment.string.data
        if text in strings:
            StringTranslation.objects.update_or_create(
                translation_of=string_segment.string,
                locale=locale,
                context=string_segment.context,
                defaults={"data": strings[text], "translation_type": "manual"},
            )
    with TestCase.captureOnCommitCallbacks(execute=True):  # it publishes on commit
        translated, _created = source.create_or_update_translation(locale, fallback=True)
    from wagtail_localize.models import Translation

    Translation.objects.get_or_create(source=source, target_locale=locale)
    return translated


def edit_source(page, title, when=None):
    """An editor (or a partner, on their own page) changes the English page."""
    page.title = title
    revision = page.save_revision()
    if when is not None:
        Revision.objects.filter(pk=revision.pk).update(created_at=when)
    revision.publish()
    return revision


@pytest.fixture
def classified_page(home_page):
    page = StandardPageFactory(parent=home_page, title="Wetlands", slug="wetlands")
    page.introduction = "Why wetlands matter"
    page.targets.set(Target.objects.filter(number__in=[2, 3]))
    page.countries.set(Country.objects.filter(code__in=["KE", "UG"]))
    page.thematic_areas.set(ThematicArea.objects.all()[:1])
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def render_menu(language, path="/"):
    request = RequestFactory().get(path)
    with translation.override(language):
        return Template(
            "{% load chm_tags %}{% main_menu as items %}"
            "{% for i in items %}[{{ i.title }}]{% endfor %}"
        ).render(Context({"request": request}))


# --- Pages ----------------------------------------------------------------------------------


def test_a_translated_page_keeps_its_text_translated_and_its_classification(classified_page):
    fr = translate(
        classified_page,
        "fr",
        Wetlands="Zones humides",
        **{"Why wetlands matter": "Pourquoi les zones humides comptent"},
    )
    fr = StandardPage.objects.get(pk=fr.pk)
    assert fr.locale.language_code == "fr"
    assert fr.title == "Zones humides"
    assert fr.introduction == "Pourquoi les zones humides comptent"
    assert fr.live
    assert {t.number for t in fr.targets.all()} == {2, 3}
    assert {c.code for c in fr.countries.all()} == {"KE", "UG"}
    assert list(fr.thematic_areas.all()) == list(classified_page.thematic_areas.all())
    assert fr.uuid != classified_page.uuid


def test_a_resync_brings_the_sources_new_classification(classified_page):
    fr = translate(classified_page, "fr", Wetlands="Zones humides")
    classified_page.targets.set(Target.objects.filter(number=7))
    classified_page.save_revision().publish()
    TranslationSource.update_or_create_from_instance(classified_page)
    source = TranslationSource.objects.get_for_instance(classified_page)
    with TestCase.captureOnCommitCallbacks(execute=True):
        source.create_or_update_translation(Locale.objects.get(language_code="fr"), fallback=True)
    fr = StandardPage.objects.get(pk=fr.pk)
    assert [t.number for t in fr.targets.all()] == [7]
    assert fr.title == "Zones humides"


def test_every_page_type_declares_its_parental_many_to_many_fields_synchronized():
    from modelcluster.fields import ParentalManyToManyField
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    from django.apps import apps

    synchronized = set()
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        declared = {
            f.field_name for f in get_translatable_fields(model) if isinstance(f, SynchronizedField)
        }
        for field in model._meta.get_fields():
            if isinstance(field, ParentalManyToManyField):
                assert field.name in declared, (model, field.name)
                synchronized.add((model._meta.label, field.name))
    assert {
        ("chm.StandardPage", "targets"),
        ("chm.NewsPage", "countries"),
        ("events.EventPage", "thematic_areas"),
        ("events.EventPage", "languages"),
        ("partners.PartnerPage", "regions"),
    } <= synchronized


def test_a_news_page_with_a_body_translates_and_serves(home_page, news_index, client):
    page = NewsPageFactory(parent=news_index, title="Big news", slug="big-news")
    page.body = [("paragraph", "<p>A river restored</p>")]
    page.save_revision().publish()
    fr = translate(
        page, "fr", **{"Big news": "Grande nouvelle", "A river restored": "Une rivière restaurée"}
    )
    assert fr.title == "Grande nouvelle"
    assert "Une rivière restaurée" in str(fr.specific.body)


def test_a_partners_own_edit_makes_the_translation_out_of_date(partner, partner_admin):
    """The partner edits the English page through the site's form (a new revision); the French
    translation does not get in the way, and is listed as out of date."""
    from tests.helpers import client_for
    from tests.partners.test_partners import _edit_data

    fr = translate(partner, "fr")
    assert fr.locale.language_code == "fr"
    assert out_of_date_count() == 0
    client = client_for(partner_admin)
    url = reverse("partners:edit", args=[partner.pk])
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + timedelta(minutes=5)
        patch.setattr(timezone, "now", lambda: later)
        response = client.post(url, _edit_data(description="We protect wetlands."))
    assert response.status_code == 302
    rows = out_of_date_translations()
    assert [(row.source_title, row.title) for row in rows] == [(partner.title, fr.title)]
    # The translation stays its own page; the partner's edit link still opens the English one.
    assert client.get(url).status_code == 200


def test_a_member_submits_an_event_when_the_events_index_is_translated(auth_client, events_index):
    from events.models import EventPage
    from tests.events.test_event_submission import SUBMIT_URL, valid_data

    translate(events_index, "fr", **{events_index.title: "Événements"})
    response = auth_client.post(SUBMIT_URL, valid_data(title="Wetland walk"), follow=True)
    assert response.status_code == 200
    event = EventPage.objects.get(title="Wetland walk")
    assert event.get_parent().pk == events_index.pk
    assert event.locale.language_code == "en"


# --- Menus ----------------------------------------------------------------------------------


@pytest.fixture
def menu_pages(home_page):
    pages = [
        StandardPageFactory(parent=home_page, title=title, slug=slug, show_in_menus=True)
        for title, slug in [
            ("About", "about"),
            ("Guidance", "guidance"),
            ("Take part", "take-part"),
        ]
    ]
    StandardPageFactory(parent=home_page, title="Hidden", slug="hidden", show_in_menus=False)
    return pages


def test_the_menu_shows_translations_where_they_exist_and_english_otherwise(menu_pages):
    translate(menu_pages[1], "fr", Guidance="Orientations")
    assert render_menu("fr") == "[About][Orientations][Take part]"
    assert render_menu("ar") == "[About][Guidance][Take part]"
    assert render_menu("en") == "[About][Guidance][Take part]"


def test_a_draft_translation_does_not_replace_the_english_entry(menu_pages):
    fr = translate(menu_pages[0], "fr", About="À propos")
    Page.objects.filter(pk=fr.pk).update(live=False)
    assert render_menu("fr") == "[About][Guidance][Take part]"


def test_a_private_page_leaves_the_menu(menu_pages):
    PageViewRestriction.objects.create(page=menu_pages[2], restriction_type="login")
    assert render_menu("fr") == "[About][Guidance]"


def test_the_menu_costs_the_same_queries_whatever_its_length(
    menu_pages, home_page, render_not_cache
):
    """The menu's own query (with the page cache on, its result is also shared between
    requests until the next write: tests/chm/test_shared_render.py)."""
    for page in menu_pages:
        translate(page, "fr", **{page.title: page.title + " (fr)"})
    render_menu("fr")  # warm the site lookup caches
    with CaptureQueriesContext(connection) as three:
        html = render_menu("fr")
    assert html == "[About (fr)][Guidance (fr)][Take part (fr)]"
    for n in range(4):
        StandardPageFactory(parent=home_page, slug=f"more-{n}", show_in_menus=True)
    with CaptureQueriesContext(connection) as seven:
        render_menu("fr")
    assert len(seven) == len(three)
    menu_queries = [
        q
        for q in three.captured_queries
        if q["sql"].split(" FROM ", 1)[1].startswith('"wagtailcore_page"')
    ]
    assert len(menu_queries) == 1


def test_footer_policy_links_follow_the_visitors_language(home_page, client):
    privacy = StandardPageFactory(parent=home_page, title="Privacy", slug="privacy")
    terms = StandardPageFactory(parent=home_page, title="Terms", slug="terms")
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.privacy_page = privacy
    site_settings.terms_page = terms
    site_settings.save()
    fr_terms = translate(terms, "fr", Terms="Conditions")
    request = RequestFactory().get("/fr/")
    from wagtail.contrib.settings.context_processors import settings as settings_processor

    template = Template(
        "{% load chm_tags %}{% policy_links as links %}"
        "{% for label, p in links %}[{{ label }}|{{ p.pk }}]{% endfor %}"
    )
    with translation.override("fr"):
        html = template.render(Context({"request": request, **settings_processor(request)}))
    links = [part.split("|")[1] for part in html.strip("[]").split("][")]
    assert links == [str(privacy.pk), str(fr_terms.pk)]


# --- Out of date ----------------------------------------------------------------------------


def test_the_out_of_date_report_lists_a_translation_after_its_source_changes(classified_page):
    fr = translate(classified_page, "fr", Wetlands="Zones humides")
    translate(classified_page, "es", Wetlands="Humedales")
    assert out_of_date_translations() == []
    changed = timezone.now() + timedelta(minutes=5)
    edit_source(classified_page, "Wetlands and peatlands", when=changed)
    rows = out_of_date_translations()
    assert {(row.title, row.source_title) for row in rows} == {
        ("Zones humides", "Wetlands and peatlands"),
        ("Humedales", "Wetlands and peatlands"),
    }
    assert all(row.out_of_date_since == changed for row in rows)
    assert out_of_date_count() == 2
    # Syncing and publishing French brings French up to date; Spanish still lags.
    TranslationSource.update_or_create_from_instance(classified_page)
    source = TranslationSource.objects.get_for_instance(classified_page)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: changed + timedelta(minutes=1))
        source.create_or_update_translation(fr.locale, fallback=True)
    assert [row.language for row in out_of_date_translations()] == [
        Locale.objects.get(language_code="es").get_display_name()
    ]


def test_the_report_and_dashboard_in_the_admin(classified_page, editor_client):
    translate(classified_page, "fr", Wetlands="Zones humides")
    url = reverse("chm_out_of_date_translations")
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Zones humides" not in response.content.decode()
    edit_source(classified_page, "Peatlands", when=timezone.now() + timedelta(minutes=5))
    response = editor_client.get(url)
    html = response.content.decode()
    assert "Zones humides" in html and "Peatlands" in html
    source = TranslationSource.objects.get_for_instance(classified_page)
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in html
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 translation out of date" in dashboard
    assert url in dashboard
    # The results fragment, the export and bad input do not fail.
    for query in ("?p=999", "?p=x", "?export=csv", "?export=nope", "?ordering=%00"):
        assert editor_client.get(url + query).status_code in (200, 404), query
    assert editor_client.get(reverse("chm_out_of_date_translations_results")).status_code == 200


def test_the_report_is_for_those_who_may_translate(client, member, password):
    from django.contrib.auth.models import Permission

    member.is_staff = True
    member.save()
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member)
    assert client.get(reverse("chm_out_of_date_translations")).status_code in (302, 403)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "out of date" not in dashboard


# --- Snippets -------------------------------------------------------------------------------


def test_an_announcement_is_translated_and_shown_in_each_language(home_page, client):
    announcement = Announcement.objects.create(text="<p>Call for case studies</p>")
    announcement.save_revision()
    translate(announcement, "fr", **{"Call for case studies": "Appel à études de cas"})
    assert "Call for case studies" in client.get("/").content.decode()
    french = client.get("/fr/").content.decode()
    assert "Appel à études de cas" in french and "Call for case studies" not in french
    arabic = client.get("/ar/").content.decode()
    assert "Call for case studies" in arabic
    assert '<div class="announcement" lang="en" dir="ltr">' in arabic
    # Its English text changes: the French one is out of date.
    announcement.text = "<p>Call for case studies, extended</p>"
    revision = announcement.save_revision()
    Revision.objects.filter(pk=revision.pk).update(created_at=timezone.now() + timedelta(minutes=5))
    assert [row.title for row in out_of_date_translations()] == ["Appel à études de cas"]


def test_a_hidden_announcement_is_not_shown(home_page, client):
    Announcement.objects.create(text="<p>Old news</p>", show=False)
    assert "Old news" not in client.get("/").content.decode()


def test_the_announcement_admin_and_its_translate_action(editor_client, home_page):
    announcement = Announcement.objects.create(text="<p>Maintenance on Friday</p>")
    listing = editor_client.get(reverse("wagtailsnippets_chm_announcement:list"))
    assert listing.status_code == 200
    assert "Maintenance on Friday" in listing.content.decode()
    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["chm", "announcement", announcement.pk],
    )
    assert editor_client.get(submit).status_code == 200
    fr = Locale.objects.get(language_code="fr")
    response = editor_client.post(submit, {"locales": [fr.pk]})
    assert response.status_code == 302
    assert Announcement.objects.filter(
        translation_key=announcement.translation_key, locale=fr
    ).exists()
    assert (
        editor_client.get(
            reverse("wagtailsnippets_chm_announcement:list") + "?q=%22%00"
        ).status_code
        == 200
    )

"""An editor translates a page into French in the admin with wagtail-localize's editor, and a
visitor sees the French title in the French menu and on the page (issue 11). The admin is used
in English and in Arabic (the editor's own interface language)."""

import os

import pytest

from django.urls import reverse

from wagtail.models import Locale, Page

from chm.factories import StandardPageFactory

from .journey_steps import sign_in_to_admin, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def _dump(page, name):
    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{name}.html"), "w") as out:
            out.write(page.content())
    snapshot(page, name)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_editor_translates_a_page_and_its_menu_entry_into_french(
    page, site_on_live_server, editor, password, language
):
    home = site_on_live_server
    about = StandardPageFactory(
        parent=home, title="About the portal", slug="about", show_in_menus=True
    )
    french = Locale.objects.get(language_code="fr")
    sign_in_to_admin(page, editor, password, language)

    # The page's "Translate" action: choose French and submit.
    page.goto(reverse("wagtail_localize:submit_page_translation", args=[about.pk]))
    page.check(f"input[name=locales][value='{french.pk}']")
    page.click("form[method=POST] input[type=submit]")
    page.wait_for_load_state()
    _dump(page, f"after-submit-{language}")
    translation = Page.objects.get(translation_key=about.translation_key, locale=french)
    assert f"/admin/pages/{translation.pk}/edit/" in page.url
    _dump(page, f"translation-editor-{language}")

    # wagtail-localize's editor: open the title's segment, type the French title (Enter saves
    # it), then publish in French. Its labels follow the editor's language, so the steps go by
    # the editor's structure: the segment whose source text is the title, its button, the
    # footer's publish action.
    segment = page.locator("li", has=page.locator("p.title", has_text="About the portal")).last
    segment.locator("button").last.click()
    segment.locator("textarea").fill("À propos du portail")
    segment.locator("textarea").press("Enter")
    page.wait_for_function(
        "() => !document.querySelector('p.title').closest('li').classList.contains('incomplete')"
    )
    page.locator("footer button[name=action][value=publish]").click()
    page.wait_for_load_state()
    _dump(page, f"published-{language}")
    translation.refresh_from_db()
    assert translation.title == "À propos du portail"
    assert translation.live

    # A visitor reading in French finds it in the menu and on the page; in Arabic (no
    # translation) the menu keeps the English entry.
    page.goto("/fr/")
    link = page.locator(".site-nav a", has_text="À propos du portail")
    assert link.count() == 1
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "À propos du portail"
    page.goto("/ar/")
    assert page.locator(".site-nav a", has_text="About the portal").count() == 1

"""The focal points' reporting journey of issue 12 in a real browser, in English and Arabic.

A Kenyan national focal point adds a national target aligned with two global targets and
submits it; a second Kenyan focal point signs in, finds it under "Awaiting your review" and
publishes it; a visitor reads it on its page; the first edits it, the second publishes it
again, and "what changed" shows the change to the visitor.
"""

import pytest

from community.members.factories import ProfileFactory
from community.members.models import FocalPoint
from reporting.models import NationalTarget
from taxonomy.models import Country, Target

from .journey_steps import assert_language, sign_in, url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]
TITLES = {
    "en": (
        "Protect 30% of Kenya's land and waters",
        "Protect 30% of Kenya's land, rivers and seas",
    ),
    "ar": ("حماية 30% من أراضي كينيا ومياهها", "حماية 30% من أراضي كينيا وأنهارها وبحارها"),
}


def _act(tab, action):
    tab.locator(f"main form:has(input[name=action][value={action}]) button[type=submit]").click()
    tab.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_national_target_is_added_reviewed_published_and_revised(
    new_tab, site_on_live_server, password, language
):
    kenya = Country.objects.get(code="KE")
    author = ProfileFactory(display_name="Achieng Otieno").user
    reviewer = ProfileFactory(display_name="Baraka Mwangi").user
    for user in (author, reviewer):
        FocalPoint.objects.create(user=user, country=kenya)
    first_title, second_title = TITLES[language]
    target_3, target_2 = Target.objects.get(number=3), Target.objects.get(number=2)

    # The first focal point adds the target from the workspace and submits it.
    writer = new_tab()
    sign_in(writer, language, author.email, password)
    writer.goto(url("reporting:workspace", language))
    assert_language(writer, language)
    writer.locator(f"main a[href*='{url('reporting:target_add', language)}']").click()
    writer.wait_for_load_state()
    assert_language(writer, language)
    writer.fill("input[name=sequence]", "3")
    writer.fill("input[name=title]", first_title)
    writer.fill("textarea[name=description]", "Expand **community conservancies**.")
    writer.select_option("select[name=alignments-0-target]", value=str(target_3.pk))
    writer.select_option("select[name=alignments-0-degree]", value="high")
    writer.select_option("select[name=alignments-1-target]", value=str(target_2.pk))
    writer.select_option("select[name=alignments-1-degree]", value="medium")
    writer.click("button[name=intent][value=submit]")
    writer.wait_for_load_state()
    record = NationalTarget.objects.get(title=first_title)
    assert record.review_status == "submitted" and record.submitted_by == author
    assert writer.locator("h1").inner_text().strip() == first_title
    assert_language(writer, language)

    # The second focal point finds it awaiting their review and publishes it.
    reviewer_tab = new_tab()
    sign_in(reviewer_tab, language, reviewer.email, password)
    reviewer_tab.goto(url("reporting:workspace", language))
    reviewer_tab.locator("ul.awaiting-review a", has_text=first_title).click()
    reviewer_tab.wait_for_load_state()
    assert_language(reviewer_tab, language)
    _act(reviewer_tab, "publish")
    record.refresh_from_db()
    assert record.live and record.review_status == "published"

    # A visitor reads it, with both global targets linked.
    visitor = new_tab()
    visitor.goto(url("reporting:target", language, uuid=record.uuid))
    assert_language(visitor, language)
    assert visitor.locator("h1").inner_text().strip() == first_title
    assert visitor.locator("main strong", has_text="community conservancies").count() == 1
    assert visitor.locator("main table a").count() == 2

    # The first focal point edits it: the published version stays public meanwhile.
    writer.goto(url("reporting:target_edit", language, uuid=record.uuid))
    assert writer.locator("main .notice").count() == 1
    writer.fill("input[name=title]", second_title)
    writer.select_option("select[name=alignments-0-degree]", value="medium")
    writer.click("button[name=intent][value=submit]")
    writer.wait_for_load_state()
    visitor.reload()
    assert visitor.locator("h1").inner_text().strip() == first_title

    reviewer_tab.goto(url("reporting:workspace", language))
    reviewer_tab.locator("ul.awaiting-review a").first.click()
    reviewer_tab.wait_for_load_state()
    _act(reviewer_tab, "publish")
    record.refresh_from_db()
    assert record.title == second_title

    # The visitor sees the new version and what changed.
    visitor.reload()
    assert visitor.locator("h1").inner_text().strip() == second_title
    history = url("reporting:history", language, kind="targets", uuid=record.uuid)
    visitor.locator(f"main a[href='{history}']").click()
    visitor.wait_for_load_state()
    assert_language(visitor, language)
    assert visitor.locator("ol.versions > li").count() == 2
    latest = visitor.locator("ol.versions > li").first
    assert latest.locator("ins").count() > 0 and latest.locator("del").count() > 0
    assert "→" in latest.inner_text()

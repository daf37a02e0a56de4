"""The review journeys of issue 9 in a real browser, in English and in Arabic.

A member submits an event on the site; an editor approves it from the Wagtail admin's
"awaiting your review" panel; the member sees it published in "my submissions" and gets the
email in the language they used. An editor names a member national focal point in the admin;
the member's profile says so.
"""

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import translation

from community.members.models import FocalPoint
from events.factories import EventIndexPageFactory
from events.models import EventPage
from taxonomy.models import Country

from .journey_steps import sign_in, sign_in_to_admin, text, url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_submits_an_event_that_an_editor_approves(
    chromium, live_server, site_on_live_server, member, editor, password, language
):
    from django.utils.translation import gettext_lazy as _

    EventIndexPageFactory(parent=site_on_live_server, title="Events", slug="events")
    title = {"en": "Wetlands restoration workshop", "ar": "ورشة عمل حول استعادة الأراضي الرطبة"}[
        language
    ]

    member_context = chromium.new_context(base_url=live_server.url)
    tab = member_context.new_page()
    sign_in(tab, language, member.email, password)
    tab.goto(url("events:submit", language))
    assert tab.locator("html").get_attribute("lang") == language
    tab.fill("input[name=title]", title)
    tab.fill("textarea[name=summary]", "Two days of field methods for peatland rewetting.")
    tab.fill("input[name=start_date]", "2031-03-10")
    tab.fill("input[name=start_time]", "09:00")
    tab.fill("input[name=end_date]", "2031-03-11")
    tab.fill("input[name=end_time]", "17:00")
    tab.select_option("select[name=time_zone]", "Africa/Cairo")
    tab.locator("input[name=event_format]").first.check()
    tab.fill("input[name=venue]", "Cairo")
    tab.click("main form button[type=submit]")
    tab.wait_for_url(f"**{url('events:my_submissions', language)}")
    row = tab.locator("main table tr", has_text=title)
    assert text(_("In moderation"), language) in row.inner_text()
    event = EventPage.objects.get(title=title)
    assert not event.live

    editor_context = chromium.new_context(base_url=live_server.url)
    admin = editor_context.new_page()
    sign_in_to_admin(admin, editor, password, language)
    review_row = admin.locator("#awaiting-review-content tr", has_text=title)
    review_row.locator("button[aria-label]").first.click()  # the row's actions menu
    review_row.locator(f'button[data-workflow-action-url*="/action/{event.pk}/approve/"]').filter(
        has_not=admin.locator("[data-launch-modal]")
    ).first.click()
    admin.wait_for_load_state()

    event.refresh_from_db()
    assert event.live
    tab.reload()
    row = tab.locator("main table tr", has_text=title)
    assert text(_("Approved and published"), language) in row.inner_text()
    tab.locator("main table a", has_text=title).click()
    assert tab.locator("h1").inner_text().strip() == title

    sent = [message for message in mail.outbox if member.email in message.to]
    assert len(sent) == 1
    assert title in sent[0].subject
    if language == "ar":
        assert any("\u0600" <= char <= "\u06ff" for char in sent[0].body.replace(title, ""))
    member_context.close()
    editor_context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_editor_names_a_national_focal_point_shown_on_the_profile(
    chromium, live_server, site_on_live_server, member, editor, password, language
):
    editor_context = chromium.new_context(base_url=live_server.url)
    admin = editor_context.new_page()
    sign_in_to_admin(admin, editor, password, language)
    admin.goto(reverse("focal_points:add"))
    admin.fill("input[name=member_email]", member.email)
    admin.select_option("select[name=country]", str(Country.objects.get(code="KE").pk))
    admin.locator("main form[method=post] button[type=submit]").first.click()
    admin.wait_for_load_state()

    assignment = FocalPoint.objects.get(user=member)
    assert assignment.country.code == "KE"
    assert assignment.assigned_by == editor
    assert assignment.is_active

    # The same member again for Kenya is refused with a message, and nothing changes.
    admin.goto(reverse("focal_points:add"))
    admin.fill("input[name=member_email]", member.email)
    admin.select_option("select[name=country]", str(Country.objects.get(code="KE").pk))
    admin.locator("main form[method=post] button[type=submit]").first.click()
    admin.wait_for_load_state()
    assert admin.locator(".error-message, .w-field__errors").count() > 0
    assert FocalPoint.objects.filter(user=member).count() == 1

    visitor = chromium.new_context(base_url=live_server.url).new_page()
    with translation.override(language):
        profile_url = member.profile.get_absolute_url()
        kenya = Country.objects.get(code="KE").label
    visitor.goto(profile_url)
    assert visitor.locator("html").get_attribute("lang") == language
    assert kenya in visitor.locator("main").inner_text()
    editor_context.close()

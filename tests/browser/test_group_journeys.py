"""Groups and the data export in a real browser, in English and in Arabic.

A member finds the IPLC caucus from the forums, asks to join it; the caucus's manager approves
the request on the site; the member then reads the caucus forum. The member downloads their
data from the dashboard.
"""

import json

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.utils.translation import gettext_lazy as _

from community.forums.factories import CategoryFactory, ThreadFactory
from community.groups.factories import GroupProfileFactory
from community.members.factories import ProfileFactory
from tests.browser.test_review_journeys import sign_in, text, url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["en", "ar"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_asks_to_join_the_caucus_and_a_manager_approves(
    chromium, live_server, member, password, language
):
    caucus = Group.objects.create(name="IPLC caucus")
    profile = GroupProfileFactory(
        group=caucus, name="IPLC caucus", slug="iplc-caucus", purpose="For IPLC representatives."
    )
    manager = ProfileFactory(display_name="Lucía Quispe").user
    manager.groups.add(caucus)
    profile.managers.add(manager)
    category = CategoryFactory(name="Caucus room", slug="caucus-room", group=caucus)
    ThreadFactory(category=category, author=manager, title="Joint statement for SBSTTA")

    member_context = chromium.new_context(base_url=live_server.url)
    tab = member_context.new_page()
    sign_in(tab, language, member.email, password)
    tab.goto(url("forums:index", language))
    assert tab.locator("html").get_attribute("lang") == language
    assert "Joint statement for SBSTTA" not in tab.content()
    tab.locator("main a", has_text=text(_("How to join"), language)).click()
    tab.wait_for_url(f"**{url('groups:detail', language, slug='iplc-caucus')}")
    tab.fill("textarea[name=message]", "I represent the Quechua communities of Cusco.")
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    assert text(_("Your request has been sent."), language) in tab.locator("body").inner_text()

    manager_context = chromium.new_context(base_url=live_server.url)
    manager_tab = manager_context.new_page()
    sign_in(manager_tab, language, manager.email, password)
    manager_tab.goto(url("members:dashboard", language))
    manager_tab.locator("main a[href$='/groups/iplc-caucus/requests/']").click()
    request_item = manager_tab.locator("main li", has_text="Quechua communities")
    request_item.locator("input[value=approve]").check()
    request_item.locator("button[type=submit]").click()
    manager_tab.wait_for_load_state()
    assert member.groups.filter(pk=caucus.pk).exists()

    tab.goto(url("forums:category", language, slug="caucus-room"))
    assert "Joint statement for SBSTTA" in tab.locator("main").inner_text()
    decision = [m for m in mail.outbox if member.email in m.to]
    assert len(decision) == 1
    assert url("groups:detail", language, slug="iplc-caucus") in decision[0].body
    member_context.close()
    manager_context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_member_downloads_their_data_from_the_dashboard(
    chromium, live_server, member, password, language
):
    context = chromium.new_context(base_url=live_server.url, accept_downloads=True)
    tab = context.new_page()
    sign_in(tab, language, member.email, password)
    tab.goto(url("members:dashboard", language))
    tab.locator("main a", has_text=text(_("Download my data"), language)).click()
    with tab.expect_download() as download_info:
        tab.locator("main form button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.startswith("chm-data-")
    data = json.loads(open(download.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["account"]["email"] == member.email
    assert data["profile"]["display_name"] == "Amina Diallo"
    context.close()

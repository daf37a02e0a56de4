"""The reply box in a real browser: typing "@Mei" suggests the member (from the JSON endpoint,
with no inline script), choosing one writes the mention; the preview shows it as a link.
Without JavaScript the same box previews and posts."""

import pytest

from community.forums.factories import CategoryFactory, ThreadFactory
from community.forums.models import Post
from community.members.factories import ProfileFactory
from tests.browser.test_review_journeys import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def thread(settings, member, other_member):
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 0
    ProfileFactory(display_name="Mei Lin", visibility="members")
    ProfileFactory(display_name="Mei Hidden", visibility="private")
    return ThreadFactory(
        category=CategoryFactory(slug="general"), author=other_member, title="Wetlands"
    )


def test_reply_box_suggests_members_and_previews(page, live_server, thread, member, password):
    sign_in(page, "en", member.email, password)
    page.goto(thread.get_absolute_url())
    box = page.locator("textarea[name=body]")
    box.click()
    box.press_sequentially("Thanks @Mei", delay=20)
    option = page.locator(".mention-suggestions [role=option]")
    option.first.wait_for()
    assert option.all_inner_texts() == ["Mei Lin"]  # not the private profile
    option.first.click()
    assert box.input_value() == "Thanks @[Mei Lin] "
    page.click(".reply button[name=preview]")
    page.wait_for_load_state()
    assert page.locator(".preview a", has_text="@Mei Lin").count() == 1
    assert not Post.objects.filter(body__contains="Mei Lin").exists()
    page.click("main form button.button:not([name=preview])")
    page.wait_for_load_state()
    assert Post.objects.filter(body="Thanks @[Mei Lin]").exists()


def test_without_javascript_a_dead_mention_is_pointed_out(
    page_without_js, live_server, thread, member, password
):
    page = page_without_js
    sign_in(page, "en", member.email, password)
    page.goto(thread.get_absolute_url())
    page.fill("textarea[name=body]", "Thanks @Nobody")
    page.click(".reply form button.button:not([name=preview])")
    page.wait_for_load_state()
    assert "@Nobody does not name any member you can see" in page.content()
    page.check("input[name=post_anyway]")
    page.click("main form button.button:not([name=preview])")
    page.wait_for_load_state()
    assert Post.objects.filter(body="Thanks @Nobody").exists()

"""Held first posts, flags, the Wagtail moderation queue, pin/lock/move/hide and bans."""

import pytest

from django.urls import reverse

from community.forums.factories import PostFactory
from community.forums.models import Ban, Flag, Post, Status, Thread
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_members_are_held(settings):
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 2


def test_new_member_first_posts_are_held_until_approved(
    new_members_are_held, auth_client, member, other_member, editor_client, public_thread
):
    response = auth_client.post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": "My first post"}, follow=True
    )
    assert "your first posts are checked by a moderator" in response.content.decode()
    post = Post.objects.get(author=member)
    assert post.status == Status.HELD
    # The author sees it, marked; other members and visitors do not.
    assert (
        "Awaiting moderation" in auth_client.get(public_thread.get_absolute_url()).content.decode()
    )
    assert (
        "My first post"
        not in client_for(other_member).get(public_thread.get_absolute_url()).content.decode()
    )

    queue = editor_client.get(reverse("forums_moderation"))
    assert "My first post" in queue.content.decode()
    editor_client.post(reverse("forums_moderation"), {"post": post.pk, "action": "approve"})
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert (
        "My first post"
        in client_for(other_member).get(public_thread.get_absolute_url()).content.decode()
    )


def test_new_member_thread_is_held_with_its_opening_post(
    new_members_are_held, auth_client, client, moderator, public_category
):
    auth_client.post(
        reverse("forums:thread_create", args=["general"]), {"title": "Held thread", "body": "x"}
    )
    thread = Thread.objects.get(title="Held thread")
    assert thread.status == Status.HELD
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Held thread" not in client.get(public_category.get_absolute_url()).content.decode()
    client_for(moderator).post(
        reverse("forums:post_moderate", args=[thread.posts.get().pk]), {"action": "approve"}
    )
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_established_members_are_not_held(new_members_are_held, auth_client, member, public_thread):
    PostFactory.create_batch(2, thread=public_thread, author=member)
    auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": "Trusted now"})
    assert Post.objects.get(body="Trusted now").status == Status.PUBLISHED


def test_member_flags_a_post_and_moderator_hides_it_from_the_admin_queue(
    auth_client, client, editor_client, public_thread
):
    post = public_thread.posts.get()
    url = reverse("forums:post_flag", args=[post.pk])
    response = auth_client.post(url, {"reason": "nonsense"})
    assert "Select a valid choice." in response.content.decode()
    assert not Flag.objects.exists()
    auth_client.post(url, {"reason": "spam", "comment": "Advertising"})
    auth_client.post(url, {"reason": "spam"})  # flagging twice keeps one open flag
    assert Flag.objects.filter(post=post).count() == 1

    queue = editor_client.get(reverse("forums_moderation")).content.decode()
    assert "Spam or advertising: Advertising" in queue
    response = editor_client.post(
        reverse("forums_moderation"), {"post": post.pk, "action": "nuke"}, follow=True
    )
    assert "Unknown moderation action." in response.content.decode()
    assert Post.objects.get(pk=post.pk).status == Status.PUBLISHED
    editor_client.post(reverse("forums_moderation"), {"post": post.pk, "action": "hide"})
    assert Post.objects.get(pk=post.pk).status == Status.HIDDEN
    assert Flag.objects.get().resolved_at is not None
    # Hiding the opening post hides the thread.
    assert client.get(public_thread.get_absolute_url()).status_code == 404
    assert (
        "Nothing waits for moderation."
        in editor_client.get(reverse("forums_moderation")).content.decode()
    )


def test_members_cannot_flag_their_own_posts(public_thread):
    client = client_for(public_thread.author)
    post = public_thread.posts.get()
    assert client.get(reverse("forums:post_flag", args=[post.pk])).status_code == 403


def test_only_moderators_reach_the_moderation_queue(auth_client, moderator):
    assert auth_client.get(reverse("forums_moderation")).status_code in {302, 403}
    assert client_for(moderator).get(reverse("forums_moderation")).status_code == 200


def test_members_cannot_moderate(auth_client, public_thread):
    url = reverse("forums:thread_moderate", args=[public_thread.pk])
    assert auth_client.post(url, {"action": "pin"}).status_code == 403
    post_url = reverse("forums:post_moderate", args=[public_thread.posts.get().pk])
    assert auth_client.post(post_url, {"action": "hide"}).status_code == 403
    public_thread.refresh_from_db()
    assert not public_thread.is_pinned


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("pin", "is_pinned", True), ("lock", "is_locked", True), ("hide", "status", Status.HIDDEN)],
)
def test_moderator_pins_locks_and_hides(moderator, public_thread, action, field, value):
    client_for(moderator).post(
        reverse("forums:thread_moderate", args=[public_thread.pk]), {"action": action}
    )
    public_thread.refresh_from_db()
    assert getattr(public_thread, field) == value


def test_moving_needs_a_category(moderator, public_thread):
    response = client_for(moderator).post(
        reverse("forums:thread_moderate", args=[public_thread.pk]), {"action": "move"}, follow=True
    )
    assert "Choose the category to move the thread to." in response.content.decode()
    assert Thread.objects.get(pk=public_thread.pk).category == public_thread.category


def test_banned_member_reads_but_cannot_post_react_or_flag(
    auth_client, member, moderator, public_thread
):
    ban_url = reverse("forums:member_ban", args=[member.pk])
    mod = client_for(moderator)
    response = mod.post(ban_url, {"reason": " ", "days": "0"})
    html = response.content.decode()
    assert "Please give a reason." in html
    assert "Ensure this value is greater than or equal to 1." in html
    assert not Ban.objects.exists()
    mod.post(ban_url, {"reason": "Repeated spam", "days": "7"})
    assert Ban.objects.active().filter(user=member).exists()

    post = public_thread.posts.get()
    assert auth_client.get(public_thread.get_absolute_url()).status_code == 200
    reply = auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": "spam"})
    assert reply.status_code == 403
    assert (
        auth_client.post(reverse("forums:post_react", args=[post.pk]), {"kind": "like"}).status_code
        == 403
    )
    assert auth_client.get(reverse("forums:post_flag", args=[post.pk])).status_code == 403
    assert auth_client.get(reverse("forums:thread_create", args=["general"])).status_code == 403


def test_members_cannot_ban(auth_client, other_member):
    response = auth_client.post(
        reverse("forums:member_ban", args=[other_member.pk]), {"reason": "I dislike them"}
    )
    assert response.status_code == 403
    assert not Ban.objects.exists()


def test_expired_ban_no_longer_applies(auth_client, member, public_thread):
    from datetime import timedelta

    from django.utils import timezone

    Ban.objects.create(user=member, reason="old", expires_at=timezone.now() - timedelta(days=1))
    auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": "I am back"})
    assert public_thread.posts.filter(body="I am back").exists()


def test_admin_lists_categories_and_bans(editor_client, public_category):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    url = AdminURLFinder().get_edit_url(public_category)
    assert editor_client.get(url).status_code == 200
    assert editor_client.get(reverse("wagtailsnippets_forums_ban:list")).status_code == 200


def test_followers_hear_about_a_held_post_only_once_it_is_approved(
    new_members_are_held, auth_client, member, moderator, public_thread
):
    from django.core import mail

    from community.forums.models import Notification

    mail.outbox.clear()
    auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": "Held reply"})
    assert mail.outbox == []
    assert not Notification.objects.exists()
    post = Post.objects.get(author=member)
    client_for(moderator).post(
        reverse("forums:post_moderate", args=[post.pk]), {"action": "approve"}
    )
    # The follower hears of the reply; its author, that it is published (nobody else).
    assert [m.to for m in mail.outbox] == [[public_thread.author.email], [member.email]]
    assert "is published" in mail.outbox[1].subject


def test_hidden_reply_is_gone_for_members_and_its_author_but_not_for_moderators(
    auth_client, member, moderator, public_thread
):
    post = PostFactory(thread=public_thread, author=member, body="Rude remark")
    mod = client_for(moderator)
    mod.post(reverse("forums:post_moderate", args=[post.pk]), {"action": "hide"})
    assert "Rude remark" not in auth_client.get(public_thread.get_absolute_url()).content.decode()
    assert auth_client.get(reverse("forums:post_edit", args=[post.pk])).status_code == 404
    moderator_view = mod.get(public_thread.get_absolute_url()).content.decode()
    assert "Rude remark" in moderator_view and "Hidden" in moderator_view


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"]
)
def test_moderation_never_redirects_off_site(moderator, public_thread, next_url):
    post = public_thread.posts.get()
    response = client_for(moderator).post(
        reverse("forums:post_moderate", args=[post.pk]), {"action": "dismiss", "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()


def test_moderation_returns_to_a_page_of_this_site(moderator, public_thread):
    post = public_thread.posts.get()
    response = client_for(moderator).post(
        reverse("forums:post_moderate", args=[post.pk]),
        {"action": "dismiss", "next": "/admin/forums/queue/"},
    )
    assert response["Location"] == "/admin/forums/queue/"

"""A new member's held posts: told at once, emailed the outcome in their language, and their
mentions delivered only once a moderator approves."""

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import translation

from community.forums.models import Notification, Post, Status
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def new_members_are_held(settings):
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 2


def test_a_new_member_is_told_before_and_after_posting(auth_client, public_thread):
    form = auth_client.get(reverse("forums:reply", args=[public_thread.pk])).content.decode()
    assert "your first posts are checked by a moderator" in form
    response = auth_client.post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": "Hello all"}, follow=True
    )
    html = response.content.decode()
    assert "your first posts are checked by a moderator" in html
    assert "Awaiting moderation" in html and "Hello all" in html


def test_mentions_in_a_held_post_are_delivered_on_approval(
    auth_client, member, other_member, moderator, public_thread
):
    mail.outbox.clear()
    auth_client.post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": "Welcome @[Tomás Herrera]"}
    )
    assert not Notification.objects.filter(kind="mention").exists()
    assert mail.outbox == []
    post = Post.objects.get(author=member)
    client_for(moderator).post(
        reverse("forums:post_moderate", args=[post.pk]), {"action": "approve"}
    )
    assert Notification.objects.get(user=other_member).kind == Notification.Kind.MENTION
    [to_author] = [m for m in mail.outbox if m.to == [member.email]]
    assert to_author.subject == "Your post in “Tracking 30x30 nationally” is published"
    assert "Hello Amina Diallo," in to_author.body
    assert post.get_absolute_url() in to_author.body


def test_the_outcome_is_emailed_in_the_language_the_member_posted_in(
    member, moderator, public_thread
):
    with translation.override("fr"):
        url = reverse("forums:reply", args=[public_thread.pk])
    assert url.startswith("/fr/")
    client_for(member).post(url, {"body": "Bonjour"})
    post = Post.objects.get(author=member)
    mail.outbox.clear()
    client_for(moderator).post(
        reverse("forums:post_moderate", args=[post.pk]), {"action": "approve"}
    )
    [email] = [m for m in mail.outbox if m.to == [member.email]]
    assert "Lire et répondre" in email.body  # French, as the member posted


def test_a_rejected_held_post_is_told_and_its_mentions_reach_nobody(
    member, other_member, editor_client, public_thread
):
    client_for(member).post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": "Spam @[Tomás Herrera]"}
    )
    post = Post.objects.get(author=member)
    assert post.status == Status.HELD
    mail.outbox.clear()
    editor_client.post(reverse("forums_moderation"), {"post": post.pk, "action": "hide"})
    post.refresh_from_db()
    assert post.status == Status.HIDDEN
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Your post in “Tracking 30x30 nationally” was not published"
    assert "posting guidelines" in email.body
    assert not Notification.objects.filter(user=other_member).exists()


def test_hiding_a_published_post_sends_no_outcome_email(member, moderator, public_thread, settings):
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 0
    client_for(member).post(reverse("forums:reply", args=[public_thread.pk]), {"body": "Hi"})
    post = Post.objects.get(author=member)
    mail.outbox.clear()
    client_for(moderator).post(reverse("forums:post_moderate", args=[post.pk]), {"action": "hide"})
    assert mail.outbox == []

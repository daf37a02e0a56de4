"""Subscriptions, in-site notifications, immediate emails, daily digests and @mentions."""

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from community.forums.models import Frequency, Notification, Subscription
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _digests():
    call_command("send_forum_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_thread_starter_gets_an_immediate_email_for_a_reply(auth_client, public_thread):
    mail.outbox.clear()
    auth_client.post(reverse("forums:reply", args=[public_thread.pk]), {"body": "Use a registry."})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [public_thread.author.email]
    assert message.subject == "New reply in “Tracking 30x30 nationally”"
    assert "Use a registry." in message.body
    assert "http://testserver/forums/t/" in message.body
    author_client = client_for(public_thread.author)
    assert "1 notification" in author_client.get(reverse("forums:index")).content.decode()
    page = author_client.get(reverse("forums:notifications")).content.decode()
    assert "New reply" in page and "Tracking 30x30 nationally" in page
    author_client.post(reverse("forums:notifications"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_author_is_not_notified_of_own_post(public_thread):
    mail.outbox.clear()
    client_for(public_thread.author).post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": "Replying to myself"}
    )
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_digest_subscribers_get_one_daily_email(auth_client, member, other_member, public_thread):
    auth_client.post(
        reverse("forums:thread_subscribe", args=[public_thread.pk]), {"frequency": "digest"}
    )
    assert Subscription.objects.get(user=member, thread=public_thread).frequency == "digest"
    mail.outbox.clear()
    author = client_for(other_member)
    for text in ("First update", "Second update"):
        author.post(reverse("forums:reply", args=[public_thread.pk]), {"body": text})
    assert mail.outbox == []  # nothing at once for a digest subscriber
    _digests()
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [member.email]
    assert digest.subject == "Your forum digest: 2 new posts"
    assert "First update" in digest.body and "Second update" in digest.body
    mail.outbox.clear()
    _digests()
    assert mail.outbox == []  # each notification goes out once


def test_category_followers_hear_about_new_threads(
    auth_client, member, other_member, public_category
):
    auth_client.post(
        reverse("forums:category_subscribe", args=["general"]), {"frequency": "immediate"}
    )
    mail.outbox.clear()
    client_for(other_member).post(
        reverse("forums:thread_create", args=["general"]), {"title": "Wetlands", "body": "Ramsar?"}
    )
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == "New thread in General discussion: “Wetlands”"


def test_site_only_subscription_sends_no_email(auth_client, member, other_member, public_thread):
    auth_client.post(
        reverse("forums:thread_subscribe", args=[public_thread.pk]), {"frequency": "none"}
    )
    mail.outbox.clear()
    client_for(other_member).post(reverse("forums:reply", args=[public_thread.pk]), {"body": "x"})
    assert mail.outbox == []
    assert Notification.objects.filter(user=member).count() == 1


def test_bad_subscription_input_changes_nothing(auth_client, member, public_thread):
    response = auth_client.post(
        reverse("forums:thread_subscribe", args=[public_thread.pk]),
        {"frequency": "hourly"},
        follow=True,
    )
    assert "Please choose how you want to be notified." in response.content.decode()
    assert not Subscription.objects.filter(user=member).exists()


def test_unsubscribe_stops_notifications(auth_client, member, other_member, public_thread):
    url = reverse("forums:thread_subscribe", args=[public_thread.pk])
    auth_client.post(url, {"frequency": "immediate"})
    auth_client.post(url, {"unsubscribe": "1"})
    client_for(other_member).post(reverse("forums:reply", args=[public_thread.pk]), {"body": "x"})
    assert not Notification.objects.filter(user=member).exists()


def test_mention_by_handle_and_display_name_links_and_notifies(
    auth_client, member, other_member, public_thread
):
    mail.outbox.clear()
    body = f"Thanks @{member.username}, and @[Tomás Herrera] too. mail@example.org is no mention."
    client_for(public_thread.author).post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": body}
    )
    notification = Notification.objects.get(user=member)
    assert notification.kind == Notification.Kind.MENTION
    assert mail.outbox[0].subject == "You were mentioned in “Tracking 30x30 nationally”"
    html = auth_client.get(public_thread.get_absolute_url()).content.decode()
    link = f'<a href="{member.profile.get_absolute_url()}" rel="nofollow noopener ugc">'
    assert f"{link}@Amina Diallo</a>" in html
    assert f'<a href="{other_member.profile.get_absolute_url()}"' in html
    assert "mail@example.org" in html


def test_mentions_in_restricted_threads_do_not_notify_outsiders(
    member, caucus_member, restricted_thread
):
    client_for(caucus_member).post(
        reverse("forums:reply", args=[restricted_thread.pk]), {"body": f"cc @{member.username}"}
    )
    assert not Notification.objects.filter(user=member).exists()


def test_unknown_or_ambiguous_mentions_are_left_as_text(auth_client, public_thread):
    from community.members.factories import ProfileFactory

    ProfileFactory(display_name="Sam Lee")
    ProfileFactory(display_name="Sam Lee")
    url = reverse("forums:reply", args=[public_thread.pk])
    body = "Hello @[Sam Lee] and @nobody-here"
    # Pointed out before posting; nothing is posted until the member says so.
    stopped = auth_client.post(url, {"body": body}).content.decode()
    assert "@[Sam Lee] could be several members" in stopped
    assert "@nobody-here does not name any member you can see" in stopped
    assert not public_thread.posts.filter(body=body).exists()
    auth_client.post(url, {"body": body, "post_anyway": "on"})
    html = auth_client.get(public_thread.get_absolute_url()).content.decode()
    assert "Hello @[Sam Lee] and @nobody-here" in html
    assert not Notification.objects.exclude(user=public_thread.author).exists()


def test_dashboard_links_to_forum_notifications(auth_client):
    html = auth_client.get(reverse("members:dashboard")).content.decode()
    assert reverse("forums:notifications") in html
    assert "0 unread notifications" in html


def test_digest_frequency_recorded_on_notification(
    auth_client, member, other_member, public_thread
):
    Subscription.objects.create(user=member, thread=public_thread, frequency=Frequency.DIGEST)
    client_for(other_member).post(reverse("forums:reply", args=[public_thread.pk]), {"body": "y"})
    assert Notification.objects.get(user=member).frequency == Frequency.DIGEST


def test_mention_added_by_an_edit_notifies_once(member, other_member, public_thread):
    from community.forums.factories import PostFactory

    post = PostFactory(thread=public_thread, author=other_member, body="Draft")
    client = client_for(other_member)
    edit_url = reverse("forums:post_edit", args=[post.pk])
    mail.outbox.clear()
    client.post(edit_url, {"body": f"Draft, cc @{member.username}"})
    client.post(edit_url, {"body": f"Final, cc @{member.username}"})
    assert Notification.objects.filter(user=member, kind="mention").count() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    # The thread's author follows it but is not told about an edit.
    assert not Notification.objects.filter(user=public_thread.author).exists()

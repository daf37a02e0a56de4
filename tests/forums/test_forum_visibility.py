"""A restricted category's threads never reach non-members: not in lists, search, feeds,
notifications, the API serializer or by direct URL."""

import json
import re

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse

from community.forums.models import Frequency, Subscription
from exchange.serializers import PUBLIC, get_serializer, group_audience
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_reads_public_threads_only(client, public_thread, restricted_thread):
    index = client.get(reverse("forums:index")).content.decode()
    assert "General discussion" in index
    assert "IPLC caucus" not in index
    category = client.get(public_thread.category.get_absolute_url()).content.decode()
    assert "Tracking 30x30 nationally" in category
    thread = client.get(public_thread.get_absolute_url())
    assert thread.status_code == 200
    assert "<strong>OECMs</strong>" in thread.content.decode()
    assert client.get(restricted_thread.category.get_absolute_url()).status_code == 404
    assert client.get(restricted_thread.get_absolute_url()).status_code == 404


def test_member_outside_the_group_cannot_see_restricted_threads(
    auth_client, public_thread, restricted_thread
):
    assert "IPLC caucus" not in auth_client.get(reverse("forums:index")).content.decode()
    assert auth_client.get(restricted_thread.get_absolute_url()).status_code == 404
    assert auth_client.get(reverse("forums:reply", args=[restricted_thread.pk])).status_code == 404
    post = restricted_thread.posts.get()
    assert auth_client.get(reverse("forums:post_history", args=[post.pk])).status_code == 404
    assert auth_client.get(reverse("forums:post_flag", args=[post.pk])).status_code == 404
    response = auth_client.post(
        reverse("forums:thread_create", args=["caucus"]), {"title": "x", "body": "y"}
    )
    assert response.status_code == 404
    assert restricted_thread.category.threads.count() == 1
    response = auth_client.post(
        reverse("forums:thread_subscribe", args=[restricted_thread.pk]), {"frequency": "digest"}
    )
    assert response.status_code == 404


def test_group_member_and_moderator_see_restricted_threads(
    caucus_member, moderator, restricted_thread
):
    for user in (caucus_member, moderator):
        client = client_for(user)
        assert "IPLC caucus" in client.get(reverse("forums:index")).content.decode()
        response = client.get(restricted_thread.get_absolute_url())
        assert response.status_code == 200
        assert "Caucus-only draft statement." in response.content.decode()


def test_search_only_finds_threads_the_searcher_may_see(
    client, auth_client, caucus_member, public_thread, restricted_thread
):
    url = reverse("forums:search")
    for searcher in (client, auth_client):
        html = searcher.get(url, {"q": "draft statement"}).content.decode()
        assert "Secret caucus strategy" not in html
        assert "0 threads match" in html
    html = client_for(caucus_member).get(url, {"q": "draft statement"}).content.decode()
    assert "Secret caucus strategy" in html
    html = client.get(url, {"q": "oecm"}).content.decode()
    assert "Tracking 30x30 nationally" in html


def test_feeds_carry_public_threads_only_even_for_group_members(
    caucus_member, public_thread, restricted_thread
):
    client = client_for(caucus_member)
    feed = client.get(reverse("forums:feed")).content.decode()
    assert "Tracking 30x30 nationally" in feed
    assert "Secret caucus strategy" not in feed
    assert client.get(reverse("forums:category_feed", args=["caucus"])).status_code == 404
    general = client.get(reverse("forums:category_feed", args=["general"])).content.decode()
    assert "Tracking 30x30 nationally" in general


def test_moving_a_thread_into_a_restricted_category_hides_it_and_its_notifications(
    member, moderator, public_thread, restricted_category
):
    Subscription.objects.create(user=member, thread=public_thread, frequency=Frequency.DIGEST)
    client_for(public_thread.author).post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": "An update on OECMs."}
    )
    member_client = client_for(member)
    assert "Tracking 30x30" in member_client.get(reverse("forums:notifications")).content.decode()

    client_for(moderator).post(
        reverse("forums:thread_moderate", args=[public_thread.pk]),
        {"action": "move", "category": restricted_category.pk},
    )
    assert member_client.get(public_thread.get_absolute_url()).status_code == 404
    assert (
        "Tracking 30x30" not in member_client.get(reverse("forums:notifications")).content.decode()
    )
    from django.core.management import call_command

    mail.outbox.clear()
    call_command("send_forum_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_serializer_queryset_and_audiences_follow_the_same_rule(
    member, caucus, caucus_member, public_thread, restricted_thread
):
    serializer = get_serializer("forum-thread")
    assert set(serializer.queryset(AnonymousUser())) == {public_thread}
    assert set(serializer.queryset(member)) == {public_thread}
    assert set(serializer.queryset(caucus_member)) == {public_thread, restricted_thread}
    assert serializer.audiences(public_thread) == [PUBLIC]
    assert serializer.audiences(restricted_thread) == [group_audience(caucus.pk)]
    document = serializer.search_document(restricted_thread)
    assert document["audiences"] == [group_audience(caucus.pk)]
    assert "Caucus-only draft statement." in document["text"]


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def test_public_thread_has_discussion_forum_posting_json_ld(client, public_thread):
    client_for(public_thread.author)  # the author's profile is public (factory default)
    document = _json_ld(client.get(public_thread.get_absolute_url()).content.decode())
    assert document["@type"] == "DiscussionForumPosting"
    assert document["headline"] == "Tracking 30x30 nationally"
    assert document["identifier"] == str(public_thread.uuid)
    assert document["author"]["name"] == "Tomás Herrera"
    assert document["text"] == "How do you report OECMs?"
    assert document["url"].endswith(public_thread.get_absolute_url())


def test_restricted_thread_has_no_json_ld(caucus_member, restricted_thread):
    html = client_for(caucus_member).get(restricted_thread.get_absolute_url()).content.decode()
    assert _json_ld(html) is None

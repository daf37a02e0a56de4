"""Whom a member's name and profile link reach, face by face: a permission matrix over the
forum's faces × the author's profile visibility × the viewer (visitor, member, the author,
a superuser). Whoever may not see the profile reads the member's neutral name, unlinked."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.forums.factories import PostFactory, ThreadFactory
from community.forums.models import Frequency, Notification, Subscription
from community.forums.serializers import ThreadSerializer
from community.forums.tasks import send_forum_digests
from community.members.factories import ProfileFactory, UserFactory
from tests.helpers import client_for, json_ld

pytestmark = pytest.mark.django_db

NAME = "Mei Lin"
NEUTRAL = "Mei from the youth caucus"
VISIBILITIES = ["public", "members", "private"]
VIEWERS = ["anonymous", "member", "owner", "superuser"]
SEES = {
    "public": {"anonymous", "member", "owner", "superuser"},
    "members": {"member", "owner", "superuser"},
    "private": {"owner", "superuser"},
}


@pytest.fixture
def mei(db):
    user = UserFactory(username="member00003")
    return ProfileFactory(user=user, display_name=NAME, public_name=NEUTRAL).user


@pytest.fixture
def conversation(public_category, mei, other_member):
    """Mei starts a thread; another member replies mentioning her by her username."""
    thread = ThreadFactory(
        category=public_category, author=mei, title="Youth and target 22", body="Opening words"
    )
    PostFactory(thread=thread, author=other_member, body="Thanks @member00003 for this.")
    return thread


def _set_visibility(user, visibility):
    user.profile.visibility = visibility
    user.profile.save()


def _viewer_client(viewer, mei):
    if viewer == "anonymous":
        return Client(), None
    user = {
        "member": lambda: ProfileFactory(display_name="Some Reader").user,
        "owner": lambda: mei,
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[viewer]()
    return client_for(user), user


def _assert_shown(html, mei, sees):
    url = mei.profile.get_absolute_url()
    if sees:
        assert f'<a href="{url}">{NAME}</a>' in html  # the author line
        assert f">@{NAME}</a>" in html  # the mention by username
    else:
        assert NAME not in html
        assert url not in html
        assert NEUTRAL in html


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_thread_page_author_line_and_mentions(conversation, mei, visibility, viewer):
    _set_visibility(mei, visibility)
    client, _user = _viewer_client(viewer, mei)
    html = client.get(conversation.get_absolute_url()).content.decode()
    _assert_shown(html, mei, viewer in SEES[visibility])
    assert "member00003" not in html.split("<main", 1)[-1]  # the handle is not shown either


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_thread_lists_and_search(conversation, public_category, mei, visibility, viewer):
    _set_visibility(mei, visibility)
    client, _user = _viewer_client(viewer, mei)
    sees = viewer in SEES[visibility]
    for url in (
        public_category.get_absolute_url(),
        reverse("forums:search") + "?q=target",
    ):
        html = client.get(url).content.decode()
        assert (NAME in html) is sees, url
        assert (NEUTRAL in html) is not sees, url


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", ["member", "owner", "superuser"])
def test_quote_prefill(conversation, mei, visibility, viewer):
    _set_visibility(mei, visibility)
    client, _user = _viewer_client(viewer, mei)
    opening, reply = conversation.posts.order_by("pk")
    url = reverse("forums:reply", args=[conversation.pk])
    quoting_author = client.get(f"{url}?quote={opening.pk}").content.decode()
    quoting_mention = client.get(f"{url}?quote={reply.pk}").content.decode()
    if viewer in SEES[visibility]:
        assert f"@[{NAME}]:" in quoting_author
        assert f"Thanks @[{NAME}] for this." in quoting_mention
    else:
        assert NAME not in quoting_author and NAME not in quoting_mention
        assert f"{NEUTRAL}:" in quoting_author
        assert f"Thanks {NEUTRAL} for this." in quoting_mention
    assert "member00003" not in quoting_mention


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_notifications_page_and_emails_name_the_author_as_the_recipient_may_see(
    public_category, mei, other_member, visibility
):
    """The recipient is a member (not the author): they see members-only names."""
    _set_visibility(mei, visibility)
    thread = ThreadFactory(category=public_category, author=other_member, title="Ask")
    Subscription.objects.update_or_create(
        user=other_member, thread=thread, defaults={"frequency": Frequency.IMMEDIATE}
    )
    reader = ProfileFactory(display_name="Digest Reader").user
    Subscription.objects.create(user=reader, thread=thread, frequency=Frequency.DIGEST)
    mail.outbox.clear()
    client_for(mei).post(reverse("forums:reply", args=[thread.pk]), {"body": "An answer"})
    sees = visibility in {"public", "members"}

    immediate = next(m for m in mail.outbox if m.to == [other_member.email])
    assert (NAME in immediate.body) is sees
    assert (NEUTRAL in immediate.body) is not sees
    page = client_for(other_member).get(reverse("forums:notifications")).content.decode()
    assert (NAME in page) is sees
    assert Notification.objects.filter(user=reader).exists()
    mail.outbox.clear()
    send_forum_digests.call()
    [digest] = mail.outbox
    assert (NAME in digest.body) is sees
    assert (NEUTRAL in digest.body) is not sees


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_feeds_json_ld_and_search_documents_name_the_author_as_a_visitor_may_see(
    client, conversation, public_category, mei, visibility
):
    """These faces are the same for everyone who reads them: a visitor's view."""
    _set_visibility(mei, visibility)
    public = visibility == "public"
    for url in (reverse("forums:feed"), reverse("forums:category_feed", args=["general"])):
        feed = client_for(mei).get(url).content.decode()  # requested by the author, even
        assert (NAME in feed) is public, url
    document = ThreadSerializer().extra_fields(conversation)
    assert document["author"] == (NAME if public else NEUTRAL)
    text = ThreadSerializer().get_text(conversation)
    assert (NAME in text) is public
    assert "member00003" not in text
    author = json_ld(client_for(mei).get(conversation.get_absolute_url()).content.decode())[
        "author"
    ]
    assert author["name"] == (NAME if public else NEUTRAL)
    assert ("url" in author) is public


def test_without_a_chosen_name_a_hidden_member_is_a_member(client, conversation, mei):
    mei.profile.public_name = ""
    mei.profile.visibility = "private"
    mei.profile.save()
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert NAME not in html
    assert '<span class="member-name">a member</span>' in html
    assert "Thanks @a member for this." in html


def test_shown_member_for_a_deleted_account_and_a_visitor():
    from community.members.permissions import shown_member

    shown = shown_member(AnonymousUser(), None)
    assert shown.name == "Deleted member" and shown.url is None

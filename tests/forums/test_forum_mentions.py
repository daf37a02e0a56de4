"""Mentions: the four forms, how they resolve, the warning before posting, the preview, and
the suggestions endpoint (who it offers, to whom, how often)."""

import pytest

from django.core import mail
from django.urls import reverse

from community.forums.mentions import canonical_text, find_mentions, mention_problems
from community.forums.models import Notification, Post
from community.members.factories import ProfileFactory, UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def mei(db):
    return ProfileFactory(
        user=UserFactory(username="member00003"), display_name="Mei Lin", visibility="members"
    ).user


def _names(text):
    return [
        (m.text, m.profile.display_name if m.profile else None)
        for m in find_mentions(text, names=True)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thanks @Mei Lin, see you", [("@Mei Lin", "Mei Lin")]),
        ("@mei lin said so", [("@mei lin", "Mei Lin")]),
        ("Ask @Mei.", [("@Mei", "Mei Lin")]),
        ("cc @[Mei Lin]", [("@[Mei Lin]", "Mei Lin")]),
        ("cc @member00003 please", [("@member00003", "Mei Lin")]),
        ("mail mei@example.org or @ noon", []),
        ("Hi @Nobody Known", [("@Nobody", None)]),
    ],
)
def test_mention_forms_resolve(mei, member, text, expected):
    assert _names(text) == expected


def test_first_name_mention_needs_a_unique_first_name(mei, member):
    ProfileFactory(display_name="Mei Chen")
    [mention] = find_mentions("Hello @Mei", names=True)
    assert mention.profile is None and mention.ambiguous
    assert _names("Hello @Mei Chen and @Mei Lin") == [
        ("@Mei Chen", "Mei Chen"),
        ("@Mei Lin", "Mei Lin"),
    ]


def test_a_hidden_profile_is_not_found_by_name_but_by_username(mei, member):
    mei.profile.visibility = "private"
    mei.profile.save()
    assert "@Mei does not name any member you can see" in " ".join(
        mention_problems("Hi @Mei Lin", member)
    )
    assert mention_problems("Hi @member00003", member) == []


def test_bare_names_are_saved_in_brackets_so_they_keep_their_member(mei, member, public_thread):
    assert canonical_text("Thanks @Mei, and @mei lin!", member) == (
        "Thanks @[Mei Lin], and @[Mei Lin]!"
    )
    client_for(member).post(reverse("forums:reply", args=[public_thread.pk]), {"body": "Hi @Mei"})
    assert Post.objects.get(author=member).body == "Hi @[Mei Lin]"
    ProfileFactory(display_name="Mei Chen")  # "@Mei" alone would now be ambiguous
    html = client_for(member).get(public_thread.get_absolute_url()).content.decode()
    assert (
        f'<a href="{mei.profile.get_absolute_url()}" rel="nofollow noopener ugc">@Mei Lin</a>'
        in (html)
    )


def test_bare_name_mention_notifies(mei, member, public_thread):
    mail.outbox.clear()
    client_for(member).post(
        reverse("forums:reply", args=[public_thread.pk]), {"body": "What do you think, @Mei Lin?"}
    )
    assert Notification.objects.get(user=mei).kind == Notification.Kind.MENTION


def test_mention_of_someone_who_cannot_see_the_thread_is_pointed_out(
    mei, caucus_member, restricted_thread
):
    url = reverse("forums:reply", args=[restricted_thread.pk])
    response = client_for(caucus_member).post(url, {"body": "cc @Mei Lin"})
    html = response.content.decode()
    assert "Mei Lin cannot see this discussion, so @Mei Lin will not notify them." in html
    assert 'name="post_anyway"' in html and 'type="checkbox"' in html
    assert restricted_thread.posts.count() == 1
    client_for(caucus_member).post(url, {"body": "cc @Mei Lin", "post_anyway": "on"})
    assert restricted_thread.posts.count() == 2
    assert not Notification.objects.filter(user=mei).exists()


def test_new_thread_checks_mentions_against_the_category(
    mei, caucus_member, restricted_category, public_category
):
    data = {"title": "Plan", "body": "@Mei Lin, thoughts?"}
    client = client_for(caucus_member)
    html = client.post(reverse("forums:thread_create", args=["caucus"]), data).content.decode()
    assert "cannot see this discussion" in html
    response = client.post(reverse("forums:thread_create", args=["general"]), data)
    assert response.status_code == 302


def test_preview_renders_without_saving_and_shows_warnings(mei, member, public_thread):
    url = reverse("forums:reply", args=[public_thread.pk])
    response = client_for(member).post(
        url, {"body": "**Dakar** with @Mei and @ghost <script>alert(1)</script>", "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Dakar</strong>" in html
    assert (
        f'<a href="{mei.profile.get_absolute_url()}" rel="nofollow noopener ugc">@Mei Lin</a>'
        in (html)
    )
    assert "@ghost does not name any member you can see" in html
    assert "<script>alert(1)</script>" not in html
    assert "Please correct the errors below." not in html  # a preview stops nothing
    assert public_thread.posts.count() == 1
    # The text stays in the box to be posted.
    assert "**Dakar** with @Mei" in html


def test_preview_of_a_new_thread_and_of_an_edit(member, public_category, public_thread):
    client = client_for(member)
    html = client.post(
        reverse("forums:thread_create", args=["general"]),
        {"title": "T", "body": "_draft_", "preview": "1"},
    ).content.decode()
    assert "<em>draft</em>" in html and "Nothing is posted yet" in html
    post = public_thread.posts.get()
    html = (
        client_for(public_thread.author)
        .post(reverse("forums:post_edit", args=[post.pk]), {"body": "_changed_", "preview": "1"})
        .content.decode()
    )
    assert "<em>changed</em>" in html
    post.refresh_from_db()
    assert post.body != "_changed_"


def test_reply_box_explains_mentions_and_offers_suggestions(auth_client, public_thread):
    html = auth_client.get(public_thread.get_absolute_url()).content.decode()
    assert "To mention a member, write @" in html
    assert f'data-mention-url="/forums/mentions/?thread={public_thread.pk}"' in html
    assert "/static/forums/mentions.js" in html
    assert "<script>" not in html.split("<main", 1)[1]  # no inline script


def test_suggestions_offer_only_members_the_poster_may_see_who_can_see_the_thread(
    mei, member, caucus_member, restricted_thread, public_thread
):
    ProfileFactory(display_name="Mei Private", visibility="private")
    client = client_for(member)
    url = reverse("forums:mention_suggestions")
    results = client.get(url, {"q": "mei", "thread": public_thread.pk}).json()["results"]
    assert results == [{"name": "Mei Lin", "mention": "@[Mei Lin]"}]
    assert client.get(url, {"q": "lin", "thread": public_thread.pk}).json()["results"] == results
    # Mei cannot see the caucus's thread: not offered there.
    caucus = client_for(caucus_member)
    assert caucus.get(url, {"q": "mei", "thread": restricted_thread.pk}).json()["results"] == []
    # Nor does the endpoint answer about threads the poster cannot see, or for visitors.
    assert client.get(url, {"q": "l", "thread": restricted_thread.pk}).status_code == 404
    from django.test import Client

    assert Client().get(url, {"q": "mei", "thread": public_thread.pk}).status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        {"q": "mei"},
        {"q": "mei", "thread": "²"},
        {"q": "mei", "thread": str(2**64)},
        {"q": "mei", "thread": "-1"},
        {"q": "mei", "category": "nowhere"},
        {"q": "x" * 500, "thread": "1"},
    ],
)
def test_suggestions_reject_bad_input_with_404(auth_client, public_thread, query):
    response = auth_client.get(reverse("forums:mention_suggestions"), query)
    assert response.status_code == 404


def test_suggestions_are_rate_limited(settings, auth_client, public_thread):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "forums.suggest": {"member": (2, 60)}}
    url = reverse("forums:mention_suggestions")
    query = {"q": "a", "thread": public_thread.pk}
    assert [auth_client.get(url, query).status_code for _ in range(3)] == [200, 200, 429]


def test_a_name_is_never_markup(member, public_thread):
    odd = ProfileFactory(display_name="Ana *Star* <b>x</b> [y](z)")
    client_for(member).post(
        reverse("forums:reply", args=[public_thread.pk]),
        {"body": f"Hi @{odd.user.username}"},
    )
    html = client_for(member).get(public_thread.get_absolute_url()).content.decode()
    assert ">@Ana *Star* &lt;b&gt;x&lt;/b&gt; [y](z)</a>" in html

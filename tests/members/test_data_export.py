"""Members download all their data as JSON from their dashboard, and only their own."""

import json

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from community.experts.factories import ExpertProfileFactory
from community.forums.factories import CategoryFactory, PostFactory, ThreadFactory
from community.forums.models import Flag, Reaction, Subscription
from community.groups.factories import GroupProfileFactory, JoinRequestFactory
from community.members.factories import ProfileFactory
from community.members.models import FocalPoint, Profile
from community.partners.models import OrganizationRequest
from taxonomy.models import Country
from tests.events.test_event_submission import SUBMIT_URL, valid_data
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("members:data_export")

SECTIONS = {
    "account",
    "profile",
    "focal_point_assignments",
    "expert_profile",
    "forum_threads",
    "forum_posts",
    "forum_reactions",
    "forum_subscriptions",
    "forum_flags",
    "forum_bans",
    "submitted_events",
    "organization_requests",
    "organization_memberships",
    "group_memberships",
    "groups_managed",
    "group_join_requests",
}


def _download(client):
    response = client.post(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    date = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="chm-data-{date}.json"'
    assert "no-store" in response["Cache-Control"]
    return response, json.loads(response.content)


@pytest.fixture
def busy_member(member, other_member, partner_admin, events_index):
    """A member who has done a bit of everything, next to another member who has too."""
    Profile.objects.filter(user=member).update(bio="I coordinate **youth** networks.")
    ExpertProfileFactory(profile=member.profile, headline="Youth engagement", expertise=["youth"])
    # Forums: a thread, a reply, a reaction to and a flag on someone else's post, and a
    # restricted thread of another member that must not show.
    category = CategoryFactory(name="General discussion", slug="general")
    mine = ThreadFactory(category=category, author=member, title="My thread", body="My opening")
    PostFactory(thread=mine, author=member, body="My own reply")
    theirs = ThreadFactory(category=category, author=other_member, body="Their private thoughts")
    their_post = theirs.posts.get()
    Reaction.objects.create(post=their_post, user=member, kind="thanks")
    Flag.objects.create(post=their_post, reporter=member, reason="spam", comment="Looks like spam")
    Subscription.objects.create(user=member, category=category)
    caucus = Group.objects.create(name="IPLC caucus")
    ThreadFactory(
        category=CategoryFactory(slug="caucus", group=caucus),
        author=other_member,
        title="Secret caucus strategy",
        body="Caucus-only draft statement.",
    )
    # An event submitted for review.
    client_for(member).post(SUBMIT_URL, valid_data(title="Mangrove restoration day"))
    # Organizations: the partner_admin fixture's membership, and a request.
    OrganizationRequest.objects.create(organization_name="Green Youth", requested_by=member)
    FocalPoint.objects.create(user=member, country=Country.objects.get(code="SN"))
    # Groups: a membership and a pending request.
    youth = GroupProfileFactory(name="Youth caucus")
    member.groups.add(youth.group)
    JoinRequestFactory(group_profile=GroupProfileFactory(name="Negotiators"), user=member)
    JoinRequestFactory(
        group_profile=youth, user=other_member, message="Their request to join the youth caucus"
    )
    return member


def test_dashboard_offers_the_export_next_to_account_deletion(auth_client):
    html = auth_client.get(reverse("members:dashboard")).content.decode()
    assert f'href="{EXPORT_URL}"' in html
    assert html.index(EXPORT_URL) < html.index(reverse("members:account_delete"))


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for response in (client.get(EXPORT_URL), client.post(EXPORT_URL)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_get_explains_and_does_not_download(auth_client):
    response = auth_client.get(EXPORT_URL)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html


def test_download_needs_the_csrf_token(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(EXPORT_URL).status_code == 403


def test_export_holds_every_section_of_the_members_own_data(busy_member, other_member):
    response, data = _download(client_for(busy_member))
    assert set(data) >= SECTIONS
    assert data["account"]["email"] == busy_member.email
    assert data["profile"]["display_name"] == "Amina Diallo"
    assert data["profile"]["bio"] == "I coordinate **youth** networks."
    assert data["expert_profile"]["headline"] == "Youth engagement"
    assert data["expert_profile"]["expertise"] == ["youth"]
    assert [t["title"] for t in data["forum_threads"]] == ["My thread"]
    assert [p["body"] for p in data["forum_posts"]] == ["My opening", "My own reply"]
    assert data["forum_reactions"][0]["kind"] == "thanks"
    assert data["forum_flags"][0]["comment"] == "Looks like spam"
    followed = [
        (s["thread"] or {}).get("title") or s["category"] for s in data["forum_subscriptions"]
    ]
    assert sorted(followed) == ["General discussion", "My thread"]
    (event,) = data["submitted_events"]
    assert event["title"] == "Mangrove restoration day"
    assert event["review_status"] == "moderation"
    assert event["url"] is None  # not published yet
    assert {r["organization"] for r in data["organization_requests"]} == {"Green Youth"}
    assert data["organization_memberships"][0]["organization"] == "Asociación Indígena Andina"
    assert data["organization_memberships"][0]["role"] == "admin"
    assert data["focal_point_assignments"][0]["country"] == "SN"
    assert [g["name"] for g in data["group_memberships"]] == ["Youth caucus"]
    assert [r["group"] for r in data["group_join_requests"]] == ["Negotiators"]
    assert data["group_join_requests"][0]["status"] == "pending"


def test_export_holds_nothing_of_other_members(busy_member, other_member):
    response, _data = _download(client_for(busy_member))
    text = response.content.decode()
    assert other_member.email not in text
    assert other_member.profile.display_name not in text
    assert "Their private thoughts" not in text  # their post, though the member reacted to it
    assert "Their request to join" not in text
    assert "Secret caucus strategy" not in text
    # The other member's own export has their post and none of the first member's data.
    _response, theirs = _download(client_for(other_member))
    assert "Their private thoughts" in [p["body"] for p in theirs["forum_posts"]]
    assert busy_member.email not in _response.content.decode()
    assert theirs["expert_profile"] is None


def test_a_member_with_nothing_yet_gets_empty_sections(client):
    user = ProfileFactory(display_name="New Member").user
    _response, data = _download(client_for(user))
    assert set(data) >= SECTIONS
    assert data["forum_posts"] == [] and data["submitted_events"] == []


def test_downloads_are_rate_limited(settings, auth_client):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "members.export": {"member": (2, 3600)}}
    _download(auth_client)
    _download(auth_client)
    response = auth_client.post(EXPORT_URL)
    assert response.status_code == 429
    assert "Content-Disposition" not in response
    assert "you can download it again in" in response.content.decode()

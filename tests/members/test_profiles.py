"""Member profiles: who can see them, who can edit them, and what bad input does."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from community.members.factories import ProfileFactory
from community.members.models import Profile

pytestmark = pytest.mark.django_db


def _profile(visibility):
    return ProfileFactory(display_name=f"Person {visibility}", visibility=visibility)


@pytest.mark.parametrize(
    ("visibility", "as_anonymous", "as_member", "as_owner"),
    [
        (Profile.Visibility.PUBLIC, 200, 200, 200),
        (Profile.Visibility.MEMBERS, 404, 200, 200),
        (Profile.Visibility.PRIVATE, 404, 404, 200),
    ],
)
def test_profile_visibility(client, auth_client, visibility, as_anonymous, as_member, as_owner):
    profile = _profile(visibility)
    url = profile.get_absolute_url()
    assert client.get(url).status_code == as_anonymous
    assert auth_client.get(url).status_code == as_member
    owner_client = Client()
    owner_client.force_login(profile.user)
    assert owner_client.get(url).status_code == as_owner


def test_visible_to_queryset_matches_detail_rule(member):
    public = _profile(Profile.Visibility.PUBLIC)
    members_only = _profile(Profile.Visibility.MEMBERS)
    private = _profile(Profile.Visibility.PRIVATE)
    from django.contrib.auth.models import AnonymousUser

    anonymous = set(Profile.objects.visible_to(AnonymousUser()))
    signed_in = set(Profile.objects.visible_to(member))
    assert public in anonymous and members_only not in anonymous and private not in anonymous
    assert members_only in signed_in and private not in signed_in
    assert member.profile in signed_in


def test_member_edits_own_profile(auth_client, member):
    response = auth_client.post(
        reverse("members:profile_edit"),
        {
            "display_name": "Amina D.",
            "country": member.profile.country_id or "",
            "organization": "Youth Biodiversity Network",
            "bio": "I work on **urban** biodiversity.",
            "visibility": "members",
            "constituencies": [],
            "languages": [],
        },
    )
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.display_name == "Amina D."
    assert member.profile.visibility == "members"
    page = auth_client.get(member.profile.get_absolute_url()).content.decode()
    assert "<strong>urban</strong>" in page


def test_nobody_else_can_edit_a_profile(auth_client, other_member, editor_client):
    url = reverse("members:profile_edit_uuid", kwargs={"uuid": other_member.profile.uuid})
    assert auth_client.get(url).status_code == 403
    assert auth_client.post(url, {"display_name": "Hacked"}).status_code == 403
    assert editor_client.post(url, {"display_name": "Hacked"}).status_code == 403
    other_member.profile.refresh_from_db()
    assert other_member.profile.display_name == "Tomás Herrera"


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("members:profile_edit"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_profile_bad_input_changes_nothing(auth_client, member):
    before = member.profile.display_name
    response = auth_client.post(
        reverse("members:profile_edit"), {"display_name": "   ", "visibility": "everyone"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Please correct the errors below." in content
    assert "Select a valid choice." in content
    member.profile.refresh_from_db()
    assert member.profile.display_name == before


def test_oversized_or_wrong_type_avatar_is_refused(auth_client, member):
    big = SimpleUploadedFile("a.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024), "image/png")
    response = auth_client.post(
        reverse("members:profile_edit"),
        {"display_name": "Amina", "visibility": "public", "avatar": big},
    )
    assert response.status_code == 200
    assert "avatar" in response.context["form"].errors
    script = SimpleUploadedFile("a.svg", b"<svg onload=alert(1)>", "image/svg+xml")
    response = auth_client.post(
        reverse("members:profile_edit"),
        {"display_name": "Amina", "visibility": "public", "avatar": script},
    )
    assert "avatar" in response.context["form"].errors
    member.profile.refresh_from_db()
    assert not member.profile.avatar


def test_bio_markdown_is_sanitized(client):
    profile = ProfileFactory(
        visibility="public",
        bio="Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))",
    )
    page = client.get(profile.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "onerror" not in page
    assert "javascript:alert" not in page

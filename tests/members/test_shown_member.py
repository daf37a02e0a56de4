"""``shown_member``: what a viewer sees of a member, and the events organizer filter's options
built from it."""

import datetime

import pytest

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from community.members.factories import ProfileFactory, UserFactory
from community.members.permissions import shown_member
from events.factories import EventPageFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "member", "owner", "superuser"]
SEES = {
    "public": {"anonymous", "member", "owner", "superuser"},
    "members": {"member", "owner", "superuser"},
    "private": {"owner", "superuser"},
}


@pytest.mark.parametrize("visibility", ["public", "members", "private"])
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("public_name", ["", "Olga P."])
def test_shown_member(visibility, viewer, public_name):
    profile = ProfileFactory(display_name="Olga Petrova", visibility=visibility)
    profile.public_name = public_name
    profile.save()
    user = {
        "anonymous": AnonymousUser(),
        "member": ProfileFactory().user,
        "owner": profile.user,
        "superuser": UserFactory(is_superuser=True),
    }[viewer]
    shown = shown_member(user, profile.user)
    if viewer in SEES[visibility]:
        assert (shown.name, shown.url) == ("Olga Petrova", profile.get_absolute_url())
    else:
        assert (shown.name, shown.url) == (public_name or "a member", None)
    assert shown_member(None, profile) == shown_member(AnonymousUser(), profile)


def test_profile_form_lets_the_member_choose_their_neutral_name(auth_client, member):
    data = {"display_name": "Amina Diallo", "visibility": "private", "public_name": " Amina D. "}
    auth_client.post(reverse("members:profile_edit"), data)
    member.profile.refresh_from_db()
    assert member.profile.public_name == "Amina D."


@pytest.mark.parametrize(
    "visibility, public_name, offered",
    [
        ("public", "", "Olga Petrova"),
        ("members", "Olga P.", "Olga P."),
        ("private", "Olga P.", "Olga P."),
        ("private", "", None),
    ],
)
def test_events_organizer_filter_names_members_as_a_visitor_may_see_them(
    client, events_index, visibility, public_name, offered
):
    start = timezone.now() + datetime.timedelta(days=3)
    profile = ProfileFactory(
        display_name="Olga Petrova", visibility=visibility, public_name=public_name
    )
    EventPageFactory(
        parent=events_index,
        title="Indicators webinar",
        start=start,
        end=start + datetime.timedelta(hours=2),
        organizer_name="",
        organizer_member=profile,
    )
    for viewer in (client, client_for(ProfileFactory().user)):
        html = viewer.get(events_index.url).content.decode()
        select = html.split('name="organizer"', 1)[1].split("</select>", 1)[0]
        assert "Olga Petrova" not in select or offered == "Olga Petrova"
        if offered:
            assert f'<option value="{profile.uuid}">{offered}</option>' in select
        else:
            assert str(profile.uuid) not in select

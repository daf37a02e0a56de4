"""Groups list themselves, members ask to join, managers approve or decline on the site."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.groups import services
from community.groups.factories import GroupProfileFactory, JoinRequestFactory
from community.groups.models import GroupProfile, JoinPolicy, JoinRequest
from community.members.factories import ProfileFactory
from community.members.models import Profile
from taxonomy.models import Constituency
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _ask(client, profile, message="I represent the Quechua communities of Cusco."):
    return client.post(
        reverse("groups:join", args=[profile.slug]), {"message": message}, follow=True
    )


def _decide(client, join_request, decision, reason=""):
    prefix = str(join_request.uuid)
    return client.post(
        reverse("groups:decide", args=[join_request.uuid]),
        {f"{prefix}-decision": decision, f"{prefix}-reason": reason},
        follow=True,
    )


# --- seeing ---------------------------------------------------------------------------------


def test_visitors_learn_that_a_listed_group_exists_and_how_to_join(
    client, caucus_profile, manager, caucus_member
):
    hidden = GroupProfileFactory(name="Secret working group", is_listed=False)
    html = client.get(reverse("groups:list")).content.decode()
    assert "IPLC caucus" in html
    assert "Open: members may ask to join" in html
    assert "Secret working group" not in html
    assert client.get(hidden.get_absolute_url()).status_code == 404

    page = client.get(caucus_profile.get_absolute_url()).content.decode()
    assert "<strong>indigenous peoples and local communities</strong>" in page
    assert "Sign in to ask to join this group." in page
    assert "Lucía Quispe" in page  # the manager's public profile
    assert "Kalani Akana" not in page  # members are never listed


def test_unlisted_group_is_seen_by_its_members_only(member, other_member):
    group = Group.objects.create(name="Negotiators")
    profile = GroupProfileFactory(group=group, name="Negotiators", is_listed=False)
    member.groups.add(group)
    assert "Negotiators" in client_for(member).get(reverse("groups:list")).content.decode()
    assert client_for(member).get(profile.get_absolute_url()).status_code == 200
    assert client_for(other_member).get(profile.get_absolute_url()).status_code == 404
    assert (
        "Negotiators" not in client_for(other_member).get(reverse("groups:list")).content.decode()
    )


def test_a_private_managers_name_is_not_shown(client, caucus_profile, manager):
    Profile.objects.filter(user=manager).update(visibility=Profile.Visibility.PRIVATE)
    page = client.get(caucus_profile.get_absolute_url()).content.decode()
    assert "Lucía Quispe" not in page
    assert "a member" in page


def test_group_name_and_purpose_in_the_visitors_language(client, caucus_profile):
    page = client.get("/fr" + caucus_profile.get_absolute_url()).content.decode()
    assert "Caucus des peuples autochtones" in page
    assert "Un espace." in page


# --- asking to join -------------------------------------------------------------------------


def test_member_asks_to_join_and_the_managers_hear_of_it(
    auth_client, member, caucus_profile, manager
):
    response = _ask(auth_client, caucus_profile)
    assert "Your request has been sent." in response.content.decode()
    join_request = JoinRequest.objects.get(user=member)
    assert join_request.is_pending
    assert join_request.message == "I represent the Quechua communities of Cusco."
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "Amina Diallo asks to join IPLC caucus" in mail.outbox[0].subject
    assert "Quechua communities" in mail.outbox[0].body
    assert f"/groups/{caucus_profile.slug}/requests/" in mail.outbox[0].body
    # The page now says the request waits, and offers no second form.
    page = auth_client.get(caucus_profile.get_absolute_url()).content.decode()
    assert "a manager will decide" in page
    assert "Ask to join" not in page


def test_duplicate_request_is_refused(auth_client, member, caucus_profile, manager):
    _ask(auth_client, caucus_profile)
    response = _ask(auth_client, caucus_profile, "Again")
    assert "Your request to join is waiting for a manager." in response.content.decode()
    assert JoinRequest.objects.filter(user=member).count() == 1
    with pytest.raises(services.JoinRefused):
        services.request_to_join(member, caucus_profile, "Once more")


def test_member_of_the_group_cannot_ask_to_join(caucus_member, caucus_profile):
    client = client_for(caucus_member)
    page = client.get(caucus_profile.get_absolute_url()).content.decode()
    assert "You are a member of this group." in page
    response = _ask(client, caucus_profile)
    assert "You are a member of this group." in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_anonymous_visitor_cannot_ask(client, caucus_profile):
    response = client.post(reverse("groups:join", args=[caucus_profile.slug]), {"message": "x"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not JoinRequest.objects.exists()


def test_invitation_only_group_takes_no_requests(auth_client, caucus_profile):
    caucus_profile.join_policy = JoinPolicy.INVITATION
    caucus_profile.save()
    page = auth_client.get(caucus_profile.get_absolute_url()).content.decode()
    assert "by invitation only" in page
    assert "Ask to join" not in page
    response = _ask(auth_client, caucus_profile)
    assert "by invitation only" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_constituency_group_takes_requests_from_its_constituency(
    member, other_member, caucus_profile
):
    iplc = Constituency.objects.get(slug="iplc")
    caucus_profile.join_policy = JoinPolicy.CONSTITUENCY
    caucus_profile.constituency = iplc
    caucus_profile.save()
    response = _ask(client_for(member), caucus_profile)
    assert "constituency" in response.content.decode()
    assert not JoinRequest.objects.exists()
    other_member.profile.constituencies.add(iplc)
    _ask(client_for(other_member), caucus_profile)
    assert JoinRequest.objects.get().user == other_member


def test_overlong_message_is_refused_with_a_message(auth_client, caucus_profile):
    response = _ask(auth_client, caucus_profile, "x" * 2001)
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_requests_to_join_are_rate_limited(settings, auth_client, member):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "groups.join": {"member": (1, 3600)}}
    first, second = GroupProfileFactory(), GroupProfileFactory()
    _ask(auth_client, first)
    response = _ask(auth_client, second)
    assert "you can try again in" in response.content.decode()
    assert JoinRequest.objects.filter(user=member).count() == 1


def test_member_withdraws_a_request(auth_client, member, caucus_profile):
    _ask(auth_client, caucus_profile)
    join_request = JoinRequest.objects.get()
    response = auth_client.post(reverse("groups:withdraw", args=[join_request.uuid]), follow=True)
    assert "Your request has been withdrawn." in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.WITHDRAWN
    # Another member cannot withdraw someone's request.
    _ask(auth_client, caucus_profile)
    again = JoinRequest.objects.pending().get()
    other = client_for(ProfileFactory().user)
    assert other.post(reverse("groups:withdraw", args=[again.uuid])).status_code == 404


# --- deciding -------------------------------------------------------------------------------


def test_manager_sees_pending_requests_on_the_site(manager, member, caucus_profile):
    JoinRequestFactory(group_profile=caucus_profile, user=member, message="Please let me in")
    client = client_for(manager)
    page = client.get(caucus_profile.get_absolute_url()).content.decode()
    assert "1 request to join is waiting" in page
    html = client.get(reverse("groups:requests", args=[caucus_profile.slug])).content.decode()
    assert "Amina Diallo" in html
    assert "Please let me in" in html
    assert "Approve" in html and "Decline" in html


def test_manager_approves_and_the_member_joins(manager, member, caucus_profile, caucus):
    join_request = JoinRequestFactory(group_profile=caucus_profile, user=member, language="fr")
    response = _decide(client_for(manager), join_request, "approve")
    assert "Request approved" in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == manager
    assert member.groups.filter(pk=caucus.pk).exists()
    # Written in the language the member asked in.
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert "Caucus des peuples autochtones" in email.subject
    assert "/fr/groups/iplc-caucus/" in email.body
    page = client_for(member).get(caucus_profile.get_absolute_url()).content.decode()
    assert "You are a member of this group." in page


def test_manager_declines_with_a_reason(manager, member, caucus_profile, caucus):
    join_request = JoinRequestFactory(group_profile=caucus_profile, user=member)
    response = _decide(client_for(manager), join_request, "decline")
    assert "Tell the member why" in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.is_pending
    _decide(client_for(manager), join_request, "decline", "The caucus is for IPLC representatives.")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not member.groups.filter(pk=caucus.pk).exists()
    (email,) = mail.outbox
    assert "declined" in email.body
    assert "The caucus is for IPLC representatives." in email.body
    # Declined, the member may ask again later.
    assert (
        "Ask to join" in client_for(member).get(caucus_profile.get_absolute_url()).content.decode()
    )


def test_non_manager_cannot_see_or_decide_requests(
    caucus_member, other_member, member, caucus_profile, caucus
):
    join_request = JoinRequestFactory(group_profile=caucus_profile, user=member)
    for user in (
        caucus_member,
        other_member,
        member,
    ):  # a member of the group, an outsider, the requester
        client = client_for(user)
        assert client.get(reverse("groups:requests", args=[caucus_profile.slug])).status_code == 403
        response = client.post(
            reverse("groups:decide", args=[join_request.uuid]),
            {f"{join_request.uuid}-decision": "approve"},
        )
        assert response.status_code == 403
    join_request.refresh_from_db()
    assert join_request.is_pending
    assert not member.groups.filter(pk=caucus.pk).exists()
    assert mail.outbox == []


def test_anonymous_cannot_decide(client, member, caucus_profile):
    join_request = JoinRequestFactory(group_profile=caucus_profile, user=member)
    response = client.post(reverse("groups:decide", args=[join_request.uuid]))
    assert response.status_code == 302
    assert client.get(reverse("groups:decide", args=[join_request.uuid])).status_code == 302


def test_a_request_is_decided_once(manager, member, caucus_profile):
    join_request = JoinRequestFactory(group_profile=caucus_profile, user=member)
    _decide(client_for(manager), join_request, "approve")
    response = client_for(manager).post(
        reverse("groups:decide", args=[join_request.uuid]),
        {f"{join_request.uuid}-decision": "decline", f"{join_request.uuid}-reason": "No"},
    )
    assert response.status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert len(mail.outbox) == 1


def test_manager_of_one_group_cannot_decide_for_another(manager, member):
    other_group = GroupProfileFactory()
    join_request = JoinRequestFactory(group_profile=other_group, user=member)
    response = _decide(client_for(manager), join_request, "approve")
    assert response.status_code == 403
    assert not member.groups.filter(pk=other_group.group_id).exists()


def test_unknown_or_malformed_request_ids_are_404(manager):
    client = client_for(manager)
    assert (
        client.post("/groups/requests/00000000-0000-0000-0000-000000000000/decide/").status_code
        == 404
    )
    assert client.post("/groups/requests/99999999999999999999999/decide/").status_code == 404
    assert client.get("/groups/%C2%B2/").status_code == 404


def test_a_group_that_grants_permissions_cannot_be_joined_by_request(
    manager, member, caucus_profile, caucus
):
    editors = Group.objects.create(name="Site editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    with pytest.raises(ValidationError):
        GroupProfile(group=editors, name="Editors", slug="editors", purpose="x").full_clean()
    # Permissions added to the group after the request: approving it is refused.
    join_request = JoinRequestFactory(group_profile=caucus_profile, user=member)
    caucus.permissions.add(Permission.objects.get(codename="access_admin"))
    assert _decide(client_for(manager), join_request, "approve").status_code == 403
    assert not member.groups.filter(pk=caucus.pk).exists()
    assert not member.has_perm("wagtailadmin.access_admin")


# --- dashboard and admin --------------------------------------------------------------------


def test_dashboard_card_shows_groups_requests_and_what_to_decide(manager, member, caucus_profile):
    JoinRequestFactory(group_profile=caucus_profile, user=member)
    html = client_for(member).get(reverse("members:dashboard")).content.decode()
    assert "Your requests waiting for a manager" in html
    assert "You are not a member of any group yet." in html
    html = client_for(manager).get(reverse("members:dashboard")).content.decode()
    assert "1 request to join IPLC caucus is waiting for you" in html
    assert "You are a member of:" in html


@pytest.mark.parametrize("query", ["caucus", '"IPLC', "name: iplc", "a'b", "%", "x" * 300, "\\"])
def test_editors_search_group_profiles_in_the_admin(editor_client, caucus_profile, query):
    response = editor_client.get(reverse("wagtailsnippets_groups_groupprofile:list"), {"q": query})
    assert response.status_code == 200
    if query == "caucus":
        assert "IPLC caucus" in response.content.decode()


def test_editors_create_a_group_profile_in_the_admin(editor_client):
    group = Group.objects.create(name="Youth delegates")
    response = editor_client.post(
        reverse("wagtailsnippets_groups_groupprofile:add"),
        {
            "group": group.pk,
            "name": "Youth delegates",
            "slug": "youth-delegates",
            "purpose": "Young people at the COP.",
            "translations": "{}",
            "join_policy": "request",
            "is_listed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GroupProfile.objects.get(slug="youth-delegates").group == group

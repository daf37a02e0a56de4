"""National focal points: editors assign and revoke them in the admin, profiles show them, and
community.members.roles decides who may act for which country."""

import pytest

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.urls import reverse

from community.members.factories import ProfileFactory, UserFactory
from community.members.models import FocalPoint, Profile
from community.members.roles import (
    can_act_for_country,
    focal_point_countries,
    is_focal_point_for,
    limit_to_user_countries,
)
from taxonomy.models import Country
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADD_URL = "focal_points:add"


@pytest.fixture
def kenya(db):
    return Country.objects.get(code="KE")


@pytest.fixture
def brazil(db):
    return Country.objects.get(code="BR")


@pytest.fixture
def kenya_focal_point(member, kenya, editor):
    FocalPoint.objects.create(user=member, country=kenya, assigned_by=editor)
    return member


@pytest.fixture
def manager(db):
    """Staff with admin access and the dedicated permission, but not a superuser."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_focal_points"),
    )
    return user


# --- roles.py ---------------------------------------------------------------------------------


def test_a_focal_point_acts_for_their_country_only(kenya_focal_point, kenya, brazil):
    assert is_focal_point_for(kenya_focal_point, kenya)
    assert can_act_for_country(kenya_focal_point, kenya)
    assert not is_focal_point_for(kenya_focal_point, brazil)
    assert not can_act_for_country(kenya_focal_point, brazil)
    assert list(focal_point_countries(kenya_focal_point)) == [kenya]


def test_a_member_can_hold_several_countries_and_a_country_several_members(
    member, other_member, kenya, brazil
):
    FocalPoint.objects.create(user=member, country=kenya)
    FocalPoint.objects.create(user=member, country=brazil)
    FocalPoint.objects.create(user=other_member, country=kenya)
    assert set(focal_point_countries(member)) == {kenya, brazil}
    assert can_act_for_country(other_member, kenya)
    assert not can_act_for_country(other_member, brazil)


def test_a_revoked_assignment_grants_nothing(kenya_focal_point, kenya, editor):
    FocalPoint.objects.get(user=kenya_focal_point).revoke(editor)
    assert not is_focal_point_for(kenya_focal_point, kenya)
    assert not can_act_for_country(kenya_focal_point, kenya)
    assert not focal_point_countries(kenya_focal_point).exists()
    assert FocalPoint.objects.filter(user=kenya_focal_point).exists()  # kept for the audit


def test_anonymous_and_inactive_users_act_for_no_country(kenya_focal_point, kenya):
    anonymous = AnonymousUser()
    assert not can_act_for_country(anonymous, kenya)
    assert not is_focal_point_for(anonymous, kenya)
    assert not focal_point_countries(anonymous).exists()
    kenya_focal_point.is_active = False
    kenya_focal_point.save()
    assert not can_act_for_country(kenya_focal_point, kenya)
    assert not can_act_for_country(kenya_focal_point, None)


def test_editors_and_moderators_act_for_every_country(editor, kenya, brazil):
    assert can_act_for_country(editor, kenya) and can_act_for_country(editor, brazil)
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert can_act_for_country(moderator, brazil)
    assert not focal_point_countries(moderator).exists()  # acting for all is not the role


def test_querysets_are_limited_to_the_countries_a_user_acts_for(
    kenya_focal_point, other_member, editor, kenya, brazil
):
    kenyan, brazilian, both = (ProfileFactory() for _ in range(3))
    Profile.objects.filter(pk=kenyan.pk).update(country=kenya)
    Profile.objects.filter(pk=brazilian.pk).update(country=brazil)
    Profile.objects.filter(pk=both.pk).update(country=kenya)
    queryset = Profile.objects.filter(pk__in=[kenyan.pk, brazilian.pk, both.pk])
    mine = limit_to_user_countries(kenya_focal_point, queryset, field="country")
    assert set(mine) == {kenyan, both}
    assert set(limit_to_user_countries(editor, queryset, field="country")) == set(queryset)
    assert not limit_to_user_countries(other_member, queryset, field="country").exists()
    assert not limit_to_user_countries(AnonymousUser(), queryset, field="country").exists()


def test_classified_records_are_limited_through_their_countries(kenya_focal_point, kenya, brazil):
    from chm.factories import NewsIndexPageFactory, NewsPageFactory
    from chm.models import HomePage, NewsPage

    index = NewsIndexPageFactory(parent=HomePage.objects.get(depth=2))
    in_kenya = NewsPageFactory(parent=index, title="Kenya news")
    in_kenya.countries.set([kenya, brazil])
    in_kenya.save()
    elsewhere = NewsPageFactory(parent=index, title="Brazil news")
    elsewhere.countries.set([brazil])
    elsewhere.save()
    result = limit_to_user_countries(kenya_focal_point, NewsPage.objects.all())
    assert list(result) == [in_kenya]


# --- the profile page ---------------------------------------------------------------------------


def test_the_profile_shows_the_role_to_whoever_may_see_it(client, kenya_focal_point, kenya):
    profile = kenya_focal_point.profile
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "National focal point for Kenya" in html
    Profile.objects.filter(pk=profile.pk).update(visibility=Profile.Visibility.PRIVATE)
    assert client.get(profile.get_absolute_url()).status_code == 404


def test_a_revoked_role_is_not_shown(client, kenya_focal_point, editor):
    FocalPoint.objects.get(user=kenya_focal_point).revoke(editor)
    html = client.get(kenya_focal_point.profile.get_absolute_url()).content.decode()
    assert "National focal point" not in html


# --- the admin ----------------------------------------------------------------------------------


def test_a_manager_assigns_a_focal_point(manager, member, kenya):
    response = client_for(manager).post(
        reverse(ADD_URL), {"member_email": member.email.upper(), "country": kenya.pk}
    )
    assert response.status_code == 302
    assignment = FocalPoint.objects.get()
    assert assignment.user == member and assignment.country == kenya
    assert assignment.assigned_by == manager and assignment.assigned_at is not None
    listing = client_for(manager).get(reverse("focal_points:index")).content.decode()
    assert "Amina Diallo" in listing and "Kenya" in listing


def test_assigned_by_and_at_cannot_be_forged(manager, member, editor, kenya):
    client_for(manager).post(
        reverse(ADD_URL),
        {
            "member_email": member.email,
            "country": kenya.pk,
            "assigned_by": editor.pk,
            "assigned_at": "2001-01-01T00:00",
        },
    )
    assignment = FocalPoint.objects.get()
    assert assignment.assigned_by == manager and assignment.assigned_at.year > 2001


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"member_email": "nobody@example.org"}, "No member has this email address."),
        ({"member_email": "not an address"}, "Enter a valid email address."),
        ({"country": ""}, "This field is required."),
        ({"country": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_input_assigns_nothing(manager, member, kenya, data, message):
    response = client_for(manager).post(
        reverse(ADD_URL), {"member_email": member.email, "country": kenya.pk, **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FocalPoint.objects.exists()


def test_an_inactive_account_is_not_a_member(manager, member, kenya):
    member.is_active = False
    member.save()
    response = client_for(manager).post(
        reverse(ADD_URL), {"member_email": member.email, "country": kenya.pk}
    )
    assert "No member has this email address." in response.content.decode()
    assert not FocalPoint.objects.exists()


def test_a_duplicate_active_assignment_is_refused(manager, kenya_focal_point, kenya):
    response = client_for(manager).post(
        reverse(ADD_URL), {"member_email": kenya_focal_point.email, "country": kenya.pk}
    )
    assert response.status_code == 200
    assert "Amina Diallo is already national focal point for Kenya." in response.content.decode()
    assert FocalPoint.objects.count() == 1


def test_revoking_keeps_the_history_and_allows_a_new_assignment(manager, kenya_focal_point, kenya):
    assignment = FocalPoint.objects.get()
    client = client_for(manager)
    response = client.post(reverse("focal_points:edit", args=[assignment.pk]), {"revoke": "on"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_by == manager and assignment.ended_at is not None
    # Revoking twice is refused with a message; the first revocation stands.
    response = client.post(reverse("focal_points:edit", args=[assignment.pk]), {"revoke": "on"})
    assert "This assignment has already been revoked." in response.content.decode()
    # The member can be named again: a new assignment, the old one kept.
    client.post(reverse(ADD_URL), {"member_email": kenya_focal_point.email, "country": kenya.pk})
    assert FocalPoint.objects.count() == 2
    assert FocalPoint.objects.active().count() == 1


def test_assignments_cannot_be_deleted(editor_client, kenya_focal_point):
    assignment = FocalPoint.objects.get()
    response = editor_client.post(reverse("focal_points:delete", args=[assignment.pk]))
    assert response.status_code in (302, 403)
    assert FocalPoint.objects.filter(pk=assignment.pk).exists()


def test_the_admin_searches_by_member_and_filters_by_country(
    editor_client, kenya_focal_point, other_member, brazil
):
    FocalPoint.objects.create(user=other_member, country=brazil)
    index = reverse("focal_points:index")
    html = editor_client.get(index, {"q": "Amina"}).content.decode()
    assert "Amina Diallo" in html and "Tomás Herrera" not in html
    html = editor_client.get(index, {"country": brazil.pk}).content.decode()
    assert "Tomás Herrera" in html and "Amina Diallo" not in html


def test_only_holders_of_the_permission_manage_focal_points(member, kenya):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (staff, member):
        client = client_for(user)
        assert client.get(reverse("focal_points:index")).status_code in (302, 403)
        client.post(reverse(ADD_URL), {"member_email": user.email, "country": kenya.pk})
    assert not FocalPoint.objects.exists()


def test_editors_group_may_manage_focal_points(member, kenya):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    response = client_for(editor).post(
        reverse(ADD_URL), {"member_email": member.email, "country": kenya.pk}
    )
    assert response.status_code == 302
    assert FocalPoint.objects.get().assigned_by == editor


def test_demo_names_focal_points(db):
    from community.members.demo import DEMO_FOCAL_POINTS, seed_focal_points

    editor = UserFactory(is_superuser=True)
    users = {}
    for index, code in DEMO_FOCAL_POINTS:
        users[code] = UserFactory(email=f"member{index:05d}@example.org")
    assert seed_focal_points(editor) == len(DEMO_FOCAL_POINTS)
    assert seed_focal_points(editor) == len(DEMO_FOCAL_POINTS)  # idempotent
    india = Country.objects.get(code="IN")
    assert can_act_for_country(users["IN"], india)
    assert not can_act_for_country(users["CN"], india)

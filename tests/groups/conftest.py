"""Group fixtures: the IPLC caucus with its public profile, a manager and a pending request."""

import pytest

from django.contrib.auth.models import Group

from community.groups.factories import GroupProfileFactory
from community.groups.models import JoinPolicy
from community.members.factories import ProfileFactory


@pytest.fixture
def caucus(db):
    return Group.objects.create(name="IPLC caucus")


@pytest.fixture
def caucus_profile(caucus):
    return GroupProfileFactory(
        group=caucus,
        name="IPLC caucus",
        slug="iplc-caucus",
        purpose="A space for **indigenous peoples and local communities**.",
        translations={"fr": {"name": "Caucus des peuples autochtones", "purpose": "Un espace."}},
        join_policy=JoinPolicy.ON_REQUEST,
    )


@pytest.fixture
def manager(caucus_profile, caucus):
    user = ProfileFactory(display_name="Lucía Quispe").user
    user.groups.add(caucus)
    caucus_profile.managers.add(user)
    return user


@pytest.fixture
def caucus_member(caucus):
    user = ProfileFactory(display_name="Kalani Akana").user
    user.groups.add(caucus)
    return user

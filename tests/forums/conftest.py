"""Forum fixtures: a public and a restricted category, a thread in each, a moderator."""

import pytest

from django.contrib.auth.models import Group, Permission

from community.forums.factories import CategoryFactory, ThreadFactory
from community.members.factories import ProfileFactory


@pytest.fixture(autouse=True)
def _established_members(settings):
    """Most tests are about established members; the held-post tests raise this again."""
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 0


@pytest.fixture
def caucus(db):
    return Group.objects.create(name="IPLC caucus")


@pytest.fixture
def public_category(db):
    return CategoryFactory(name="General discussion", slug="general")


@pytest.fixture
def restricted_category(caucus):
    return CategoryFactory(name="IPLC caucus", slug="caucus", group=caucus)


@pytest.fixture
def caucus_member(caucus):
    user = ProfileFactory(display_name="Lucía Quispe").user
    user.groups.add(caucus)
    return user


@pytest.fixture
def public_thread(public_category, other_member):
    return ThreadFactory(
        category=public_category,
        author=other_member,
        title="Tracking 30x30 nationally",
        body="How do you report **OECMs**?",
    )


@pytest.fixture
def restricted_thread(restricted_category, caucus_member):
    return ThreadFactory(
        category=restricted_category,
        author=caucus_member,
        title="Secret caucus strategy",
        body="Caucus-only draft statement.",
    )


@pytest.fixture
def moderator(db):
    """Not a superuser: a member given the forum moderation permission."""
    user = ProfileFactory(display_name="Mod Erator").user
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_forums"),
        Permission.objects.get(codename="access_admin"),
    )
    user.is_staff = True
    user.save()
    return user

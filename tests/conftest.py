"""Shared fixtures: the home page, members, signed-in clients, editors."""

import pytest

from django.test import Client

from wagtail.models import Page

from chm.models import HomePage
from community.members.factories import DEFAULT_PASSWORD, ProfileFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Each test starts in English, with empty media and cache, whatever ran before it."""
    from django.core.cache import cache
    from django.utils import translation

    translation.activate("en")

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def home_page(db):
    """The home page the data migration creates (the default site's root)."""
    return HomePage.objects.get(depth=2)


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def member(db):
    """A signed-up member with a verified email and a public profile."""
    return ProfileFactory(display_name="Amina Diallo").user


@pytest.fixture
def other_member(db):
    return ProfileFactory(display_name="Tomás Herrera").user


@pytest.fixture
def editor(db):
    """A Wagtail editor (superuser) who manages content in the admin."""
    user = UserFactory(is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def auth_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client

"""The Wagtail admin makes no request to a third party: no Gravatar, no release check, no
fonts or images from another host."""

import re

import pytest

from django.urls import reverse

from events.factories import EventPageFactory

pytestmark = pytest.mark.django_db

# src/href of what a page loads: scripts, stylesheets and other <link>s, images, iframes.
LOADED = re.compile(
    r"<(?:script|img|iframe|source|link)\b[^>]*?\b(?:src|href|srcset)=\"([^\"]+)\"", re.I
)


def foreign_resources(html):
    return [url for url in LOADED.findall(html) if re.match(r"(https?:)?//", url)]


def test_gravatar_and_the_release_check_are_off_by_default(settings):
    from chm.settings import base

    assert base.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert base.WAGTAIL_ENABLE_UPDATE_CHECK is False


def test_admin_pages_load_nothing_from_another_host(editor_client, editor, events_index):
    event = EventPageFactory(parent=events_index)
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_explore", args=[events_index.pk]),
        reverse("wagtailadmin_pages:edit", args=[event.pk]),
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", events_index.pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailimages:index"),
        reverse("wagtailsnippets_members_profile:list"),
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert foreign_resources(html) == [], url
        assert "gravatar" not in html.lower(), url
        assert "releases.wagtail" not in html, url


def test_admin_avatar_is_served_locally(editor_client, editor):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    avatars = [src for src in re.findall(r"<img[^>]*src=\"([^\"]+)\"", html) if "avatar" in src]
    assert avatars, "the admin shows the user's avatar"
    assert all(src.startswith("/") and not src.startswith("//") for src in avatars)
    assert "/static/wagtailadmin/images/default-user-avatar.png" in avatars[0]

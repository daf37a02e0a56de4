"""The Content-Security-Policy header: enforced on every face of the site, strict outside the
admin, and no page of the site carries an inline script or event-handler attribute."""

import re

import pytest

from django.urls import reverse

from wagtail.models import Site

from events.factories import EventPageFactory

HEADER = "Content-Security-Policy"


def directives(response):
    assert HEADER in response, f"no {HEADER} on {response.request['PATH_INFO']}"
    policy = {}
    for part in response[HEADER].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def assert_no_inline_script(html):
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html).group(0)


@pytest.mark.django_db
def test_site_pages_get_a_strict_policy(client, home_page):
    policy = directives(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]


@pytest.mark.django_db
def test_every_kind_of_response_is_covered(client, home_page, member, password):
    for path in ["/", "/no-such-page/", reverse("search:search"), reverse("account_login")]:
        response = client.get(path)
        assert directives(response)["script-src"] == ["'self'"], path
    assert HEADER in client.get(reverse("search:suggest"), {"q": "we"})


@pytest.mark.django_db
def test_the_admin_gets_its_allowances_and_only_the_admin(editor_client):
    policy = directives(editor_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert "blob:" in policy["img-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    # Paths that merely start like the admin's are the site's.
    site = directives(editor_client.get("/administration/"))
    assert site["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_media_and_map_tiles_on_another_origin_are_allowed(client, home_page, settings):
    from chm.settings.base import content_security_policy

    settings.CONTENT_SECURITY_POLICY = content_security_policy(
        ["https://media.example.org/chm/", "https://tiles.example.org/{z}/{x}/{y}.png", "/media/"],
        ["https://www.youtube-nocookie.com"],
    )
    policy = directives(client.get("/"))
    assert policy["img-src"] == [
        "'self'",
        "data:",
        "https://media.example.org",
        "https://tiles.example.org",
    ]
    assert policy["frame-src"] == ["'self'", "https://www.youtube-nocookie.com"]


@pytest.mark.django_db
def test_site_pages_have_no_inline_script(
    client, home_page, events_index, partner, resource_index, news_index
):
    site = Site.objects.get(is_default_site=True)
    event = EventPageFactory(parent=events_index, title="Wetlands workshop")
    for url in [
        "/",
        event.get_url(),
        partner.get_parent().get_url(),
        partner.get_url(),
        resource_index.get_url(),
        news_index.get_url(),
        reverse("search:search") + "?q=wetlands",
        reverse("account_signup"),
        reverse("account_login"),
        reverse("experts:directory"),
        reverse("forums:index"),
    ]:
        response = client.get(url, HTTP_HOST=site.hostname)
        assert response.status_code == 200, url
        assert_no_inline_script(response.content.decode())


@pytest.mark.django_db
def test_the_editor_bar_on_site_pages_has_no_inline_script(editor_client, home_page):
    html = editor_client.get("/").content.decode()
    assert "wagtail-userbar" in html
    assert_no_inline_script(html)

"""Bad input is a 404 or a form error, never a server error (issue 15, item 3).

Walks every URL pattern with an integer parameter (the project's and the libraries' it
mounts) with ids beyond 64 bits, negative and non-ASCII digits, and posts such values to every
member-facing form with choice fields and to the listings' filters. Runs on SQLite (which
raised OverflowError) and PostgreSQL alike.
"""

import uuid

import pytest

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from chm.converters import DatabaseIdConverter, parse_id
from community.forums.factories import CategoryFactory, PostFactory, ThreadFactory
from community.partners.models import PartnerMembership
from taxonomy.models import Country, Language, Target, ThematicArea
from tests.helpers import client_for

HUGE_IDS = [str(2**63), str(2**64), str(10**30), "9" * 20]
BAD_IDS = [*HUGE_IDS, "-1", "²", "١٢", "abc", "1.5", "0x10", " 1"]
INVALID_CHOICE = "Select a valid choice"
# What the forms say about a choice that is not offered (some word it for their readers).
CHOICE_ERRORS = (
    INVALID_CHOICE,
    "is not a valid value",
    "You can only publish events for organizations you administer.",
)

pytestmark = pytest.mark.django_db


def _route_patterns(patterns=None, prefix=""):
    """(route text, converters) of every path() below the root URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        route = getattr(pattern, "_route", None)
        if route is None:  # a regex or the language prefix
            route = "" if pattern.__class__.__name__ == "LocalePrefixPattern" else None
        if route is None:
            continue
        if isinstance(entry, URLResolver):
            yield from _route_patterns(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route, getattr(pattern, "converters", {})


def _int_routes():
    routes = set()
    for route, converters in _route_patterns():
        if any(isinstance(c, (IntConverter, DatabaseIdConverter)) for c in converters.values()):
            routes.add(route)
    return sorted(routes)


def _fill(route, number):
    """The route with ``number`` for its integer parameters and plausible others."""
    import re

    def value(match):
        kind = match.group(1) or "str"
        if kind in {"int", "id"}:
            return number
        if kind == "uuid":
            return str(uuid.uuid4())
        return "x"

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", value, route)


def test_the_project_s_record_ids_use_the_bounded_converter():
    project = [
        route
        for route in _int_routes()
        if route.startswith(("forums/", "organizations/", "members/", "experts/", "my-events/"))
    ]
    assert project, "the walk found no project route"
    for route in project:
        assert "<int:" not in route, f"{route} takes unbounded ids; use <id:...>"


@pytest.mark.parametrize("number", [str(2**63), str(2**64), "²"])
def test_every_integer_route_answers_bad_ids_without_a_server_error(number, editor):
    """Visitors are turned away before any lookup; the editor (a superuser) reaches every view,
    the project's and Wagtail's admin, by GET and POST."""
    routes = _int_routes()
    assert any(r.startswith("organizations/") for r in routes)
    assert any(r.startswith("admin/") for r in routes)
    visitor = Client(raise_request_exception=False)
    editor_client = client_for(editor)
    editor_client.raise_request_exception = False
    failures = []
    for route in routes:
        url = _fill(route, number)
        for who, client, method in (
            ("visitor", visitor, "get"),
            ("editor", editor_client, "get"),
            ("editor", editor_client, "post"),
        ):
            status = getattr(client, method)(url).status_code
            if status >= 500:
                failures.append(f"{method.upper()} {url} as {who}: {status}")
    assert failures == []


@pytest.mark.parametrize("number", HUGE_IDS)
@pytest.mark.parametrize("name", ["partners:edit", "partners:members", "partners:leave"])
def test_organization_routes_are_not_found_for_ids_beyond_the_database(partner_admin, name, number):
    client = client_for(partner_admin)
    url = reverse(name, args=[1]).replace("/1/", f"/{number}/")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("value", BAD_IDS + [str(2**63 - 1), "0"])
def test_parse_id_takes_ascii_digits_in_range_only(value):
    parsed = parse_id(value)
    if value in {str(2**63 - 1), "0"}:
        assert parsed == int(value)
    else:
        assert parsed is None


# Forums: query-string ids --------------------------------------------------------------------


@pytest.fixture
def thread(other_member):
    category = CategoryFactory(name="General discussion", slug="general")
    return ThreadFactory(category=category, author=other_member, title="Wetlands", body="Hi")


@pytest.mark.parametrize("value", BAD_IDS)
def test_reply_quote_and_post_anchor_with_bad_ids(auth_client, thread, value):
    reply = auth_client.get(reverse("forums:reply", args=[thread.pk]), {"quote": value})
    assert reply.status_code in {200, 404}
    if reply.status_code == 200:
        assert "<blockquote" not in reply.text
    detail = auth_client.get(thread.get_absolute_url(), {"post": value})
    assert detail.status_code == 200
    assert "Wetlands" in detail.text


def test_a_real_quote_still_works(auth_client, thread, other_member):
    post = PostFactory(thread=thread, author=other_member, body="Peatlands matter")
    reply = auth_client.get(reverse("forums:reply", args=[thread.pk]), {"quote": str(post.pk)})
    assert reply.status_code == 200
    assert "Peatlands matter" in reply.text


# Member-facing forms with choice fields ------------------------------------------------------


def _ids(model, **filters):
    return [str(model.objects.filter(**filters).first().pk)]


def _expert_data(**overrides):
    return {
        "visibility": "public",
        "headline": "Coral reef restoration",
        "expertise": "coral reefs",
        "targets": _ids(Target, number=3),
        "countries": _ids(Country, code="FJ"),
        "languages": _ids(Language, code="en"),
        "availability": "available",
        **overrides,
    }


def _event_data(**overrides):
    return {
        "title": "Mangrove restoration day",
        "summary": "Planting mangroves with local schools.",
        "start_date": "2030-06-05",
        "start_time": "09:30",
        "end_date": "2030-06-05",
        "end_time": "13:00",
        "time_zone": "Africa/Dakar",
        "event_format": "online",
        "online_url": "https://meet.example.org/mangroves",
        **overrides,
    }


def _partner_data(**overrides):
    return {
        "title": "Red de Semillas",
        "organization_type": "ngo",
        "description": "Seeds.",
        "country": _ids(Country, code="PE")[0],
        **overrides,
    }


def _profile_data(**overrides):
    return {"display_name": "Amina Diallo", "visibility": "public", **overrides}


def _thread_data(**overrides):
    return {"title": "Seed banks", "body": "How do you keep them?", **overrides}


def _forms(partner):
    """(url name, args, valid data builder, choice fields) of the member-facing forms."""
    return [
        (
            "experts:edit",
            [],
            _expert_data,
            ["targets", "countries", "thematic_areas", "languages", "organization"],
        ),
        (
            "events:submit",
            [],
            _event_data,
            ["organizer_partner", "languages", "targets", "countries", "thematic_areas"],
        ),
        (
            "partners:edit",
            [partner.pk],
            _partner_data,
            ["country", "regions", "countries", "targets", "thematic_areas"],
        ),
        (
            "partners:request",
            [],
            _partner_data,
            ["country", "regions", "countries", "targets", "thematic_areas"],
        ),
        (
            "members:profile_edit",
            [],
            _profile_data,
            ["country", "constituencies", "languages"],
        ),
        (
            "forums:thread_create",
            ["general"],
            _thread_data,
            ["targets", "countries", "thematic_areas"],
        ),
    ]


@pytest.mark.parametrize("value", [str(2**63), str(2**64), "²"])
def test_member_forms_refuse_bad_choices_with_a_form_error(
    partner_admin, events_index, thread, value
):
    client = client_for(partner_admin)
    client.raise_request_exception = False
    failures = []
    for name, args, data, fields in _forms(PartnerMembership.objects.get().partner):
        url = reverse(name, args=args)
        for field in fields:
            response = client.post(url, data(**{field: value}))
            if response.status_code != 200:
                failures.append(f"{name} {field}={value}: HTTP {response.status_code}")
            elif not any(error in response.text for error in CHOICE_ERRORS):
                failures.append(f"{name} {field}={value}: no form error shown")
    assert failures == []


@pytest.mark.parametrize("value", HUGE_IDS + ["-1", "²"])
def test_organization_membership_forms_refuse_bad_values(partner_admin, partner, value):
    client = client_for(partner_admin)
    client.raise_request_exception = False
    url = reverse("partners:members", args=[partner.pk])
    for data in (
        {"membership": value, "action": "remove"},
        {"membership": "1", "action": value},
        {"email": "nobody@example.org", "role": value},
    ):
        assert client.post(url, data).status_code in {200, 302, 400, 404}


@pytest.mark.parametrize("value", HUGE_IDS + ["-1", "²"])
def test_forum_small_forms_refuse_bad_values(auth_client, thread, value):
    auth_client.raise_request_exception = False
    post = thread.posts.first()
    for url, data in (
        (reverse("forums:post_flag", args=[post.pk]), {"reason": value}),
        (reverse("forums:post_react", args=[post.pk]), {"kind": value}),
        (reverse("forums:thread_subscribe", args=[thread.pk]), {"frequency": value}),
    ):
        assert auth_client.post(url, data).status_code < 500, (url, data)


@pytest.mark.parametrize("value", HUGE_IDS + ["-1", "²"])
def test_moderation_forms_refuse_bad_values(thread, editor, value):
    client = client_for(editor)
    client.raise_request_exception = False
    post = thread.posts.first()
    for url, data in (
        (
            reverse("forums:thread_moderate", args=[thread.pk]),
            {"action": "move", "category": value},
        ),
        (reverse("forums:post_moderate", args=[post.pk]), {"action": value}),
        (
            reverse("forums:member_ban", args=[thread.author.pk]),
            {"reason": "spam", "days": value},
        ),
    ):
        assert client.post(url, data).status_code < 500, (url, data)


@pytest.mark.parametrize("value", HUGE_IDS + ["-1", "²"])
def test_sign_up_country_refuses_bad_values(client, value):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
            "display_name": "New Member",
            "country": value,
            "accept_policies": "on",
        },
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in response.text


# Listing filters (GET) -----------------------------------------------------------------------

FILTERS = [
    "target",
    "country",
    "region",
    "thematic_area",
    "language",
    "constituency",
    "year",
    "tag",
    "resource_type",
    "event_format",
    "organizer",
    "type",
    "page",
    "sort",
    "tz",
    "date_from",
    "date_to",
    "expertise",
]


@pytest.mark.parametrize("value", [str(2**64), "²", "'\""])
def test_listing_filters_take_bad_values_without_a_server_error(
    client, news_index, resource_index, events_index, partner, value
):
    client.raise_request_exception = False
    pages = [
        news_index.url,
        resource_index.url,
        events_index.url,
        events_index.url + "past/",
        events_index.url + "calendar/",
        events_index.url + "ical/",
        news_index.url + "rss/",
        partner.get_parent().url,
        reverse("partners:map_data"),
        reverse("experts:directory"),
        reverse("search:search"),
        reverse("search:suggest"),
        reverse("forums:search"),
        reverse("forums:index"),
    ]
    # Every filter at once: each is validated on its own (a bad one is reported and ignored).
    query = dict.fromkeys(FILTERS, value) | {"q": "forest"}
    failures = []
    for url in pages:
        status = client.get(url, query).status_code
        if status >= 500:
            failures.append(f"{url}?…={value}: {status}")
    assert failures == []


@pytest.mark.parametrize("route", ["calendar/{}/1/", "calendar/2030/{}/"])
@pytest.mark.parametrize("number", HUGE_IDS)
def test_calendar_months_beyond_range_are_not_found(client, events_index, route, number):
    assert client.get(events_index.url + route.format(number)).status_code == 404


def test_thematic_area_choice_still_accepts_real_ids(auth_client, member):
    area = ThematicArea.objects.first()
    response = auth_client.post(
        reverse("experts:edit"), _expert_data(thematic_areas=[str(area.pk)])
    )
    assert response.status_code == 302
    assert list(member.profile.expert.thematic_areas.all()) == [area]

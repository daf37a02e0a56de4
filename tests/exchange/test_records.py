"""The one record shape shared by the API, JSON-LD and the search index."""

import json
import re

import pytest

from django.contrib.auth.models import AnonymousUser

from wagtail.models import PageViewRestriction

from chm.factories import StandardPageFactory
from exchange.serializers import all_serializers, get_serializer, serializer_for
from taxonomy.models import Country, Target

pytestmark = pytest.mark.django_db

COMMON_KEYS = {
    "uuid",
    "type",
    "title",
    "summary",
    "url",
    "published",
    "updated",
    "language",
    "targets",
    "countries",
    "regions",
    "thematic_areas",
    "constituencies",
}


def test_every_registered_type_has_a_model_and_unique_type():
    serializers = all_serializers()
    assert serializers
    assert len({s.record_type for s in serializers}) == len(serializers)
    assert get_serializer("page").model.__name__ == "StandardPage"


def test_standard_page_shape_and_json_ld_in_page(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Restoring drylands",
        slug="drylands",
        introduction="How <b>Sahel</b> countries restore land.",
    )
    page.targets.set([Target.objects.get(number=2)])
    page.countries.set([Country.objects.get(code="NE")])
    page.save_revision().publish()
    page.refresh_from_db()

    serializer = serializer_for(page)
    data = serializer.to_dict(page)
    assert set(data) >= COMMON_KEYS
    assert data["type"] == "page"
    assert data["summary"] == "How Sahel countries restore land."
    assert data["targets"] == ["GBF-TARGET-02"] and data["countries"] == ["NE"]

    html = client.get("/drylands/").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    document = json.loads(script.group(1))
    assert document["@type"] == "WebPage"
    assert document["identifier"] == str(page.uuid)
    assert document["name"] == "Restoring drylands"
    assert document["spatialCoverage"] == [{"@type": "Country", "identifier": "NE"}]
    assert serializer.search_document(page)["uuid"] == data["uuid"]


def test_json_ld_cannot_break_out_of_its_script_element(client, home_page):
    StandardPageFactory(parent=home_page, slug="x", title="</script><script>alert(1)</script>")
    html = client.get("/x/").content.decode()
    assert "</script><script>alert(1)" not in html


def test_drafts_and_restricted_pages_are_not_public(home_page):
    serializer = get_serializer("page")
    live = StandardPageFactory(parent=home_page, slug="live")
    draft = StandardPageFactory(parent=home_page, slug="draft", live=False)
    private = StandardPageFactory(parent=home_page, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    visible = set(serializer.queryset(AnonymousUser()))
    assert live in visible
    assert draft not in visible
    assert private not in visible


def test_restricted_pages_are_listed_for_whoever_passes_the_restriction(home_page, member):
    from django.contrib.auth.models import Group

    serializer = get_serializer("page")
    login_page = StandardPageFactory(parent=home_page, slug="login-only")
    PageViewRestriction.objects.create(page=login_page, restriction_type="login")
    below = StandardPageFactory(parent=login_page, slug="below")
    group = Group.objects.create(name="IPLC caucus")
    group_page = StandardPageFactory(parent=home_page, slug="caucus")
    restriction = PageViewRestriction.objects.create(page=group_page, restriction_type="groups")
    restriction.groups.add(group)
    password_page = StandardPageFactory(parent=home_page, slug="secret")
    PageViewRestriction.objects.create(
        page=password_page, restriction_type="password", password="x"
    )

    assert set(serializer.queryset(None)) & {login_page, below, group_page, password_page} == set()
    assert {login_page, below} <= set(serializer.queryset(member))
    assert group_page not in set(serializer.queryset(member))
    member.groups.add(group)
    assert group_page in set(serializer.queryset(member))
    assert password_page not in set(serializer.queryset(member))


def test_audiences_follow_view_restrictions(home_page, member):
    from django.contrib.auth.models import Group

    from exchange.serializers import MEMBERS, PUBLIC, audiences_for_user, group_audience

    serializer = get_serializer("page")
    open_page = StandardPageFactory(parent=home_page, slug="open")
    login_page = StandardPageFactory(parent=home_page, slug="login-only")
    PageViewRestriction.objects.create(page=login_page, restriction_type="login")
    group = Group.objects.create(name="IPLC caucus")
    group_page = StandardPageFactory(parent=home_page, slug="caucus")
    restriction = PageViewRestriction.objects.create(page=group_page, restriction_type="groups")
    restriction.groups.add(group)
    password_page = StandardPageFactory(parent=home_page, slug="pw")
    PageViewRestriction.objects.create(
        page=password_page, restriction_type="password", password="x"
    )

    assert serializer.audiences(open_page) == [PUBLIC]
    assert serializer.audiences(login_page) == [MEMBERS]
    assert serializer.audiences(group_page) == [group_audience(group.pk)]
    assert serializer.audiences(password_page) == []
    assert audiences_for_user(AnonymousUser()) == {PUBLIC}
    member.groups.add(group)
    assert group_audience(group.pk) in audiences_for_user(member)


def test_group_restriction_without_groups_is_not_public(home_page):
    page = StandardPageFactory(parent=home_page, slug="nobody-yet")
    PageViewRestriction.objects.create(page=page, restriction_type="groups")
    assert get_serializer("page").audiences(page) == []

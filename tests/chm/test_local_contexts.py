"""Consent travels with knowledge: Local Contexts labels and the community's access rule on
resources and news, honoured by page serving, search, feeds, the sitemap, the registry and
JSON-LD, and carried across by ``chm.local_contexts.apply``."""

import pytest

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

from wagtail.models import PageViewRestriction

from chm import local_contexts
from chm.factories import NewsPageFactory, ResourcePageFactory
from chm.local_contexts import Access
from chm.models import ResourcePage
from community.members.factories import UserFactory
from exchange.serializers import MEMBERS, PUBLIC, get_serializer, group_audience
from taxonomy.models import LocalContextsLabel
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return Group.objects.create(name="Sámi reindeer herders")


@pytest.fixture
def community_member(community):
    user = UserFactory()
    user.groups.add(community)
    return user


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def make_resource(resource_index, community):
    def make(title, access=Access.PUBLIC, labels=("tk-attribution", "bc-provenance")):
        page = ResourcePageFactory(
            parent=resource_index,
            title=title,
            resource_type=ResourcePage.ResourceType.CASE_STUDY,
            summary=f"{title} summary.",
            community_name="Sámi reindeer herders",
            community_group=community,
            community_access=access,
            live=False,
        )
        page.local_contexts_labels.set(LocalContextsLabel.objects.filter(identifier__in=labels))
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


def test_the_official_label_set_is_seeded_with_links():
    labels = LocalContextsLabel.objects.all()
    assert labels.filter(kind="tk").count() == 20
    assert labels.filter(kind="bc").count() == 10
    secret = labels.get(identifier="tk-secret-sacred")
    assert secret.url == "https://localcontexts.org/label/tk-secret-sacred/"
    assert secret.description
    assert labels.get(identifier="bc-provenance").name == "BC Provenance"


def test_a_public_case_study_shows_its_labels_community_and_rule(client, make_resource):
    page = make_resource("Reindeer calving grounds")
    html = client.get(page.url).content.decode()
    assert "Community consent" in html
    assert "TK Attribution" in html and "BC Provenance" in html
    assert "Traditional Knowledge label" in html and "Biocultural label" in html
    assert "https://localcontexts.org/label/tk-attribution/" in html
    assert "Sámi reindeer herders" in html
    assert "Public: anyone" in html


def test_a_page_without_community_shows_no_consent_section(client, resource_index):
    page = ResourcePageFactory(parent=resource_index, title="Plain guide")
    assert "Community consent" not in client.get(page.url).content.decode()


def test_labels_and_rule_are_in_to_dict_and_json_ld(client, make_resource):
    page = make_resource("Reindeer calving grounds")
    data = get_serializer("resource").to_dict(page)
    assert data["local_contexts"] == {
        "labels": ["bc-provenance", "tk-attribution"],
        "community": "Sámi reindeer herders",
        "access": "public",
    }
    document = json_ld(client.get(page.url).content.decode())
    assert "https://localcontexts.org/label/tk-attribution/" in document["usageInfo"]
    assert document["sourceOrganization"]["name"] == "Sámi reindeer herders"
    assert "conditionsOfAccess" not in document


def test_news_carries_the_value_too(news_index):
    post = NewsPageFactory(parent=news_index, title="Herders' council", community_name="Sámi")
    assert get_serializer("news").to_dict(post)["local_contexts"] == {
        "labels": [],
        "community": "Sámi",
        "access": "public",
    }


@pytest.mark.parametrize(
    ("access", "restriction", "tokens"),
    [
        (Access.MEMBERS, PageViewRestriction.LOGIN, [MEMBERS]),
        (Access.COMMUNITY, PageViewRestriction.GROUPS, None),
    ],
)
def test_the_rule_becomes_the_pages_view_restriction(
    make_resource, community, access, restriction, tokens
):
    page = make_resource("Herding routes", access=access)
    restrictions = PageViewRestriction.objects.filter(page=page)
    assert [r.restriction_type for r in restrictions] == [restriction]
    expected = tokens or [group_audience(community.pk)]
    assert get_serializer("resource").audiences(page) == expected
    if access == Access.COMMUNITY:
        assert list(restrictions[0].groups.all()) == [community]


def test_loosening_the_rule_lifts_the_restriction(make_resource):
    page = make_resource("Herding routes", access=Access.COMMUNITY)
    page.community_access = Access.PUBLIC
    page.save_revision().publish()
    assert not PageViewRestriction.objects.filter(page=page).exists()
    assert get_serializer("resource").audiences(page) == [PUBLIC]


def test_a_password_set_by_an_editor_survives_the_rule(make_resource):
    page = make_resource("Herding routes")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    page.community_access = Access.MEMBERS
    page.save()
    assert set(
        PageViewRestriction.objects.filter(page=page).values_list("restriction_type", flat=True)
    ) == {"password", "login"}


def test_a_draft_change_does_not_touch_what_visitors_see(make_resource):
    page = make_resource("Herding routes")
    page.community_access = Access.COMMUNITY
    page.save_revision()
    assert not PageViewRestriction.objects.filter(page=page).exists()


def test_community_only_resource_is_refused_to_others_and_shown_to_its_community(
    make_resource, community_member, member
):
    page = make_resource("Sacred sites", access=Access.COMMUNITY)
    visitor = _client().get(page.url)
    assert visitor.status_code == 302 and "login" in visitor["Location"]
    assert _client(member).get(page.url).status_code == 302
    shown = _client(community_member).get(page.url)
    assert shown.status_code == 200 and "Sacred sites" in shown.content.decode()


@pytest.mark.parametrize("access", [Access.MEMBERS, Access.COMMUNITY])
def test_restricted_records_are_absent_for_visitors_and_present_for_the_community(
    make_resource, resource_index, community_member, access
):
    shown = make_resource("Open herding map")
    hidden = make_resource("Closed herding map", access=access)
    serializer = get_serializer("resource")
    assert {p.title for p in serializer.queryset(None)} == {"Open herding map"}
    assert {p.title for p in serializer.queryset(community_member)} == {
        "Open herding map",
        "Closed herding map",
    }

    visitor, insider = _client(), _client(community_member)
    # Results highlight the words searched for ("Closed <mark>herding</mark> map").
    found = visitor.get("/search/", {"q": "herding"}).content.decode()
    assert "1 result for" in found and "Closed" not in found
    assert "2 results for" in insider.get("/search/", {"q": "herding"}).content.decode()

    feed = visitor.get(f"{resource_index.url}rss/").content.decode()
    assert "Open herding map" in feed and "Closed herding map" not in feed
    sitemap = visitor.get("/sitemap.xml").content.decode()
    assert f"/{shown.slug}/" in sitemap and f"/{hidden.slug}/" not in sitemap


def test_a_community_only_rule_needs_the_communitys_group(resource_index):
    page = ResourcePage(title="x", link="https://example.org", community_access=Access.COMMUNITY)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "community_group" in error.value.message_dict


# --- who may set the rule -------------------------------------------------------------------


def test_who_may_set_the_rule(make_resource, community_member, member, editor):
    page = make_resource("Herding routes")
    assert local_contexts.can_set_access(community_member, page)
    assert local_contexts.can_set_access(editor, page)
    assert local_contexts.can_set_access(member, page, is_editor=True)
    assert not local_contexts.can_set_access(member, page)
    assert not local_contexts.can_set_access(None, page)


def _admin_form(page, user, data):
    form_class = ResourcePage.get_edit_handler().get_form_class()
    return form_class(data, instance=page, for_user=user, parent_page=page.get_parent())


def _post_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "resource_type": page.resource_type,
        "link": "https://example.org/guide",
        "summary": page.summary,
        "community_name": page.community_name,
        "community_group": page.community_group_id or "",
        "community_access": page.community_access,
        "local_contexts_labels": [label.pk for label in page.local_contexts_labels.all()],
        "body-count": 0,
    }
    data.update(changes)
    return data


def test_the_admin_form_refuses_a_rule_change_by_an_outsider(make_resource, member):
    page = make_resource("Herding routes")
    form = _admin_form(page, member, _post_data(page, community_access=Access.MEMBERS))
    assert not form.is_valid()
    assert "Only editors and members of the community" in str(form.errors["community_access"])


def test_the_admin_form_lets_a_community_member_change_the_rule(make_resource, community_member):
    page = make_resource("Herding routes")
    form = _admin_form(page, community_member, _post_data(page, community_access=Access.COMMUNITY))
    form.is_valid()
    assert "community_access" not in form.errors


def test_the_admin_editor_sees_the_consent_panel(editor_client, make_resource):
    page = make_resource("Herding routes")
    response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Community consent (Local Contexts)" in html and "TK Secret / Sacred" in html


# --- apply: what importers call -------------------------------------------------------------


def test_apply_round_trips_to_dict(make_resource, resource_index, community):
    source = make_resource("Herding routes", access=Access.COMMUNITY)
    value = get_serializer("resource").to_dict(source)["local_contexts"]
    copy = ResourcePageFactory(parent=resource_index, title="Copy", slug="copy")
    assert local_contexts.apply(copy, value) == []
    copy.refresh_from_db()
    assert local_contexts.value(copy) == value
    assert copy.community_group == community  # found by the community's name
    assert PageViewRestriction.objects.filter(page=copy, restriction_type="groups").exists()


@pytest.mark.parametrize(
    ("incoming", "access", "labels", "problem"),
    [
        (None, Access.PUBLIC, [], None),
        ({}, Access.PUBLIC, [], None),
        ({"labels": ["tk-verified"]}, Access.MEMBERS, ["tk-verified"], None),
        (
            {"labels": ["tk-nonsense", "tk-verified"], "access": "public"},
            Access.PUBLIC,
            ["tk-verified"],
            "tk-nonsense",
        ),
        ({"labels": "tk-verified", "access": "members"}, Access.MEMBERS, [], "not a list"),
        ({"community": "Ogiek", "access": "everyone"}, Access.MEMBERS, [], "everyone"),
        ({"community": "Ogiek", "access": "community"}, Access.COMMUNITY, [], "Ogiek"),
    ],
)
def test_apply_ignores_and_reports_what_it_cannot_use(
    resource_index, incoming, access, labels, problem
):
    page = ResourcePageFactory(parent=resource_index, title="Imported")
    problems = local_contexts.apply(page, incoming)
    page.refresh_from_db()
    assert page.community_access == access
    assert local_contexts.value(page)["labels"] == labels
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems)


def test_a_community_only_import_without_a_local_group_admits_nobody(resource_index, member):
    page = ResourcePageFactory(parent=resource_index, title="Imported")
    local_contexts.apply(page, {"community": "Ogiek", "access": "community"})
    assert get_serializer("resource").audiences(page) == []
    assert not get_serializer("resource").is_visible(page, member)

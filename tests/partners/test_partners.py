"""Partner organizations: directory filters, map data, admins editing their own page,
membership management, requests approved by editors, and the publish-on-behalf rule."""

import json
import re

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse

from wagtail.models import WorkflowState

from community.members.factories import ProfileFactory
from community.partners.factories import PartnerPageFactory
from community.partners.models import OrganizationRequest, PartnerMembership, PartnerPage
from community.partners.permissions import (
    can_edit_partner,
    can_publish_for,
    organizations_user_can_publish_for,
)
from exchange.serializers import get_serializer, serializer_for
from taxonomy.models import Country, Region, Target
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _edit_data(**overrides):
    data = {
        "title": "Asociación Indígena Andina",
        "acronym": "AIA",
        "organization_type": "iplc",
        "description": "We protect **páramo** wetlands.",
        "country": Country.objects.get(code="PE").pk,
        "website": "https://aia.example.org",
        "contact_email": "info@aia.example.org",
        "contact_phone": "",
        "latitude": "",
        "longitude": "",
        "regions": [Region.objects.get(identifier="019").pk],
        "targets": [Target.objects.get(number=3).pk],
    }
    data.update(overrides)
    return data


# --- the directory -------------------------------------------------------------------------


def test_directory_lists_partners_without_javascript(client, partner, partner_index):
    draft = PartnerPageFactory(parent=partner_index, title="Secret draft", live=False)
    html = client.get(partner_index.url).content.decode()
    assert "Asociación Indígena Andina" in html
    assert draft.title not in html
    assert "1 organization" in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("type=iplc", True),
        ("type=ngo", False),
        ("country=PE", True),
        ("country=KE", False),
        ("region=019", True),  # Americas: a region of work
        ("region=005", True),  # South America: the headquarters' subregion
        ("region=002", False),
        ("target=22", True),
        ("target=5", False),
        ("q=AIA", True),
        ("q=páramo", True),
        ("q=savanna", False),
    ],
)
def test_directory_filters(client, partner, partner_index, query, found):
    response = client.get(f"{partner_index.url}?{query}")
    assert response.status_code == 200
    assert ("Asociación Indígena Andina" in response.content.decode()) is found


def test_directory_filters_by_thematic_area(client, partner, partner_index):
    from taxonomy.models import ThematicArea

    area = ThematicArea.objects.first()
    assert "Andina" not in client.get(f"{partner_index.url}?thematic_area={area.slug}").text
    partner.thematic_areas.set([area])
    partner.save_revision().publish()
    assert "Andina" in client.get(f"{partner_index.url}?thematic_area={area.slug}").text


def test_bad_filter_is_ignored_with_a_message(client, partner, partner_index):
    response = client.get(f"{partner_index.url}?type=spaceship&country=XX")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not valid and have been ignored." in html
    assert "Asociación Indígena Andina" in html


def test_map_data_follows_the_filters(client, partner, partner_index):
    PartnerPageFactory(
        parent=partner_index,
        title="Kenya Wildlife Trust",
        country=Country.objects.get(code="KE"),
        latitude=-1.3,
        longitude=36.8,
    )
    everything = client.get(reverse("partners:map_data")).json()["partners"]
    assert {p["name"] for p in everything} == {
        "Asociación Indígena Andina (AIA)",
        "Kenya Wildlife Trust",
    }
    peru = client.get(reverse("partners:map_data") + "?country=PE").json()["partners"]
    assert peru == [
        {
            "name": "Asociación Indígena Andina (AIA)",
            "url": partner.url,
            "type": "Indigenous peoples' or local community organization",
            "country": "Peru",
            "m49": "604",
            "lat": None,
            "lng": None,
        }
    ]


def test_map_is_only_offered_when_its_assets_are_built(client, partner_index, monkeypatch):
    from community.partners import views

    monkeypatch.setattr(views, "map_assets_available", lambda: False)
    html = client.get(partner_index.url).content.decode()
    assert 'id="partner-map"' not in html and "leaflet.js" not in html
    monkeypatch.setattr(views, "map_assets_available", lambda: True)
    # Built assets arrive with a deploy, which empties the page cache (README: Page cache).
    from chm import pagecache

    pagecache.bump()
    html = client.get(partner_index.url).content.decode()
    assert 'id="partner-map"' in html and "leaflet.js" in html
    assert "tile.openstreetmap" not in html  # no external tile server by default


# --- the partner page and its JSON-LD ------------------------------------------------------


def test_partner_page_shows_sanitized_description_and_organization_json_ld(client, partner):
    partner.description = (
        'Hi <script>alert(1)</script> [x](javascript:alert(2)) <b onclick="x()">b</b>'
    )
    partner.save_revision().publish()
    html = client.get(partner.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:alert" not in html
    assert "onclick" not in html
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    document = json.loads(script.group(1))
    assert document["@type"] == "Organization"
    assert document["name"] == "Asociación Indígena Andina"
    assert document["alternateName"] == "AIA"
    assert document["sameAs"] == ["https://aia.example.org"]
    assert document["address"]["addressCountry"] == "PE"


def test_serializer_shape_and_visibility(partner, partner_index):
    serializer = serializer_for(partner)
    assert serializer is get_serializer("partner")
    data = serializer.to_dict(partner)
    assert data["organization_type"] == "iplc"
    assert data["headquarters"] == "PE"
    assert data["regions_of_work"] == ["019"]
    assert data["targets"] == ["GBF-TARGET-22"]
    draft = PartnerPageFactory(parent=partner_index, live=False)
    visible = set(serializer.queryset(AnonymousUser()))
    assert partner in visible and draft not in visible
    assert serializer.search_document(partner)["audiences"] == ["public"]


def test_people_on_the_page_respect_profile_visibility(client, partner, member, other_member):
    PartnerMembership.objects.create(partner=partner, user=member, role="admin")
    hidden = ProfileFactory(display_name="Private Person", visibility="private").user
    PartnerMembership.objects.create(partner=partner, user=hidden, role="member")
    html = client.get(partner.url).content.decode()
    assert "Amina Diallo" in html
    assert "Private Person" not in html


# --- organization admins ---------------------------------------------------------------------


def test_admin_edits_own_page_as_a_published_revision(partner, partner_admin):
    client = client_for(partner_admin)
    url = reverse("partners:edit", args=[partner.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(description="We protect **páramo** wetlands."))
    assert response.status_code == 302
    partner = PartnerPage.objects.get(pk=partner.pk)
    assert partner.description == "We protect **páramo** wetlands."
    assert list(partner.targets.values_list("number", flat=True)) == [3]
    assert partner.revisions.count() == 2
    assert partner.latest_revision.user == partner_admin
    assert "<strong>páramo</strong>" in client.get(partner.url).content.decode()


def test_edit_bad_input_changes_nothing(partner, partner_admin):
    client = client_for(partner_admin)
    url = reverse("partners:edit", args=[partner.pk])
    response = client.post(
        url, _edit_data(title="  ", website="not a url", latitude="12", organization_type="x")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert "Enter a valid URL." in html
    assert "Give both latitude and longitude, or neither." in html
    partner.refresh_from_db()
    assert partner.title == "Asociación Indígena Andina"
    assert partner.revisions.count() == 1


def test_only_the_organizations_admins_may_edit_it(
    client, partner, partner_index, partner_admin, other_member, editor_client
):
    url = reverse("partners:edit", args=[partner.pk])
    PartnerMembership.objects.create(partner=partner, user=other_member, role="member")
    assert client.get(url).status_code == 302  # to sign in
    assert client_for(other_member).post(url, _edit_data(title="Hijacked")).status_code == 403
    # An admin of one organization cannot edit another one.
    other = PartnerPageFactory(parent=partner_index, title="Other org")
    other_url = reverse("partners:edit", args=[other.pk])
    assert client_for(partner_admin).post(other_url, _edit_data(title="Mine")).status_code == 403
    # Editors use the Wagtail admin, not this form.
    assert editor_client.get(url).status_code == 403
    partner.refresh_from_db()
    other.refresh_from_db()
    assert partner.title == "Asociación Indígena Andina" and other.title == "Other org"
    assert can_edit_partner(partner_admin, partner) and not can_edit_partner(other_member, partner)


def test_admin_manages_members_and_keeps_one_admin(partner, partner_admin, other_member):
    client = client_for(partner_admin)
    url = reverse("partners:members", args=[partner.pk])
    response = client.post(url, {"email": "nobody@example.org", "role": "member"})
    assert "No member has this email address." in response.content.decode()
    client.post(url, {"email": other_member.email.upper(), "role": "member"})
    membership = PartnerMembership.objects.get(partner=partner, user=other_member)
    assert membership.role == "member"
    response = client.post(url, {"email": other_member.email, "role": "admin"})
    assert "already linked" in response.content.decode()
    own = PartnerMembership.objects.get(partner=partner, user=partner_admin)
    response = client.post(url, {"membership": own.pk, "action": "remove"}, follow=True)
    assert "An organization needs at least one administrator." in response.content.decode()
    assert PartnerMembership.objects.filter(pk=own.pk).exists()
    client.post(url, {"membership": membership.pk, "action": "admin"})
    membership.refresh_from_db()
    assert membership.role == "admin"
    client.post(url, {"membership": own.pk, "action": "remove"})
    assert not PartnerMembership.objects.filter(pk=own.pk).exists()
    # No longer an admin: the members page is closed to them.
    assert client.get(url).status_code == 403


def test_member_cannot_manage_members(partner, partner_admin, other_member):
    PartnerMembership.objects.create(partner=partner, user=other_member, role="member")
    url = reverse("partners:members", args=[partner.pk])
    response = client_for(other_member).post(url, {"email": "x@example.org", "role": "admin"})
    assert response.status_code == 403


def test_last_admin_cannot_leave(partner, partner_admin, other_member):
    response = client_for(partner_admin).post(
        reverse("partners:leave", args=[partner.pk]), follow=True
    )
    assert "Name another administrator before you leave." in response.content.decode()
    PartnerMembership.objects.create(partner=partner, user=other_member, role="member")
    client_for(other_member).post(reverse("partners:leave", args=[partner.pk]))
    assert not PartnerMembership.objects.filter(user=other_member).exists()


def test_publish_on_behalf_rule(partner, partner_index, partner_admin, other_member):
    PartnerMembership.objects.create(partner=partner, user=other_member, role="member")
    unpublished = PartnerPageFactory(parent=partner_index, live=False)
    PartnerMembership.objects.create(partner=unpublished, user=partner_admin, role="admin")
    assert list(organizations_user_can_publish_for(partner_admin)) == [partner]
    assert list(organizations_user_can_publish_for(other_member)) == []
    assert list(organizations_user_can_publish_for(AnonymousUser())) == []
    assert can_publish_for(partner_admin, partner)
    assert not can_publish_for(other_member, partner)


# --- asking for a new organization -----------------------------------------------------------


def _request_data(**overrides):
    data = _edit_data(
        title="Sahel Restoration Alliance", acronym="SRA", organization_type="network"
    )
    data["country"] = Country.objects.get(code="NE").pk
    data["role_description"] = "Coordinator"
    data.update(overrides)
    return data


def test_request_creates_a_draft_in_moderation(partner_index, auth_client, member, client):
    response = auth_client.post(reverse("partners:request"), _request_data())
    assert response.status_code == 302
    request = OrganizationRequest.objects.get()
    assert request.status == "pending" and request.requested_by == member
    page = request.page
    assert not page.live
    assert page.get_parent().specific == partner_index
    assert WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress").exists()
    assert client.get(f"{partner_index.url}{page.slug}/").status_code == 404
    assert "Sahel" not in client.get(partner_index.url).content.decode()
    assert not can_edit_partner(member, page)
    dashboard = auth_client.get(reverse("members:dashboard")).content.decode()
    assert "Waiting for review" in dashboard and "Sahel Restoration Alliance" in dashboard


def test_request_bad_input_changes_nothing(partner, partner_index, auth_client):
    response = auth_client.post(
        reverse("partners:request"), _request_data(title=partner.title, role_description="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "An organization with this name is already listed." in html
    assert OrganizationRequest.objects.count() == 0
    assert PartnerPage.objects.count() == 1


def test_request_needs_an_account_and_is_limited(partner_index, client, auth_client):
    assert client.post(reverse("partners:request"), _request_data()).status_code == 302
    assert OrganizationRequest.objects.count() == 0
    for number in range(4):
        auth_client.post(reverse("partners:request"), _request_data(title=f"Org {number}"))
    assert OrganizationRequest.objects.count() == 3
    response = auth_client.get(reverse("partners:request"), follow=True)
    assert "You already have requests waiting for review." in response.content.decode()


def test_editor_approves_by_publishing_and_requester_becomes_admin(
    partner_index, auth_client, member, editor, django_capture_on_commit_callbacks
):
    auth_client.post(reverse("partners:request"), _request_data())
    request = OrganizationRequest.objects.get()
    page = request.page
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "approve")
    request.refresh_from_db()
    page.refresh_from_db()
    assert page.live
    assert request.status == "approved"
    assert PartnerMembership.objects.get(partner=page, user=member).role == "admin"
    assert can_edit_partner(member, page)
    assert any(m.to == [member.email] and "is published" in m.subject for m in mail.outbox)


def test_editor_rejects_in_the_workflow(
    partner_index, auth_client, member, editor, django_capture_on_commit_callbacks
):
    auth_client.post(reverse("partners:request"), _request_data())
    request = OrganizationRequest.objects.get()
    state = WorkflowState.objects.get(object_id=str(request.page_id), status="in_progress")
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, editor, "reject")
    request.refresh_from_db()
    assert request.status == "rejected"
    assert not PartnerMembership.objects.exists()
    assert any(m.to == [member.email] and "not approved" in m.subject for m in mail.outbox)


def test_requests_are_listed_for_editors_in_the_admin(partner_index, auth_client, editor_client):
    auth_client.post(reverse("partners:request"), _request_data())
    response = editor_client.get(reverse("wagtailsnippets_partners_organizationrequest:list"))
    assert response.status_code == 200
    assert "Sahel Restoration Alliance" in response.content.decode()
    assert auth_client.get(
        reverse("wagtailsnippets_partners_organizationrequest:list")
    ).status_code in (302, 403)


def test_editors_manage_partners_and_experts_in_the_admin(editor_client, partner, partner_index):
    from community.experts.factories import ExpertProfileFactory

    ExpertProfileFactory(headline="Soil scientist")
    assert editor_client.get(f"/admin/pages/{partner.pk}/edit/").status_code == 200
    add_url = f"/admin/pages/add/partners/partnerpage/{partner_index.pk}/"
    assert editor_client.get(add_url).status_code == 200
    experts = editor_client.get(reverse("wagtailsnippets_experts_expertprofile:list"))
    assert "Soil scientist" in experts.content.decode()
    memberships = editor_client.get(reverse("wagtailsnippets_partners_partnermembership:list"))
    assert memberships.status_code == 200


def _png():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 20), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_admin_uploads_a_logo_and_bad_files_are_refused(client, partner, partner_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = client_for(partner_admin)
    url = reverse("partners:edit", args=[partner.pk])
    svg = SimpleUploadedFile("logo.svg", b"<svg onload=alert(1)>", "image/svg+xml")
    response = admin.post(url, {**_edit_data(), "logo_file": svg})
    assert response.status_code == 200
    assert "logo_file" in response.context["form"].errors
    assert PartnerPage.objects.get(pk=partner.pk).logo is None

    logo = SimpleUploadedFile("logo.png", _png(), "image/png")
    assert admin.post(url, {**_edit_data(), "logo_file": logo}).status_code == 302
    partner = PartnerPage.objects.get(pk=partner.pk)
    assert partner.logo is not None
    html = client.get(partner.url).content.decode()
    assert 'class="partner-logo"' in html
    document = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert document["logo"].startswith("http")

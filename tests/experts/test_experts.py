"""The roster of experts: opt-in, who sees what, directory filters, ORCID, JSON-LD and the
rate-limited contact form that never reveals the expert's address."""

import json
import re

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.experts.factories import ExpertProfileFactory
from community.experts.models import ExpertProfile
from community.experts.validators import validate_orcid
from community.members.factories import ProfileFactory
from exchange.serializers import MEMBERS, PUBLIC, get_serializer, serializer_for
from taxonomy.models import Constituency, Country, Language, Target
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(db):
    profile = ProfileFactory(display_name="Olga Petrova")
    profile.user.email = "olga.private@example.org"
    profile.user.save()
    profile.constituencies.set([Constituency.objects.get(slug="academia")])
    expert = ExpertProfileFactory(
        profile=profile,
        headline="Freshwater ecologist",
        orcid="0000-0002-1825-0097",
        publications="- [Wetlands of Siberia](https://doi.org/10.1/xyz), 2023",
        expertise=["wetlands", "freshwater fish"],
    )
    expert.targets.set([Target.objects.get(number=2)])
    expert.countries.set([Country.objects.get(code="RU")])
    expert.languages.set([Language.objects.get(code="ru")])
    return expert


def _form_data(**overrides):
    data = {
        "visibility": "public",
        "headline": "Coral reef restoration",
        "expertise": "coral reefs, marine spatial planning",
        "targets": [Target.objects.get(number=3).pk],
        "countries": [Country.objects.get(code="FJ").pk],
        "languages": [Language.objects.get(code="en").pk],
        "orcid": "https://orcid.org/0000-0002-1694-233x",
        "publications": "",
        "availability": "available",
        "availability_note": "",
        "accepts_contact": "on",
        "show_organization": "on",
        "show_orcid": "on",
        "show_publications": "on",
        "show_languages": "on",
    }
    data.update(overrides)
    return data


# --- ORCID -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0000-0002-1825-0097", "0000-0002-1694-233X"])
def test_valid_orcid(value):
    validate_orcid(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000-0002-1825-0098", "check digit"),
        ("0000-0002-1825-009", "like 0000-0002-1825-0097"),
        ("0000000218250097", "like 0000-0002-1825-0097"),
        ("abcd-0002-1825-0097", "like 0000-0002-1825-0097"),
    ],
)
def test_invalid_orcid(value, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        validate_orcid(value)


# --- joining the roster ----------------------------------------------------------------------


def test_member_joins_the_roster(auth_client, member):
    response = auth_client.post(reverse("experts:edit"), _form_data())
    assert response.status_code == 302
    expert = ExpertProfile.objects.get(profile__user=member)
    assert expert.orcid == "0000-0002-1694-233X"  # URL form accepted and normalized
    assert sorted(expert.expertise.names()) == ["coral reefs", "marine spatial planning"]
    html = auth_client.get(expert.get_absolute_url()).content.decode()
    assert "Coral reef restoration" in html and "coral reefs" in html
    assert "My expert profile" in auth_client.get(reverse("members:dashboard")).content.decode()


def test_roster_form_bad_input_changes_nothing(auth_client, member):
    response = auth_client.post(
        reverse("experts:edit"),
        _form_data(headline=" ", expertise="", orcid="0000-0002-1825-0098", visibility="all"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert "check digit does not match" in html
    assert "Please give at least one area of expertise." in html
    assert not ExpertProfile.objects.exists()


def test_anonymous_cannot_join(client):
    response = client.post(reverse("experts:edit"), _form_data())
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not ExpertProfile.objects.exists()


def test_expert_edits_only_their_own_profile(expert, auth_client, member):
    # /experts/me/ always edits the signed-in member's own profile: it cannot reach Olga's.
    auth_client.post(reverse("experts:edit"), _form_data(headline="Mine"))
    expert.refresh_from_db()
    assert expert.headline == "Freshwater ecologist"
    assert ExpertProfile.objects.get(profile__user=member).headline == "Mine"


# --- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "anonymous", "as_member", "owner"),
    [("public", 200, 200, 200), ("members", 404, 200, 200), ("private", 404, 404, 200)],
)
def test_expert_visibility(client, auth_client, expert, visibility, anonymous, as_member, owner):
    expert.visibility = visibility
    expert.save()
    url = expert.get_absolute_url()
    assert client.get(url).status_code == anonymous
    assert auth_client.get(url).status_code == as_member
    assert client_for(expert.profile.user).get(url).status_code == owner
    listed_for_member = "Olga Petrova" in auth_client.get(reverse("experts:directory")).text
    assert listed_for_member is (visibility != "private")
    listed_for_anonymous = "Olga Petrova" in client.get(reverse("experts:directory")).text
    assert listed_for_anonymous is (visibility == "public")


def test_hidden_fields_are_shown_only_to_the_expert(client, expert):
    expert.show_orcid = False
    expert.show_publications = False
    expert.show_languages = False
    expert.save()
    html = client.get(expert.get_absolute_url()).content.decode()
    assert "0000-0002-1825-0097" not in html
    assert "Wetlands of Siberia" not in html
    assert 'lang="ru">Русский</li>' not in html
    assert "olga.private@example.org" not in html
    own = client_for(expert.profile.user).get(expert.get_absolute_url()).content.decode()
    assert "0000-0002-1825-0097" in own and "Wetlands of Siberia" in own
    # Filtering on a hidden language does not reveal the expert either.
    assert "Olga" not in client.get(reverse("experts:directory") + "?language=ru").text
    data = serializer_for(expert).to_dict(expert)
    assert data["orcid"] is None and data["working_languages"] == []
    assert "Siberia" not in serializer_for(expert).search_document(expert)["text"]


def test_publications_markdown_is_sanitized(client, expert):
    expert.publications = (
        "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    )
    expert.save()
    html = client.get(expert.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:alert" not in html
    assert "onerror" not in html


# --- the directory ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("expertise=wetlands", True),
        ("expertise=Freshwater+fish", True),
        ("expertise=corals", False),
        ("target=2", True),
        ("target=3", False),
        ("country=RU", True),
        ("country=FR", False),
        ("region=150", True),
        ("region=002", False),
        ("language=ru", True),
        ("language=fr", False),
        ("constituency=academia", True),
        ("constituency=youth", False),
        ("q=ecologist", True),
        ("q=Petrova", True),
        ("q=astronomy", False),
    ],
)
def test_directory_filters(client, expert, query, found):
    response = client.get(reverse("experts:directory") + "?" + query)
    assert response.status_code == 200
    assert ("Olga Petrova" in response.content.decode()) is found


def test_directory_bad_filter_is_ignored_with_a_message(client, expert):
    response = client.get(reverse("experts:directory") + "?language=xx&target=99")
    html = response.content.decode()
    assert "Some filters were not valid and have been ignored." in html
    assert "Olga Petrova" in html


# --- JSON-LD and the record shape ------------------------------------------------------------


def test_public_expert_has_person_json_ld_without_email(client, expert):
    html = client.get(expert.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    document = json.loads(script.group(1))
    assert document["@type"] == "Person"
    assert document["name"] == "Olga Petrova"
    assert document["jobTitle"] == "Freshwater ecologist"
    assert sorted(document["knowsAbout"]) == ["freshwater fish", "wetlands"]
    assert document["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]
    assert "email" not in document and "olga.private" not in script.group(1)


def test_members_only_expert_has_no_json_ld(auth_client, expert):
    expert.visibility = "members"
    expert.save()
    html = auth_client.get(expert.get_absolute_url()).content.decode()
    assert "application/ld+json" not in html


def test_serializer_queryset_and_audiences(expert, member):
    serializer = get_serializer("expert")
    members_only = ExpertProfileFactory(visibility="members")
    hidden = ExpertProfileFactory(visibility="private")
    anonymous = set(serializer.queryset(AnonymousUser()))
    assert expert in anonymous and members_only not in anonymous and hidden not in anonymous
    signed_in = set(serializer.queryset(member))
    assert members_only in signed_in and hidden not in signed_in
    assert serializer.audiences(expert) == [PUBLIC]
    assert MEMBERS in serializer.audiences(members_only)
    assert PUBLIC not in serializer.audiences(hidden)
    assert not serializer.is_indexable(hidden)


# --- contacting an expert --------------------------------------------------------------------


def _message(**overrides):
    data = {
        "subject": "Wetland survey in Kazakhstan",
        "message": "Could you advise us on survey methods for steppe wetlands?",
        "share_address": "on",
    }
    data.update(overrides)
    return data


def test_member_contacts_expert_by_email_without_seeing_the_address(auth_client, member, expert):
    url = reverse("experts:contact", args=[expert.uuid])
    page = auth_client.get(url).content.decode()
    assert "olga.private@example.org" not in page
    response = auth_client.post(url, _message())
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["olga.private@example.org"]
    assert email.reply_to == [member.email]
    assert "Wetland survey in Kazakhstan" in email.subject
    assert "steppe wetlands" in email.body and "Amina Diallo" in email.body


def test_contact_bad_input_sends_nothing(auth_client, expert):
    url = reverse("experts:contact", args=[expert.uuid])
    response = auth_client.post(url, _message(message="hi", share_address=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "at least 20 characters" in html
    assert mail.outbox == []


def test_who_may_contact(client, auth_client, expert, member):
    url = reverse("experts:contact", args=[expert.uuid])
    assert client.post(url, _message()).status_code == 302  # sign in first
    assert client_for(expert.profile.user).post(url, _message()).status_code == 403  # self
    expert.accepts_contact = False
    expert.save()
    assert auth_client.post(url, _message()).status_code == 403
    expert.accepts_contact = True
    expert.visibility = "private"
    expert.save()
    assert auth_client.post(url, _message()).status_code == 404
    assert mail.outbox == []


def test_contact_is_rate_limited_per_sender(auth_client, expert, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "experts.contact": {"member": (2, 3600)}}
    url = reverse("experts:contact", args=[expert.uuid])
    assert auth_client.post(url, _message()).status_code == 302
    assert auth_client.post(url, _message()).status_code == 302
    response = auth_client.post(url, _message())
    assert response.status_code == 429
    assert (
        "You have sent 2 messages in the last hour, the most allowed; "
        "you can send another in 1 hour." in response.content.decode()
    )
    assert len(mail.outbox) == 2


def test_members_behind_one_address_are_counted_separately(expert, settings):
    """A shared network (a conference wifi) must not let one member lock the others out."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "experts.contact": {"member": (1, 3600)}}
    url = reverse("experts:contact", args=[expert.uuid])
    senders = [ProfileFactory().user for _ in range(3)]
    statuses = []
    for sender in [*senders, senders[0]]:
        client = Client(REMOTE_ADDR="203.0.113.9")
        client.force_login(sender)
        statuses.append(client.post(url, _message()).status_code)
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_partner_page_lists_its_visible_experts(client, expert, home_page):
    from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="IBPES")
    expert.organization = partner
    expert.save()
    members_only = ExpertProfileFactory(
        organization=partner, visibility="members", headline="Quiet expert"
    )
    html = client.get(partner.url).content.decode()
    assert "Olga Petrova" in html and "Freshwater ecologist" in html
    assert "Quiet expert" not in html
    assert members_only.profile.display_name not in html
    expert.show_organization = False
    expert.save()
    assert "Olga Petrova" not in client.get(partner.url).content.decode()


def test_off_roster_expert_profiles_kept_as_hidden_become_private(expert):
    """Migration 0002: experts share the profiles' vocabulary (public, members, private)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("community.experts.migrations.0002_visibility_private")
    ExpertProfile.objects.filter(pk=expert.pk).update(visibility="hidden")
    migration.hidden_to_private(apps, None)
    expert.refresh_from_db()
    assert expert.visibility == ExpertProfile.Visibility.PRIVATE == "private"
    assert not get_serializer("expert").is_indexable(expert)


def test_profiles_and_experts_follow_one_visibility_rule(member):
    from chm.visibility import Visibility, audiences
    from community.experts.permissions import can_view_expert
    from community.members.permissions import can_view_profile

    assert {v.value for v in ExpertProfile.Visibility} == set(Visibility.values)
    expected = {"public": (True, True), "members": (False, True), "private": (False, False)}
    for value, (by_anonymous, by_member) in expected.items():
        expert = ExpertProfileFactory(visibility=value)
        profile = ProfileFactory(visibility=value)
        assert can_view_expert(AnonymousUser(), expert) is by_anonymous
        assert can_view_profile(AnonymousUser(), profile) is by_anonymous
        assert can_view_expert(member, expert) is by_member
        assert can_view_profile(member, profile) is by_member
        listed = set(get_serializer("expert").queryset(member))
        assert (expert in listed) is by_member
    assert audiences(Visibility.PRIVATE, member.pk) == [f"user:{member.pk}"]

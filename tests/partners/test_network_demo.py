"""Demo content for partners and experts: varied, linked to demo members, idempotent."""

import io

import pytest

from django.core.management import call_command

from community.experts.models import ExpertProfile
from community.partners.models import PartnerIndexPage, PartnerMembership, PartnerPage

pytestmark = pytest.mark.django_db


def test_demo_partners_and_experts(home_page, client):
    call_command("seed_demo", stdout=io.StringIO())
    partners = PartnerPage.objects.live()
    experts = ExpertProfile.objects.count()
    assert partners.count() >= 10
    assert partners.values("organization_type").distinct().count() == len(
        PartnerPage.OrganizationType
    )
    assert partners.values("country__region").distinct().count() >= 4
    assert PartnerMembership.objects.filter(role="admin").count() >= 10
    assert experts >= 5
    assert ExpertProfile.objects.filter(visibility="public").exists()
    assert ExpertProfile.objects.filter(organization__live=True).exists()
    index = PartnerIndexPage.objects.get()
    assert "Asociación Indígena Andina" in client.get(index.url).content.decode()
    assert client.get("/experts/").status_code == 200

    call_command("seed_demo", stdout=io.StringIO())
    assert PartnerPage.objects.count() == partners.count()
    assert ExpertProfile.objects.count() == experts

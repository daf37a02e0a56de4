"""Fixtures for partner organizations and experts."""

import pytest

from django.test import Client

from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from community.partners.models import PartnerMembership, PartnerPage
from taxonomy.models import Country, Region, Target


@pytest.fixture
def partner_index(home_page):
    return PartnerIndexPageFactory(parent=home_page)


@pytest.fixture
def partner(partner_index):
    page = PartnerPageFactory(
        parent=partner_index,
        title="Asociación Indígena Andina",
        slug="aia",
        acronym="AIA",
        organization_type=PartnerPage.OrganizationType.IPLC,
        country=Country.objects.get(code="PE"),
        description="Works on **Andean** páramo.",
        website="https://aia.example.org",
    )
    page.targets.set([Target.objects.get(number=22)])
    page.regions.set([Region.objects.get(identifier="019")])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def partner_admin(partner, member):
    PartnerMembership.objects.create(partner=partner, user=member, role="admin")
    return member


def client_for(user):
    client = Client()
    client.force_login(user)
    return client

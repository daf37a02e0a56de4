"""The demo's CBD source: seeding harvests its three records with provenance, and seeding
again changes nothing."""

import io

import pytest

from chm.management.commands.seed_demo import DemoContext
from chm.models import ResourcePage
from community.partners.models import PartnerPage
from events.models import EventPage
from exchange import demo
from exchange.models import HarvestSource, provenance_of

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    demo.seed(DemoContext(size=None, stdout=out, style=None, faker=None, random=None))
    return out.getvalue()


def test_the_demo_source_is_harvested_once(resource_index, events_index, partner_index):
    assert "3 created" in seed()
    source = HarvestSource.objects.get(slug="cbd-demo")
    for model in (PartnerPage, ResourcePage, EventPage):
        record = model.objects.live().exclude(cbd_identifier="").get()
        assert provenance_of(record).source == source
    # The event's organizer is the organization harvested in the same run.
    event = EventPage.objects.exclude(cbd_identifier="").get()
    assert event.organizer_partner == PartnerPage.objects.exclude(cbd_identifier="").get()
    assert "3 unchanged" in seed()

"""Requests for support and offers harvested from another instance of this portal through its
API (``cooperation/harvesters.py``), with the HTTP call replaced by pages of ``to_api`` items."""

import pytest

from cooperation import permissions
from cooperation.factories import OfferFactory, SupportRequestFactory
from cooperation.models import Offer, OfferStatus, RequestStatus, SupportRequest
from exchange import portal
from exchange.harvesting import run_source
from exchange.models import HarvestSource, SourceKind, provenance_of
from exchange.serializers import serializer_for
from tests.exchange.fakes import BASE, FakeAPI

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="Other CHM", slug="other", kind=SourceKind.PORTAL, url=BASE + "/"
    )


def api_item(record, **changes):
    item = serializer_for(record).to_api(type(record).objects.get(pk=record.pk))
    item.update(changes)
    return item


@pytest.fixture
def records(partner):
    request = SupportRequestFactory(
        published=True,
        title="Training in seed banking",
        problem="Our **seed bank** lacks trained staff.",
        requesting_organization=partner,
        budget_min=1000,
        budget_max=2500.5,
        targets=[7],
        countries=["KE"],
        working_languages=["en", "fr"],
    )
    offer = OfferFactory(
        published=True,
        title="Mentoring on monitoring",
        provider_organization=partner,
        capacity=4,
        targets=[3],
        eligible_regions=["002"],
    )
    return request, offer


def harvest(source, items, monkeypatch):
    monkeypatch.setattr(portal, "fetch", FakeAPI(items, page_size=10))
    return run_source(source)


def harvested(model, item):
    return model.objects.exclude(uuid=item["uuid"]).get(title=item["title"])


def test_requests_and_offers_arrive_published_whole_and_linked(
    source, records, partner, monkeypatch
):
    request, offer = records
    items = [api_item(partner), api_item(request), api_item(offer)]
    run = harvest(source, items, monkeypatch)
    assert (run.created, run.rejected) == (3, 0), run.report

    local_request = harvested(SupportRequest, items[1])
    assert local_request.status == RequestStatus.PUBLISHED and local_request.owner is None
    assert local_request.problem == request.problem
    assert (local_request.budget_min, local_request.budget_max) == (1000, 2500.5)
    assert [t.number for t in local_request.targets.all()] == [7]
    assert sorted(lang.code for lang in local_request.working_languages.all()) == ["en", "fr"]
    # The requesting organization is the partner page harvested in the same run.
    assert local_request.requesting_organization != partner
    assert provenance_of(local_request.requesting_organization).original_id == str(partner.uuid)
    assert provenance_of(local_request).original_id == str(request.uuid)

    local_offer = harvested(Offer, items[2])
    assert local_offer.status == OfferStatus.PUBLISHED and local_offer.capacity == 4
    assert [r.identifier for r in local_offer.eligible_regions.all()] == ["002"]
    assert provenance_of(local_offer.provider_organization).original_id == str(partner.uuid)

    # Listed here like the source lists them, and edited at the source only.
    assert permissions.listed_requests().filter(pk=local_request.pk).exists()
    assert not permissions.can_edit_request(None, local_request)
    assert not permissions.can_edit_offer(None, local_offer)


def test_reharvest_updates_the_same_records(source, records, monkeypatch):
    request, _offer = records
    harvest(source, [api_item(request)], monkeypatch)
    changed = api_item(request, objectives="Two trained technicians.", updated="2030-01-01")
    run = harvest(source, [changed], monkeypatch)
    assert (run.created, run.updated) == (0, 1), run.report
    assert SupportRequest.objects.filter(title=request.title).count() == 2
    assert harvested(SupportRequest, changed).objectives == "Two trained technicians."


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"problem": None}, "problem: this field is required."),
        ({"title": 7}, "title: expected text."),
        ({"start_date": "2030-05-01", "end_date": "2030-01-01"}, "end_date: the period ends"),
        ({"budget_min": -5}, "budget_min: expected a positive amount."),
        ({"budget_max": "lots"}, "budget_max: expected a number."),
        ({"currency": "EURO"}, "currency: expected a three-letter currency code."),
        ({"start_date": "next spring"}, "start_date: expected a date"),
    ],
)
def test_a_bad_request_is_refused_alone_with_its_reason(
    source, records, monkeypatch, changes, reason
):
    request, offer = records
    run = harvest(source, [api_item(request, **changes), api_item(offer)], monkeypatch)
    assert (run.created, run.rejected) == (1, 1)
    assert run.report[0]["reason"].startswith(reason), run.report
    assert SupportRequest.objects.count() == 1


def test_unknown_terms_are_noted_not_fatal(source, records, monkeypatch):
    _request, offer = records
    run = harvest(source, [api_item(offer, assistance_types=["telepathy"])], monkeypatch)
    assert run.created == 1
    assert any("telepathy" in entry.get("note", "") for entry in run.report)

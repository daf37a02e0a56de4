"""Bio-Bridge requests and opportunities harvested from the CBD: published here with every
language, unknown terms and unmodelled fields kept, references to organizations resolved
when the organization was harvested too and kept otherwise; bad documents refused one by
one; export → import → export gives the same document."""

import copy
import json
from pathlib import Path

import pytest

from cooperation.models import Offer, OfferStatus, RequestStatus, SupportRequest
from exchange.cbd_sources import documents_in
from exchange.harvesting import get_importer, harvest
from exchange.models import (
    HarvestSource,
    Provenance,
    RunStatus,
    SourceKind,
    provenance_of,
    record_content_type,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def example(schema):
    return json.loads((DATA / f"{schema}.json").read_text())["records"][0]


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="Bio-Bridge", slug="bbi", kind=SourceKind.CBD_FILE, url="-"
    )


def run(source, *documents):
    return harvest(source, documents_in([copy.deepcopy(d) for d in documents]))


def test_a_request_comes_in_published_with_every_language(source):
    document = example("bbiRequest")
    result = run(source, document)
    assert (result.status, result.created) == (RunStatus.SUCCEEDED, 1), result.report
    request = SupportRequest.objects.get()
    assert request.status == RequestStatus.PUBLISHED and request.is_listed
    assert request.title == document["title"]["en"]
    assert request.translations["ar"]["title"] == document["title"]["ar"]
    assert request.translations["fr"]["problem"] == document["problem"]["fr"]
    assert request.language.code == "en" and request.source_identifier == document["_id"]
    assert [c.code for c in request.countries.all()] == ["PE"]
    assert sorted(t.identifier for t in request.targets.all()) == [
        "GBF-TARGET-04",
        "GBF-TARGET-13",
        "GBF-TARGET-22",
    ]
    assert request.assistance_details.startswith("Training of 30 community technicians.")
    assert request.cbd_extra["fields"]["typesDetails"] == document["typesDetails"]
    assert request.cbd_extra["meta"] == document["meta"]
    assert provenance_of(request).original_id == document["_id"]
    assert request.requesting_organization is None
    assert provenance_of(request).unresolved_references == [document["organization"]["identifier"]]


def test_an_opportunity_comes_in_as_a_published_offer(source):
    document = example("bbiOpportunity")
    result = run(source, document)
    assert result.created == 1, result.report
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.PUBLISHED and offer.is_listed
    assert offer.description == document["description"]["en"]
    assert offer.translations["es"]["eligibility"] == document["eligibility"]["es"]
    assert str(offer.application_deadline) == "2026-03-31"
    assert offer.cbd_extra["fields"]["areasBenifited"] == document["areasBenifited"]


def test_a_reference_to_a_harvested_organization_links_it(source, partner):
    uid = "539BC950-FC1A-4092-AAC3-07276F67594E"
    Provenance.objects.create(
        source=source,
        original_id=uid,
        content_type=record_content_type(partner),
        object_id=str(partner.pk),
    )
    run(source, example("bbiOpportunity"))
    offer = Offer.objects.get()
    assert offer.provider_organization.pk == partner.pk
    assert provenance_of(offer).unresolved_references == []
    exported = get_importer("cbd", "bbiOpportunity").export(offer)
    assert exported["primaryOrganization"] == {"identifier": f"{uid}@1"}


def test_harvesting_again_updates_the_same_request(source):
    document = example("bbiRequest")
    run(source, document)
    first = SupportRequest.objects.get()
    document["title"]["en"] = "Traceability, second phase"
    result = run(source, document)
    assert (result.created, result.updated) == (0, 1)
    request = SupportRequest.objects.get()
    assert request.pk == first.pk and request.title == "Traceability, second phase"


def test_bad_documents_are_refused_one_by_one(source):
    no_title = example("bbiOpportunity")
    del no_title["title"]
    wrong = example("bbiRequest")
    wrong["startDate"] = "soon"
    wrong["problem"] = "a string, not an lstring"
    result = run(source, no_title, wrong, example("bbiOpportunity") | {"header": {}})
    assert (result.status, result.created, result.rejected) == (RunStatus.PARTIAL, 0, 3)
    reasons = [entry["reason"] for entry in result.report]
    assert "title: This field is required." in reasons[0]
    assert "startDate" in reasons[1] and "problem: Expected an object." in reasons[1]
    assert "no header" in reasons[2] or "header" in reasons[2]
    assert not SupportRequest.objects.exists() and not Offer.objects.exists()


def test_html_in_incoming_text_is_sanitized(source):
    document = example("bbiOpportunity")
    document["description"]["en"] = "<p>Fellowships<script>alert(1)</script> <b>now</b></p>"
    document["eligibility"]["en"] = "<p>Early-career <i>researchers</i></p>"
    run(source, document)
    offer = Offer.objects.get()
    assert "script" not in offer.description and "alert" not in offer.description
    assert offer.eligibility == "Early-career researchers"


@pytest.mark.parametrize("schema", ["bbiRequest", "bbiOpportunity"])
def test_export_import_export_gives_the_same_document(source, schema):
    importer = get_importer("cbd", schema)
    run(source, example(schema))
    exported = importer.export(importer.model.objects.get())
    importer.model.objects.all().delete()
    other = HarvestSource.objects.create(name="o", slug="o", kind=SourceKind.CBD_FILE, url="-")
    assert run(other, exported).created == 1
    assert importer.export(importer.model.objects.get()) == exported


def test_the_request_goes_back_out_in_the_shape_it_came():
    source = HarvestSource.objects.create(name="s", slug="s", kind=SourceKind.CBD_FILE, url="-")
    document = example("bbiRequest")
    run(source, document)
    out = get_importer("cbd", "bbiRequest").export(SupportRequest.objects.get())
    assert "header" not in out and out["_id"] == document["_id"]
    for key in ("title", "objectives", "coverage", "typesDetails", "organization", "contact"):
        assert out[key] == document[key], key
    assert sorted(t["identifier"] for t in out["assistanceTypes"]) == sorted(
        t["identifier"] for t in document["assistanceTypes"]
    )

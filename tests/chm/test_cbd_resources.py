"""Library resources in the CBD clearing-house's shape (``resource``, the VLR): the example of
``shared/cbd-formats`` (copied to ``data/``) harvests with every language kept, faulty
documents are refused one by one, and resources go out and come back unchanged."""

import copy
from pathlib import Path

import pytest

from chm.cbd import ResourceImporter
from chm.factories import ResourcePageFactory
from chm.models import ResourcePage
from exchange.models import HarvestSource, Provenance, RunStatus, SourceKind, provenance_of
from taxonomy.models import Country, Target
from tests.helpers import cbd_example, cbd_harvest

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ORGANIZATION = "46D1D9AF-3DD4-D0F3-151B-C8CC9EDDB5E7@1"


def resource():
    return cbd_example(DATA / "resource.json")


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="CBD file", slug="cbd-file", kind=SourceKind.CBD_FILE, url="/dev/null"
    )


def test_the_resource_example_imports_with_every_language(source, resource_index):
    document = resource()
    run = cbd_harvest(source, document)
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 1), run.report
    page = ResourcePage.objects.get()
    assert page.live and page.get_parent().specific == resource_index
    assert page.title == document["title"]["en"]
    for language in ("fr", "es", "ar"):
        assert page.translations[language]["title"] == document["title"][language]
        assert page.translations[language]["summary"] == document["summary"][language]
    assert page.translations["fr"]["publisher"] == document["publisher"]["fr"]
    assert page.year == 2024 and page.link.endswith("anr-guide-en.pdf")
    assert page.resource_language.code == "en"
    assert sorted(c.code for c in page.countries.all()) == ["ML", "NE", "SN"]
    assert sorted(t.number for t in page.targets.all()) == [2, 10]
    assert page.cbd_extra["fields"]["authors"] == document["authors"]
    provenance = provenance_of(page)
    assert provenance.original_id == document["header"]["identifier"]
    assert provenance.unresolved_references == [ORGANIZATION]


FAULTS = {
    "missing title": (lambda d: d.pop("title"), "Error.Mandatory title"),
    "missing links": (lambda d: d.pop("resourceLinks"), "Error.Mandatory resourceLinks"),
    "link without url": (
        lambda d: d.update(resourceLinks=[{"name": "x"}]),
        "Error.InvalidType resourceLinks[0]",
    ),
    "bad month": (lambda d: d.update(publicationDate="June 2024"), "Expected a month"),
    "unknown country": (
        lambda d: d["countryRegions"].append({"identifier": "qq"}),
        "Unknown country 'qq'",
    ),
    "unknown subject": (
        lambda d: d["cbdSubjects"].append({"identifier": "FORESTS"}),
        "Unknown CBD subject 'FORESTS'",
    ),
    "summary not text": (lambda d: d["summary"].update(en=["x"]), "summary.en: Expected text"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_resource_is_refused_alone(source, resource_index, fault):
    change, reason = FAULTS[fault]
    bad = resource()
    change(bad)
    bad["header"]["identifier"] = "BAD00000-0000-0000-0000-000000000000"
    run = cbd_harvest(source, bad, resource())
    assert (run.status, run.created, run.rejected) == (RunStatus.PARTIAL, 1, 1)
    assert reason in run.report[0]["reason"]
    assert ResourcePage.objects.count() == 1


def test_reharvest_updates_and_html_is_sanitized(source, resource_index):
    document = resource()
    cbd_harvest(source, document)
    document["summary"]["fr"] = '<p onclick="x()">Nouveau <script>alert(1)</script>résumé</p>'
    run = cbd_harvest(source, document)
    assert (run.created, run.updated) == (0, 1)
    page = ResourcePage.objects.get()
    assert page.translations["fr"]["summary"] == "Nouveau résumé"


def test_resource_round_trips(source, resource_index):
    document = resource()
    cbd_harvest(source, document)
    record = ResourcePage.objects.get()
    before = (record.title, record.summary, record.translations, record.cbd_extra, record.year)
    first = ResourceImporter().export(record)
    assert first["title"] == document["title"]
    for key in ("resourceLinks", "resourceTypes", "publicationDate", "gbfTargets", "cbdSubjects"):
        assert first[key] == document[key], key
    for key in ("authors", "organizations", "covers", "aichiTargets", "rights"):
        assert first[key] == document[key], key
    assert sorted(t["identifier"] for t in first["countryRegions"]) == sorted(
        t["identifier"] for t in document["countryRegions"]
    )
    Provenance.objects.all().delete()
    record.delete()
    cbd_harvest(source, copy.deepcopy(first))
    again = ResourcePage.objects.get()
    assert ResourceImporter().export(again) == first
    assert (again.title, again.summary, again.translations, again.cbd_extra, again.year) == before


def test_a_resource_made_here_exports_a_document_the_importer_accepts(source, resource_index):
    page = ResourcePageFactory(
        parent=resource_index,
        title="Páramo restoration toolkit",
        summary="How to **restore** páramo.",
        resource_type=ResourcePage.ResourceType.TOOL,
        year=2023,
    )
    page.countries.set([Country.objects.get(code="PE")])
    page.targets.set([Target.objects.get(number=2)])
    page.save_revision().publish()
    document = ResourceImporter().export(ResourcePage.objects.get(pk=page.pk))
    assert document["header"]["identifier"] == str(page.uuid).upper()
    assert document["resourceTypes"][0]["customValue"] == {"en": "Tool"}
    assert document["publicationDate"] == "2023"
    run = cbd_harvest(source, document)
    assert (run.created, run.rejected) == (1, 0), run.report
    copied = ResourcePage.objects.get(cbd_identifier=document["header"]["identifier"])
    assert copied.resource_type == ResourcePage.ResourceType.TOOL and copied.year == 2023
    assert copied.summary == page.summary and copied.link == page.link
    assert ResourceImporter().export(copied) == document

"""The harvest pipeline's rules, with an importer of thematic areas registered by the test:
one record per source record, bad records refused alone, nothing half-written, references
resolved when their target arrives later in the run."""

import pytest

from exchange import harvesting
from exchange.harvesting import Importer, Incoming, RecordRejected, SourceError, harvest
from exchange.models import HarvestSource, Provenance, RunStatus, SourceKind, provenance_of
from taxonomy.models import ThematicArea

pytestmark = pytest.mark.django_db


class AreaImporter(Importer):
    kind = harvesting.CBD
    schema = "testArea"
    model = ThematicArea

    def save(self, document, record, context):
        if not isinstance(document.get("name"), str):
            raise RecordRejected("name: expected text")
        record = record or ThematicArea(slug=document["slug"])
        record.name = document["name"]
        related = document.get("related")
        if related:
            target = context.resolve(related)
            record.description = f"see {target.slug}" if target else ""
        record.save()
        if document.get("explode_after_save"):
            raise RuntimeError("disk full")
        return record


@pytest.fixture(autouse=True)
def importer():
    harvesting.register(AreaImporter)
    yield
    harvesting.unregister(harvesting.CBD, "testArea")


@pytest.fixture
def source():
    return HarvestSource.objects.create(
        name="Test CHM", slug="test", kind=SourceKind.CBD_FILE, url="/dev/null"
    )


def item(uid, **document):
    document.setdefault("slug", f"area-{uid.lower()}")
    return Incoming(schema="testArea", identifier=f"{uid}@1", document=document)


def test_creates_then_updates_never_duplicates(source):
    run = harvest(source, [item("A1", name="Wetlands")])
    assert (run.created, run.updated, run.status) == (1, 0, RunStatus.SUCCEEDED)
    area = ThematicArea.objects.get(slug="area-a1")
    provenance = provenance_of(area)
    assert (provenance.source, provenance.original_id, provenance.original_revision) == (
        source,
        "A1",
        "1",
    )

    again = harvest(source, [item("A1", name="Wetlands")])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    changed = harvest(source, [item("A1", name="Inland wetlands")])
    assert (changed.created, changed.updated) == (0, 1)
    assert ThematicArea.objects.filter(slug="area-a1").count() == 1
    assert ThematicArea.objects.get(slug="area-a1").name == "Inland wetlands"


def test_a_bad_record_is_refused_alone_with_its_reason(source):
    run = harvest(
        source,
        [item("B1", name=7), item("B2", name="Forests"), Incoming("unknownSchema", "C", {})],
    )
    assert run.status == RunStatus.PARTIAL
    assert (run.created, run.rejected) == (1, 2)
    reasons = {entry["identifier"]: entry["reason"] for entry in run.report}
    assert reasons["B1@1"] == "name: expected text"
    assert "unknownSchema" in reasons["C"]
    assert not ThematicArea.objects.filter(slug="area-b1").exists()


def test_a_record_failing_after_its_save_leaves_nothing(source):
    run = harvest(source, [item("D1", name="Oceans", explode_after_save=True)])
    assert run.rejected == 1 and "disk full" in run.report[0]["reason"]
    assert not ThematicArea.objects.filter(slug="area-d1").exists()
    assert not Provenance.objects.exists()


def test_a_source_failing_half_way_keeps_whole_records_and_says_why(source):
    def documents():
        yield item("E1", name="Soils")
        raise SourceError("connection reset")

    run = harvest(source, documents())
    assert run.status == RunStatus.FAILED and run.error == "connection reset"
    assert ThematicArea.objects.get(slug="area-e1").name == "Soils"
    assert run.finished_at is not None


def test_references_resolve_when_the_target_arrives_later_in_the_run(source):
    run = harvest(source, [item("F1", name="Coasts", related="F2@3"), item("F2", name="Reefs")])
    assert run.created == 2
    coasts = ThematicArea.objects.get(slug="area-f1")
    assert coasts.description == "see area-f2"
    assert provenance_of(coasts).unresolved_references == []


def test_an_unresolvable_reference_is_kept(source):
    harvest(source, [item("G1", name="Rivers", related="NOPE@2")])
    area = ThematicArea.objects.get(slug="area-g1")
    assert provenance_of(area).unresolved_references == ["NOPE@2"]

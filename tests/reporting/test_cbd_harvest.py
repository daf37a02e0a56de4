"""Reporting records harvested from the CBD: the example nbsap, nationalTarget7 and
nationalTarget7Mapping records come in through ``harvest()`` from a file source and from the
CBD API (a fake fetch), published, with every language and their provenance; harvested again
they update the same record; bad documents are refused one by one; export → import → export
gives the same document."""

import copy
import json
from pathlib import Path

import pytest

from exchange import cbd_sources
from exchange.harvesting import get_importer, harvest, run_source
from exchange.models import HarvestSource, RunStatus, SourceKind, provenance_of
from reporting.cbd import to_cbd
from reporting.cbd_mapping import mapping_to_cbd
from reporting.models import NBSAP, NationalTarget, ReviewStatus, TargetMapping

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SCHEMAS = ["nbsap", "nationalTarget7", "nationalTarget7Mapping"]


def example(schema):
    return json.loads((DATA / f"{schema}.json").read_text())["records"][0]


def file_source(tmp_path, documents, slug="cbd-file"):
    path = tmp_path / f"{slug}.json"
    path.write_text(json.dumps(documents))
    return HarvestSource.objects.create(
        name="CBD file", slug=slug, kind=SourceKind.CBD_FILE, url=str(path)
    )


def test_the_examples_harvest_from_a_file_published_with_every_language(tmp_path):
    source = file_source(tmp_path, [example(schema) for schema in SCHEMAS])
    run = run_source(source)
    assert (run.status, run.created, run.rejected) == (RunStatus.SUCCEEDED, 3, 0), run.report

    nbsap = NBSAP.objects.get(cbd_identifier=example("nbsap")["header"]["identifier"])
    assert nbsap.live and nbsap.review_status == ReviewStatus.PUBLISHED
    assert nbsap.translations["ar"]["title"] == example("nbsap")["title"]["ar"]
    assert nbsap.live_revision is not None

    target = NationalTarget.objects.get()
    assert (
        target.live
        and target.translations["fr"]["title"] == example("nationalTarget7")["title"]["fr"]
    )

    mapping = TargetMapping.objects.get()
    assert mapping.country.code == "CO" and mapping.target.identifier == "GBF-TARGET-10"
    assert mapping.elements_covered.startswith("National targets cover agriculture")
    assert mapping.translations["es"]["elements_covered"].startswith("Las metas nacionales")
    periods = list(mapping.reference_periods.all())
    assert [p.has_reference_period for p in periods] == [True, False]
    assert periods[0].translations["ar"].startswith("2015–2022")

    provenance = provenance_of(mapping)
    assert (provenance.source, provenance.original_id, provenance.schema) == (
        source,
        "2E7ABED5-658E-F30D-8569-80BB0977E471",
        "nationalTarget7Mapping",
    )


def test_harvesting_again_updates_the_same_records(tmp_path):
    documents = [example(schema) for schema in SCHEMAS]
    source = file_source(tmp_path, documents)
    run_source(source)
    nbsap = NBSAP.objects.get()
    first_uuid = nbsap.uuid

    again = run_source(source)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    documents[0]["title"]["en"] = "A new title"
    documents[0]["documentLinks"] = documents[0]["documentLinks"][:1]
    documents[2]["referencePeriod"] = documents[2]["referencePeriod"][:1]
    Path(source.url).write_text(json.dumps(documents))
    changed = run_source(source)
    assert (changed.created, changed.updated) == (0, 2), changed.report
    nbsap = NBSAP.objects.get()
    assert nbsap.uuid == first_uuid and nbsap.title == "A new title" and nbsap.live
    assert nbsap.documents.count() == 1
    assert TargetMapping.objects.get().reference_periods.count() == 1
    assert (NBSAP.objects.count(), NationalTarget.objects.count()) == (1, 1)


def test_bad_documents_are_refused_one_by_one_with_reasons(tmp_path):
    no_title = example("nbsap")
    del no_title["title"]
    wrong_target = example("nationalTarget7Mapping")
    wrong_target["globalGoalOrTarget"] = {"identifier": "KMGBF-TARGET-01"}
    wrong_target["referencePeriod"][0]["hasReferencePeriod"] = "yes"
    source = file_source(tmp_path, [no_title, wrong_target, example("nationalTarget7")])
    run = run_source(source)
    assert (run.status, run.created, run.rejected) == (RunStatus.PARTIAL, 1, 2)
    reasons = {entry["schema"]: entry["reason"] for entry in run.report}
    assert "title: This field is required." in reasons["nbsap"]
    assert "KMGBF-TARGET-01" in reasons["nationalTarget7Mapping"]
    assert "hasReferencePeriod" in reasons["nationalTarget7Mapping"]
    assert not NBSAP.objects.exists() and not TargetMapping.objects.exists()


@pytest.mark.parametrize("schema", SCHEMAS)
def test_export_import_export_gives_the_same_document(tmp_path, schema):
    source = file_source(tmp_path, [example(schema)])
    run_source(source)
    importer = get_importer("cbd", schema)
    record = importer.model.objects.get()
    exported = importer.export(record)

    other = file_source(tmp_path, [exported], slug="other")
    importer.model.objects.all().delete()
    run = harvest(other, cbd_sources.documents_in([copy.deepcopy(exported)]))
    assert run.created == 1, run.report
    assert importer.export(importer.model.objects.get()) == exported


def test_the_mapping_exports_as_it_came():
    source = HarvestSource.objects.create(name="f", slug="f", kind=SourceKind.CBD_FILE, url="-")
    document = example("nationalTarget7Mapping")
    harvest(source, cbd_sources.documents_in([document]))
    out = mapping_to_cbd(TargetMapping.objects.get())
    assert out["header"] == document["header"] | {"languages": ["en", "ar", "es", "fr"]}
    for key in ("government", "globalGoalOrTarget", "elementOfGlobalTargetsInfo"):
        assert out[key] == document[key], key
    assert out["referencePeriod"][1] == document["referencePeriod"][1]
    info = out["referencePeriod"][0]["referencePeriodInfo"]
    assert info == document["referencePeriod"][0]["referencePeriodInfo"]
    assert list(info) == ["en", "ar", "es", "fr"]


def test_a_record_uploaded_by_hand_is_the_one_harvested_later(tmp_path):
    from reporting.cbd import from_cbd, save_imported

    uploaded = save_imported(from_cbd(example("nbsap")))
    run_source(file_source(tmp_path, [example("nbsap")]))
    assert NBSAP.objects.get().pk == uploaded.pk
    assert NBSAP.objects.get().live


def test_to_cbd_still_exports_records_written_here():
    from reporting.factories import NBSAPFactory

    record = NBSAPFactory()
    assert to_cbd(record)["header"]["schema"] == "nbsap"
    assert get_importer("cbd", "nbsap").export(record) == to_cbd(record)


def test_the_country_profile_shows_how_its_targets_cover_a_global_target(client, home_page):
    source = HarvestSource.objects.create(name="f", slug="f", kind=SourceKind.CBD_FILE, url="-")
    harvest(source, cbd_sources.documents_in([example("nationalTarget7Mapping")]))
    page = client.get("/countries/co/").content.decode()
    assert "How the national targets cover the global goals and targets" in page
    assert "aquaculture and fisheries are not covered" in page
    assert "2015–2022 (National Agricultural Census)" in page
    assert "No reference period" in page

    spanish = client.get("/es/countries/co/").content.decode()
    assert "acuicultura y la pesca no están cubiertas" in spanish


def test_a_harvested_record_is_edited_at_its_source_only(tmp_path, editor):
    from reporting import permissions
    from reporting.factories import NBSAPFactory

    run_source(file_source(tmp_path, [example("nbsap")]))
    harvested = NBSAP.objects.get()
    written_here = NBSAPFactory(country="EG")
    assert permissions.can_edit(editor, written_here)
    assert not permissions.can_edit(editor, harvested)
    assert permissions.can_view(editor, harvested)

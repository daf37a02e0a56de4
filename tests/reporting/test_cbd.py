"""Reporting records in the CBD Online Reporting Tool's shapes: the example records of
``shared/cbd-formats`` (copied to ``data/``) import with every language kept, export back to
the same document, and bad documents are refused with every problem named."""

import copy
import json
from pathlib import Path

import pytest

from reporting.cbd import CBDFormatError, from_cbd, save_imported, to_cbd
from reporting.factories import NationalTargetFactory, NBSAPFactory
from reporting.models import NBSAP, ApprovingBody, NationalTarget

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def example(name):
    return json.loads((DATA / f"{name}.json").read_text())["records"][0]


def imported(document):
    return type(save_imported(from_cbd(document))).objects.get(
        cbd_identifier=document["header"]["identifier"]
    )


def test_the_nbsap_example_imports_with_every_language():
    document = example("nbsap")
    record = imported(document)
    assert record.country.code == "EG" and not record.live
    assert record.title == document["title"]["en"]
    assert record.translations["ar"]["title"] == document["title"]["ar"]
    assert record.summary.startswith("The strategy sets 23 national targets")
    assert record.jurisdiction == "national" and record.document_status == "final"
    assert record.approving_body == ApprovingBody.MINISTER
    assert [d.language for d in record.documents.all()] == ["ar", "en"]
    assert record.cbd_extra["fields"]["approvedStatus"] == document["approvedStatus"]


def test_the_nbsap_example_goes_back_out_as_it_came():
    document = example("nbsap")
    out = to_cbd(imported(document))
    assert out["header"] == document["header"] | {"languages": ["en", "ar", "es", "fr"]}
    for key in ("government", "jurisdiction", "status", "approvingBody", "approvedStatus"):
        assert out[key] == document[key], key
    for key in ("title", "summary", "approvingBodyInfo", "relevantInformation"):
        assert out[key] == document[key], key
    assert out["startDate"] == "2025-01-01" and out["isGbfAligned"] is True
    assert [link["name"] for link in out["documentLinks"]] == [
        link["name"] for link in document["documentLinks"]
    ]


def test_the_national_target_example_round_trips():
    document = example("nationalTarget7")
    record = imported(document)
    assert record.country.code == "CA" and record.sequence == 3
    assert [(a.target.number, a.degree) for a in record.alignments.order_by("target__number")] == [
        (1, "low"),
        (3, "high"),
    ]
    assert sorted(i.code for i in record.headline_indicators.all()) == ["1.1", "3.1", "A.1", "A.2"]
    assert "**Indigenous-led**" in record.description
    out = to_cbd(record)
    for key in (
        "government",
        "title",
        "description",
        "sequence",
        "globalGoalAlignment",
        "degreeOfAlignmentInfo",
        "binaryIndicators",
        "componentIndicators",
        "complementaryIndicators",
        "otherNationalIndicators",
        "additionalImplementation",
        "implementingConsiderations",
    ):
        assert out[key] == document[key], key
    assert sorted(out["globalTargetAlignment"], key=str) == sorted(
        document["globalTargetAlignment"], key=str
    )
    assert sorted(i["identifier"] for i in out["headlineIndicators"]) == sorted(
        i["identifier"] for i in document["headlineIndicators"]
    )


def test_a_record_written_here_survives_export_and_import():
    original = NationalTargetFactory(country="KE", alignments=[(3, "medium"), (10, "low")])
    original.translations = {"fr": {"title": "Conserver 30 %"}}
    original.save()
    built = from_cbd(to_cbd(original))
    record = built.record
    assert record.title == original.title and record.country == original.country
    assert record.translations == {"fr": {"title": "Conserver 30 %"}}
    assert [(a.target.number, a.degree) for a in built.children["alignments"]] == [
        (3, "medium"),
        (10, "low"),
    ]
    assert record.description == original.description


def test_a_choice_without_a_known_cbd_identifier_leaves_as_other():
    record = NBSAPFactory(country="KE", approving_body=ApprovingBody.PARLIAMENT)
    term = to_cbd(record)["approvingBody"]
    assert term["identifier"] == "5B6177DD-5E5E-434E-8CB7-D63D67D5EBED"
    assert term["customValue"] == {"en": "Parliament"}


def test_html_arrives_sanitized():
    document = example("nationalTarget7")
    document["description"] = {
        "en": '<p>Safe <a href="javascript:alert(1)">link</a><script>alert(2)</script></p>'
    }
    record = from_cbd(document).record
    assert "script" not in record.description and "javascript" not in record.description
    assert record.description == "Safe link"


@pytest.mark.parametrize(
    ("change", "code", "prop"),
    [
        (lambda d: d.pop("title"), "Error.Mandatory", "title"),
        (lambda d: d.update(government={"identifier": "xx"}), "Error.UnexpectedTerm", "government"),
        (lambda d: d.update(title="not an lstring"), "Error.InvalidType", "title"),
        (
            lambda d: d["globalTargetAlignment"].append({"identifier": "KMGBF-TARGET-01"}),
            "Error.UnexpectedTerm",
            "globalTargetAlignment[2]",
        ),
        (lambda d: d.update(sequence=0), "Error.InvalidValue", "sequence"),
        (
            lambda d: d.update(headlineIndicators=["3.1"]),
            "Error.InvalidType",
            "headlineIndicators[0]",
        ),
    ],
)
def test_a_bad_target_is_refused_with_its_reason(change, code, prop):
    document = copy.deepcopy(example("nationalTarget7"))
    change(document)
    with pytest.raises(CBDFormatError) as refused:
        from_cbd(document)
    assert {"code": code, "property": prop} in [
        {"code": e["code"], "property": e["property"]} for e in refused.value.errors
    ]
    assert not NationalTarget.objects.exists()


def test_every_problem_of_a_bad_nbsap_is_named_at_once():
    document = example("nbsap")
    document.update(
        startDate="2030-01-01",
        endDate="2025-01-01",
        jurisdiction={"identifier": "00000000-0000"},
        documentLinks="none",
    )
    with pytest.raises(CBDFormatError) as refused:
        from_cbd(document)
    found = {(e["code"], e["property"]) for e in refused.value.errors}
    assert found == {
        ("Error.InvalidValue", "endDate"),
        ("Error.UnexpectedTerm", "jurisdiction"),
        ("Error.InvalidType", "documentLinks"),
    }
    assert not NBSAP.objects.exists()


@pytest.mark.parametrize("document", [None, [], "x", {"header": {"schema": "contact"}}])
def test_what_is_not_a_supported_document_is_refused(document):
    with pytest.raises(CBDFormatError):
        from_cbd(document)

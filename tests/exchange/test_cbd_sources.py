"""The CBD source readers: a file in any of the shapes the CBD serves (one document, a list,
the documents API's ``{Count, Items}``, an index answer), and the CBD API through a fake
fetch (the index paged, each body fetched). Whatever cannot be read fails the run and keeps
what was saved; a bad item is refused alone."""

import json
from pathlib import Path

import pytest

from cooperation.models import Offer, SupportRequest
from exchange import cbd_sources
from exchange.harvesting import SourceError, run_source
from exchange.models import HarvestRun, HarvestSource, RunStatus, SourceKind, provenance_of
from reporting.models import NBSAP, NationalTarget, TargetMapping

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).parent.parent
BASE = "https://api.example.int"


def example(schema):
    folder = "cooperation" if schema.startswith("bbi") else "reporting"
    return json.loads((TESTS / folder / "data" / f"{schema}.json").read_text())["records"][0]


def file_source(tmp_path, data):
    path = tmp_path / "cbd.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return HarvestSource.objects.create(
        name="CBD file", slug="cbd-file", kind=SourceKind.CBD_FILE, url=str(path)
    )


def envelope(document, revision=3):
    uid = document["header"]["identifier"]
    return {
        "identifier": uid,
        "revision": revision,
        "metadata": {"schema": document["header"]["schema"]},
        "realm": "ORT",
        "body": document,
    }


def test_a_single_document_file(tmp_path):
    run = run_source(file_source(tmp_path, example("nbsap")))
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 1)


def test_a_documents_api_list_keeps_each_revision(tmp_path):
    data = {"Count": 2, "Items": [envelope(example("nbsap")), {"identifier": "X", "body": None}]}
    run = run_source(file_source(tmp_path, data))
    assert (run.created, run.rejected) == (1, 1)
    assert provenance_of(NBSAP.objects.get()).original_revision == "3"
    assert run.report[0]["identifier"] == "X" and "no document body" in run.report[0]["reason"]


def test_an_index_answer_file_refuses_entries_without_a_body(tmp_path):
    data = {
        "response": {
            "numFound": 2,
            "start": 0,
            "docs": [
                {"identifier_s": "A1", "schema_s": "nbsap", "_revision_i": 2},
                {"identifier_s": "N1", "schema_s": "news", "title_EN_t": "News"},
            ],
        }
    }
    run = run_source(file_source(tmp_path, data))
    assert (run.created, run.rejected) == (0, 2)
    reasons = {entry["identifier"]: entry["reason"] for entry in run.report}
    assert "no document body" in reasons["A1@2"]
    assert "'news' are not harvested" in reasons["N1"]


@pytest.mark.parametrize(
    "content, message",
    [("{not json", "not JSON"), (None, "No such file")],
)
def test_an_unreadable_file_fails_the_run(tmp_path, content, message):
    source = file_source(tmp_path, content or "")
    if content is None:
        Path(source.url).unlink()
    run = run_source(source)
    assert run.status == RunStatus.FAILED and message in run.error


def test_items_that_are_not_documents_are_refused_alone(tmp_path):
    run = run_source(file_source(tmp_path, [7, {"title": {}}, example("nationalTarget7")]))
    assert (run.created, run.rejected) == (1, 2)
    assert [entry["reason"] for entry in run.report] == [
        "A CBD document is a JSON object.",
        "The document has no header.",
    ]


# --- the API -----------------------------------------------------------------------------------


def index_doc(schema, uid, revision=1):
    return {
        "identifier_s": uid,
        "schema_s": schema,
        "_revision_i": revision,
        "url_ss": [f"https://ort.example.int/{uid}"],
    }


class FakeCBD:
    """The index and documents APIs, from the example records; ``fail_after`` documents
    served, the next fetch fails."""

    def __init__(self, documents, fail_after=None, rows=2):
        self.documents = {}
        self.docs = []
        for document in documents:
            uid = document.get("_id") or document["header"]["identifier"]
            schema = document["header"]["schema"] if "header" in document else "bbiRequest"
            self.documents[uid] = document
            self.docs.append(index_doc(schema, uid))
        self.fail_after = fail_after
        self.rows = rows
        self.served = 0
        self.queries = []

    def __call__(self, url, params=None):
        if url == f"{BASE}/api/v2013/index":
            self.queries.append(params)
            start = params["start"]
            page = self.docs[start : start + params["rows"]]
            return {"response": {"numFound": len(self.docs), "start": start, "docs": page}}
        if self.fail_after is not None and self.served >= self.fail_after:
            raise SourceError(f"{url}: timed out")
        uid = url.rsplit("/", 1)[-1]
        if uid not in self.documents:
            raise cbd_sources.DocumentMissing(f"{url}: not found (HTTP 404).")
        kind = "bbi-requests" if "_id" in self.documents[uid] else "documents"
        assert f"/{kind}/" in url
        self.served += 1
        return self.documents[uid]


def api_source(**parameters):
    return HarvestSource.objects.create(
        name="CBD",
        slug="cbd",
        kind=SourceKind.CBD,
        url=BASE + "/",
        parameters={"realm": "ORT", "rows": 2, **parameters},
    )


ALL = ["nbsap", "nationalTarget7", "nationalTarget7Mapping", "bbiRequest", "bbiOpportunity"]


def test_the_api_reader_pages_the_index_and_fetches_every_body(monkeypatch):
    fake = FakeCBD([example(schema) for schema in ALL])
    monkeypatch.setattr(cbd_sources, "fetch", fake)
    source = api_source()
    run = run_source(source)
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 5), run.report
    assert len(fake.queries) == 3 and [q["start"] for q in fake.queries] == [0, 2, 4]
    query = fake.queries[0]
    assert "_state_s:public" in query["fq"] and "realm_ss:ORT" in query["fq"]
    assert "schema_s:(" in query["q"] and "bbiOpportunity" in query["q"]
    for model in (NBSAP, NationalTarget, TargetMapping, SupportRequest, Offer):
        record = model.objects.get()
        provenance = provenance_of(record)
        assert provenance.original_revision == "1" and provenance.original_url.startswith(
            "https://ort.example.int/"
        )

    again = run_source(source)
    assert (again.created, again.unchanged) == (0, 5)
    assert any(f.startswith("updatedDate_dt:[") for f in fake.queries[-1]["fq"])


def test_the_api_asks_only_for_the_sources_record_types(monkeypatch):
    fake = FakeCBD([example("nbsap")])
    monkeypatch.setattr(cbd_sources, "fetch", fake)
    source = api_source()
    source.record_types = ["nbsap"]
    source.save()
    run_source(source)
    assert fake.queries[0]["q"] == "schema_s:(nbsap)"


def test_a_source_failing_half_way_keeps_complete_records_and_fails_the_run(monkeypatch):
    monkeypatch.setattr(
        cbd_sources, "fetch", FakeCBD([example(schema) for schema in ALL], fail_after=2)
    )
    run = run_source(api_source())
    assert run.status == RunStatus.FAILED and "timed out" in run.error
    assert run.created == 2
    assert NBSAP.objects.get().live and NationalTarget.objects.get().alignments.exists()
    assert not TargetMapping.objects.exists() and not SupportRequest.objects.exists()


def test_a_missing_body_is_refused_and_the_run_goes_on(monkeypatch):
    fake = FakeCBD([example("nbsap"), example("bbiOpportunity")])
    fake.docs.insert(0, index_doc("nationalTarget7", "GONE-0000-0000"))
    monkeypatch.setattr(cbd_sources, "fetch", fake)
    run = run_source(api_source())
    assert (run.status, run.created, run.rejected) == (RunStatus.PARTIAL, 2, 1)
    assert "not found" in run.report[0]["reason"]


def test_an_answer_that_is_not_an_index_fails_the_run(monkeypatch):
    monkeypatch.setattr(cbd_sources, "fetch", lambda url, params=None: {"error": "down"})
    run = run_source(api_source())
    assert run.status == RunStatus.FAILED and "not an index response" in run.error
    assert HarvestRun.objects.count() == 1


def test_a_source_that_is_not_http_fails_cleanly():
    source = api_source()
    source.url = "file:///etc/passwd"
    source.save()
    run = run_source(source)
    assert run.status == RunStatus.FAILED and "http" in run.error


def test_fetch_refuses_other_schemes():
    with pytest.raises(SourceError):
        cbd_sources.fetch("file:///etc/passwd")

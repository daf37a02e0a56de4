"""The taxonomy as SKOS: both serializations parse (rdflib) and say the same thing."""

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from taxonomy.models import Goal, HeadlineIndicator, LocalContextsLabel, Target

pytestmark = pytest.mark.django_db

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
BASE = "http://testserver.example"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.BASE_URL = BASE


def _graph(client, url, fmt):
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format=fmt), response


@pytest.fixture
def translated_target():
    target = Target.objects.get(number=7)
    translations = dict(target.translations)
    translations["ar"] = {"label": 'التلوث "والمبيدات"\n', "status": "draft", "source": ""}
    target.translations = translations
    target.save()
    return target


@pytest.mark.parametrize(
    ("url", "fmt"), [("/taxonomy/skos.ttl", "turtle"), ("/taxonomy/skos.jsonld", "json-ld")]
)
def test_every_scheme_parses_with_counts_notations_and_links(client, url, fmt, translated_target):
    graph, response = _graph(client, url, fmt)
    assert response["Content-Type"].startswith(
        "text/turtle" if fmt == "turtle" else "application/ld+json"
    )
    assert response["ETag"]
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 9
    targets = URIRef(f"{BASE}/taxonomy/targets")
    assert len(set(graph.subjects(SKOS.inScheme, targets))) == Target.objects.count() == 23
    labels = URIRef(f"{BASE}/taxonomy/local-contexts-labels")
    assert len(set(graph.subjects(SKOS.inScheme, labels))) == LocalContextsLabel.objects.count()

    seven = URIRef(f"{BASE}/taxonomy/targets/GBF-TARGET-07")
    assert graph.value(seven, SKOS.notation) == Literal("GBF-TARGET-07")
    assert (seven, SKOS.topConceptOf, targets) in graph
    assert (
        seven,
        SKOS.exactMatch,
        URIRef("https://api.cbd.int/api/v2013/thesaurus/terms/GBF-TARGET-07"),
    ) in graph
    # Quotes and a new line in a label survive the escaping.
    assert Literal('التلوث "والمبيدات"\n', lang="ar") in set(graph.objects(seven, SKOS.prefLabel))
    assert graph.value(seven, SKOS.definition) is not None

    # Indicator -> goal and targets, both ways.
    indicator = HeadlineIndicator.objects.exclude(targets=None).first()
    uri = URIRef(f"{BASE}/taxonomy/indicators/{indicator.code}")
    target_uri = URIRef(f"{BASE}/taxonomy/targets/{indicator.targets.first().identifier}")
    assert (uri, SKOS.broader, target_uri) in graph
    assert (target_uri, SKOS.narrower, uri) in graph

    # Country -> region; region -> country.
    kenya = URIRef(f"{BASE}/taxonomy/countries/KE")
    africa = URIRef(f"{BASE}/taxonomy/regions/002")
    assert (kenya, SKOS.broader, africa) in graph and (africa, SKOS.narrower, kenya) in graph


def test_labels_come_in_the_six_languages(client):
    graph, _response = _graph(client, "/taxonomy/countries.ttl", "turtle")
    kenya = URIRef(f"{BASE}/taxonomy/countries/KE")
    languages = {label.language for label in graph.objects(kenya, SKOS.prefLabel)}
    assert languages == {"ar", "zh-Hans", "en", "fr", "ru", "es"}
    goal = Goal.objects.get(letter="A")
    graph, _response = _graph(client, "/taxonomy/goals.jsonld", "json-ld")
    goal_uri = URIRef(f"{BASE}/taxonomy/goals/{goal.identifier}")
    goal_languages = {label.language for label in graph.objects(goal_uri, SKOS.prefLabel)}
    assert "en" in goal_languages and len(goal_languages) == 1 + sum(
        1 for code in ("ar", "zh-hans", "fr", "ru", "es") if goal.translation_entry(code)
    )


def test_one_scheme_holds_its_own_concepts_only(client):
    graph, _response = _graph(client, "/taxonomy/goals.ttl", "turtle")
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == 4
    assert len(set(graph.subjects(RDF.type, SKOS.ConceptScheme))) == 1


def test_goals_and_targets_match_the_cbd_thesaurus_identifiers(client):
    thesaurus = Path("/work/shared/cbd-formats/thesaurus-gbf.json")
    if not thesaurus.exists():
        pytest.skip("the CBD thesaurus example is not available")
    domains = json.loads(thesaurus.read_text())["domains"]
    identifiers = {
        term["identifier"] for key in ("GBF-TARGETS", "GBF-GOALS") for term in domains.get(key, [])
    }
    graph, _response = _graph(client, "/taxonomy/skos.ttl", "turtle")
    matched = {
        str(o).rsplit("/", 1)[-1]
        for o in graph.objects(None, SKOS.exactMatch)
        if "api.cbd.int" in str(o)
    }
    assert identifiers and identifiers <= matched


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("", "application/ld+json"),
    ],
)
def test_content_negotiation(client, accept, content_type):
    response = client.get("/taxonomy/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "Accept" in response["Vary"]


def test_etag_answers_not_modified(client):
    first = client.get("/taxonomy/regions.ttl")
    again = client.get("/taxonomy/regions.ttl", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get("/taxonomy/regions.ttl", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/taxonomy/unknown.ttl",
        "/taxonomy/..%2Fsecrets.jsonld",
        "/taxonomy/goals.xml",
        "/taxonomy/%00.ttl",
    ],
)
def test_unknown_schemes_and_formats_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_writes_are_refused(client):
    assert client.post("/taxonomy/skos.ttl").status_code == 405

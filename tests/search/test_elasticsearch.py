"""The Elasticsearch backend: mappings and query bodies checked as data (no server needed),
plus live tests that run only when ELASTICSEARCH_URL points at a cluster."""

import os
import uuid
from datetime import date

import pytest

from search.backends import Query, get_backend
from search.backends.base import MARK_END, MARK_START
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    build_search,
    build_suggest,
    index_template,
    to_source,
)

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


def test_one_setting_switches_the_backend(settings):
    settings.ELASTICSEARCH_URL = "http://search.example:9200"
    assert isinstance(get_backend(), ElasticsearchBackend)
    settings.ELASTICSEARCH_URL = ""
    assert type(get_backend()).__name__ == "DatabaseBackend"


def test_the_index_template_maps_six_languages_facets_and_suggestions():
    template = index_template("chm").to_dict()
    assert template["index_patterns"] == ["chm-records*"]
    properties = template["template"]["mappings"]["properties"]
    for field in ("title", "summary", "text"):
        analyzers = {code: sub["analyzer"] for code, sub in properties[field]["fields"].items()}
        assert analyzers == {
            "ar": "arabic",
            "zh": "cjk",
            "en": "english",
            "fr": "french",
            "ru": "russian",
            "es": "spanish",
        }
    for field in ("type", "countries", "regions", "targets", "thematic_areas"):
        assert properties[field] == {"type": "keyword"}
    assert properties["constituencies"] == properties["language"] == {"type": "keyword"}
    assert properties["audiences"] == {"type": "keyword"}
    assert properties["published"] == {"type": "date"}
    assert properties["suggest"]["type"] == "completion"
    assert properties["suggest"]["contexts"][0]["name"] == "audience"


def test_the_query_body_filters_by_audience_and_counts_facets_disjunctively():
    query = Query(
        text='forest "OR" title:(x) ~2',
        filters={"country": ["KE", "TZ"], "target": ["GBF-TARGET-03"]},
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        audiences=frozenset({"public", "members"}),
        page=2,
        page_size=20,
    )
    body = build_search(query, "chm-records").to_dict()

    bool_query = body["query"]["bool"]
    # The words go to multi_match, which never parses query syntax.
    assert {clause["multi_match"]["query"] for clause in bool_query["should"]} == {query.text}
    assert {"terms": {"audiences": ["members", "public"]}} in bool_query["filter"]
    range_filter = {"range": {"published": {"gte": "2024-01-01", "lt": "2025-01-01"}}}
    assert range_filter in bool_query["filter"]
    assert body["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"countries": ["KE", "TZ"]}},
                {"terms": {"targets": ["GBF-TARGET-03"]}},
            ]
        }
    }
    # Each facet's counts apply every other facet's filter, never its own.
    assert body["aggs"]["country"]["filter"] == {
        "bool": {"filter": [{"terms": {"targets": ["GBF-TARGET-03"]}}]}
    }
    assert body["aggs"]["type"]["filter"]["bool"]["filter"] == body["post_filter"]["bool"]["filter"]
    assert body["aggs"]["language"]["aggs"]["values"]["terms"]["field"] == "language"
    assert body["highlight"]["pre_tags"] == [MARK_START]
    assert body["highlight"]["post_tags"] == [MARK_END]
    assert body["from"] == 20 and body["size"] == 20
    assert body["sort"][0] == "_score"


def test_every_facet_is_mapped_filtered_and_counted_from_the_one_list():
    from exchange.serializers import SUPERUSER
    from search.facets import FACETS

    properties = index_template("chm").to_dict()["template"]["mappings"]["properties"]
    filters = {name: ["x"] for name in FACETS}
    body = build_search(Query(filters=filters, audiences=frozenset({"public"})), "chm-records")
    body = body.to_dict()
    for name, facet in FACETS.items():
        assert properties[facet.key] == {"type": "keyword"}
        assert body["aggs"][name]["aggs"]["values"]["terms"]["field"] == facet.key
        assert {"terms": {facet.key: ["x"]}} in body["post_filter"]["bool"]["filter"]
    everything = build_search(Query(audiences=frozenset({SUPERUSER})), "chm-records").to_dict()
    assert "audiences" not in str(everything.get("query", ""))


def test_superusers_search_without_an_audience_filter_and_date_sort_skips_scores():
    body = build_search(
        Query(audiences=frozenset({"public", "*"}), sort="date", with_facets=False),
        "chm-records",
    ).to_dict()
    assert "query" not in body or "audiences" not in str(body["query"])
    assert "aggs" not in body
    assert body["sort"] == [{"published": {"order": "desc", "missing": "_last"}}]


def test_suggestions_are_limited_to_the_searchers_audiences():
    body = build_suggest("mangr", {"public"}, "chm-records").to_dict()
    completion = body["suggest"]["titles"]["completion"]
    assert body["suggest"]["titles"]["prefix"] == "mangr"
    assert completion["contexts"] == {"audience": ["public"]}


def test_documents_carry_facets_audiences_and_suggest_inputs():
    source = to_source(
        {
            "uuid": "7d7e3e0e-2222-4222-8222-222222222222",
            "type": "news",
            "title": "Mangrove restoration works",
            "summary": "s",
            "text": "t",
            "published": "2025-01-01T00:00:00+00:00",
            "language": "fr",
            "countries": ["KE"],
            "regions": ["002"],
            "targets": ["GBF-TARGET-02"],
            "thematic_areas": [],
            "constituencies": ["youth"],
            "audiences": ["members"],
        }
    )
    assert source["type"] == "news" and source["language"] == "fr"
    assert source["countries"] == ["KE"] and source["constituencies"] == ["youth"]
    assert source["audiences"] == ["members"]
    assert source["suggest"]["input"][:2] == [
        "Mangrove restoration works",
        "restoration works",
    ]
    assert source["suggest"]["contexts"]["audience"] == ["members", "*"]


def test_an_unreachable_cluster_is_reported_as_unavailable():
    from search.backends.base import SearchUnavailable

    backend = ElasticsearchBackend("http://127.0.0.1:9", prefix="chm-unreachable")
    with pytest.raises(SearchUnavailable):
        backend.search(Query(text="x", audiences=frozenset({"public"})))


@pytest.mark.elasticsearch
@pytest.mark.skipif(not ES_URL, reason="set ELASTICSEARCH_URL to run live Elasticsearch tests")
def test_live_index_search_facets_and_suggest(settings):
    prefix = f"chm-test-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(ES_URL, prefix=prefix)
    try:
        backend.clear()
        documents = [
            {
                "uuid": str(uuid.uuid4()),
                "type": "news",
                "title": title,
                "summary": "",
                "text": text,
                "language": "en",
                "countries": countries,
                "audiences": audiences,
            }
            for title, text, countries, audiences in [
                ("Mangrove restoration", "coastal work", ["KE"], ["public"]),
                ("Seed banks", "mangrove seeds", ["TZ"], ["public"]),
                ("Mangrove members", "private", ["KE"], ["members"]),
            ]
        ]
        backend.bulk_index([(d, None) for d in documents], refresh=True)
        results = backend.search(Query(text="mangrove", audiences=frozenset({"public"})))
        assert [hit.title for hit in results.hits] == ["Mangrove restoration", "Seed banks"]
        assert dict(results.facets["country"]) == {"KE": 1, "TZ": 1}
        assert "<mark>" in str(results.hits[0].title_html)
        suggestions = backend.suggest("mang", {"public"})
        assert [s["title"] for s in suggestions] == ["Mangrove restoration"]
    finally:
        backend.client.options(ignore_status=404).indices.delete(index=f"{prefix}-records")

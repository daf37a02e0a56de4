"""Capped counts (``SEARCH_COUNT_CAP``): on PostgreSQL a word query sorted by relevance reads at
most that many matches. Up to the cap its answer is exactly the uncapped one; beyond it the
total and facet counts are lower bounds (``Results.approximate``), title and summary matches
are read first, and the page says the counts are approximate. Other databases always count
exactly."""

import pytest

from django.db import connection
from django.test import override_settings

from search.backends import Query, get_backend
from search.factories import SearchDocumentFactory

from .conftest import day, titles

pytestmark = pytest.mark.django_db

PUBLIC = frozenset({"public"})
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the cap applies to PostgreSQL's one-scan query"
)


def estuary(title, countries, when, *, text="", audiences=("public",), record_type="news"):
    return SearchDocumentFactory(
        title=title,
        summary="A record.",
        text=text,
        record_type=record_type,
        published=when,
        audiences=list(audiences),
        facets=[f"type:{record_type}"] + [f"country:{code}" for code in countries],
    )


@pytest.fixture
def estuaries():
    """Six records about estuaries: two with the word in their title (ranked above 0), four in
    their text only; one of those for members only."""
    estuary("Estuary birds", ["KE"], day(2025, 1, 1))
    estuary("Estuary fish", ["BR"], day(2025, 2, 1))
    estuary("Mud flats", ["KE"], day(2025, 3, 1), text="Life in the estuary mud.")
    estuary("Salt marsh", ["BR"], day(2025, 4, 1), text="Where the estuary meets the sea.")
    estuary("Tides", ["KE"], day(2025, 5, 1), text="The estuary at high tide.")
    estuary("Members' notes", ["KE"], day(2025, 6, 1), text="estuary", audiences=["members"])


def search(text="estuary", **kwargs):
    kwargs.setdefault("audiences", PUBLIC)
    return get_backend().search(Query(text=text, **kwargs))


def answer(results):
    return (titles(results), results.total, results.facets, results.approximate)


def test_up_to_the_cap_the_answer_is_exactly_the_uncapped_one(estuaries):
    queries = [
        {},
        {"filters": {"country": ["KE"]}},
        {"filters": {"country": ["KE"], "type": ["news"]}, "page_size": 2, "page": 2},
        {"text": "estuary -tide"},
        {"with_facets": False},
    ]
    for kwargs in queries:
        with override_settings(SEARCH_COUNT_CAP=None):
            exact = answer(search(**kwargs))
        for cap in (6, 7, 100, 0, -1):  # six matches in all, one restricted; 0 or less: none
            with override_settings(SEARCH_COUNT_CAP=cap):
                assert answer(search(**kwargs)) == exact, (kwargs, cap)
        assert exact[3] is False


@postgres_only
def test_beyond_the_cap_counts_are_lower_bounds_and_title_matches_come_first(estuaries):
    with override_settings(SEARCH_COUNT_CAP=3):
        results = search()

    assert results.approximate is True
    # At most cap + 1 matches are read: the two title matches first, so they head the page.
    assert titles(results)[:2] == ["Estuary fish", "Estuary birds"]
    assert 3 <= results.total <= 4
    counts = dict(results.facets["country"])
    assert sum(counts.values()) == results.total
    assert counts["KE"] <= 3 and counts["BR"] <= 2


@postgres_only
def test_excluded_words_are_still_excluded_beyond_the_cap(estuaries):
    with override_settings(SEARCH_COUNT_CAP=1):
        results = search("estuary -birds")

    assert results.approximate is True
    assert "Estuary birds" not in titles(results)
    assert titles(results)[0] == "Estuary fish"


@postgres_only
def test_sorting_by_date_is_never_capped(estuaries):
    with override_settings(SEARCH_COUNT_CAP=1):
        results = search(sort="date")

    assert results.approximate is False
    assert results.total == 5
    assert titles(results)[0] == "Tides"  # the newest public match, whichever are read first


@postgres_only
def test_when_none_of_the_matches_read_passes_the_filters_all_are_read(estuaries):
    estuary("Delta", ["FJ"], day(2024, 1, 1), text="An estuary delta.")

    with override_settings(SEARCH_COUNT_CAP=2):
        results = search(filters={"country": ["FJ"]})

    assert results.approximate is False
    assert results.fuzzy is False
    assert titles(results) == ["Delta"]
    assert dict(results.facets["country"]) == {"KE": 3, "BR": 2, "FJ": 1}


@postgres_only
def test_a_new_changed_or_deleted_match_is_counted_at_once_under_the_cap(estuaries):
    with override_settings(SEARCH_COUNT_CAP=10):
        before = search()
        added = estuary("Estuary crabs", ["FJ"], day(2025, 7, 1))
        after_add = search()
        added.title, added.summary = "Crabs", "No longer about it."
        added.save()
        after_change = search()
        added.delete()
        after_delete = search()

    assert before.total == 5 and after_add.total == 6 and after_change.total == 5
    assert "FJ" in dict(after_add.facets["country"])
    assert "FJ" not in dict(after_change.facets["country"])
    assert answer(after_delete) == answer(before)


def test_the_page_says_when_counts_are_approximate(client, estuaries, settings):
    settings.SEARCH_COUNT_CAP = 3
    response = client.get("/search/", {"q": "estuary"})
    html = response.content.decode()

    assert response.status_code == 200
    if connection.vendor == "postgresql":
        assert "counts shown are lower bounds" in html
        assert "+ results for" in html
    else:
        assert "5 results for" in html
        assert "counts shown are lower bounds" not in html


def test_exact_counts_carry_no_note(client, estuaries, settings):
    settings.SEARCH_COUNT_CAP = 100
    response = client.get("/search/", {"q": "estuary", "country": "KE"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "3 results for" in html
    assert "lower bounds" not in html

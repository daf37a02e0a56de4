"""Facet counts and filters of word queries, which PostgreSQL answers from one scan of the
matches (with facet tokens as numbers kept by a trigger) and SQLite with one query per count:
both must give the same answers."""

import pytest

from search.backends import Query, get_backend
from search.factories import SearchDocumentFactory
from search.models import SearchDocument

from .conftest import day, titles

pytestmark = pytest.mark.django_db

PUBLIC = frozenset({"public"})


def lagoon(title, record_type, countries, targets, when, audiences=("public",)):
    return SearchDocumentFactory(
        title=f"{title} lagoon",
        record_type=record_type,
        published=when,
        audiences=list(audiences),
        facets=[f"type:{record_type}"]
        + [f"country:{code}" for code in countries]
        + [f"target:{target}" for target in targets],
    )


@pytest.fixture
def lagoons():
    lagoon("Kenyan news", "news", ["KE"], ["T1"], day(2025, 1, 1))
    lagoon("Kenyan report", "news", ["KE"], ["T2"], day(2025, 2, 1))
    lagoon("Brazilian page", "page", ["BR"], ["T1"], day(2025, 3, 1))
    lagoon("Brazilian news", "news", ["BR"], ["T2"], day(2025, 4, 1))
    lagoon("Members only", "news", ["KE"], ["T1"], day(2025, 5, 1), audiences=["members"])


def search(**kwargs):
    kwargs.setdefault("audiences", PUBLIC)
    return get_backend().search(Query(text="lagoon", **kwargs))


def test_two_filters_count_each_facet_without_its_own_filter_and_never_restricted_records(
    lagoons,
):
    results = search(filters={"country": ["KE"], "type": ["news"]})

    assert results.total == 2
    assert sorted(titles(results)) == ["Kenyan news lagoon", "Kenyan report lagoon"]
    # Country counts keep the type filter only; type counts keep the country filter only.
    assert dict(results.facets["country"]) == {"KE": 2, "BR": 1}
    assert dict(results.facets["type"]) == {"news": 2}
    # An unfiltered facet counts within both filters. The members-only record counts nowhere.
    assert dict(results.facets["target"]) == {"T1": 1, "T2": 1}


def test_members_see_and_count_their_records(lagoons):
    results = search(audiences=frozenset({"public", "members"}), filters={"country": ["KE"]})

    assert results.total == 3
    assert dict(results.facets["country"]) == {"KE": 3, "BR": 2}
    assert dict(results.facets["target"]) == {"T1": 2, "T2": 1}


def test_filtered_results_sort_by_date_and_page_through(lagoons):
    newest = search(filters={"type": ["news"]}, sort="date", page_size=2)
    second = search(filters={"type": ["news"]}, sort="date", page_size=2, page=2)

    assert titles(newest) == ["Brazilian news lagoon", "Kenyan report lagoon"]
    assert titles(second) == ["Kenyan news lagoon"]
    assert newest.total == second.total == 3


def test_a_filter_value_never_indexed_finds_nothing_but_keeps_the_other_choices(lagoons):
    results = search(filters={"country": ["ZZ"]})

    assert results.total == 0
    assert results.hits == []
    assert dict(results.facets["country"]) == {"KE": 2, "BR": 2}


def test_without_facets_the_page_and_total_are_the_same(lagoons):
    with_facets = search(filters={"target": ["T1"]})
    without = search(filters={"target": ["T1"]}, with_facets=False)

    assert without.facets == {}
    assert without.total == with_facets.total == 2
    assert titles(without) == titles(with_facets)


def test_reclassifying_a_record_moves_its_counts_to_new_values(lagoons):
    SearchDocument.objects.filter(title="Brazilian page lagoon").update(
        facets=["type:page", "country:FJ", "target:T3"]
    )

    results = search()

    assert dict(results.facets["country"]) == {"KE": 2, "BR": 1, "FJ": 1}
    assert dict(results.facets["target"]) == {"T1": 1, "T2": 2, "T3": 1}
    assert titles(search(filters={"country": ["FJ"]})) == ["Brazilian page lagoon"]


def test_a_record_indexed_through_the_backend_is_counted_by_its_facets(lagoons):
    get_backend().index(
        {
            "uuid": "3f1b5e0e-2222-4222-8222-222222222222",
            "type": "event",
            "title": "Lagoon festival",
            "countries": ["KE"],
            "targets": ["T9"],
            "audiences": ["public"],
        }
    )

    results = search(filters={"target": ["T9"]})

    assert titles(results) == ["Lagoon festival"]
    assert dict(results.facets["type"]) == {"event": 1}
    assert dict(results.facets["target"])["T9"] == 1

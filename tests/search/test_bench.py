"""``python -m search.bench --copies K``: the N seeded synthetic records copied K-1 times in SQL
are found by the same queries, counted by the same facets, kept for ``--reuse`` and removed
with the rest. Copies are made on PostgreSQL only; elsewhere the option is refused."""

import pytest

from django.db import connection

from search import bench
from search.backends import Query, get_backend

# The benchmark ends with VACUUM, which cannot run inside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="--copies copies rows in SQL on PostgreSQL; on SQLite the benchmark only seeds",
)

SIZE = 40
PUBLIC = frozenset({"public"})
QUERIES = [
    ("", {}),
    ("biodiversity", {}),
    ("forest", {}),
    ("", {"country": ["KE"]}),
    ("biodiversity", {"type": ["bench-news", "bench-event"]}),
]


def run(*args):
    return bench.main(["--size", str(SIZE), "--runs", "1", *args])


def answers():
    """Each query's total and facet counts, as an anonymous visitor sees them."""
    found = []
    for text, filters in QUERIES:
        results = get_backend().search(
            Query(text=text, filters=filters, audiences=PUBLIC, with_facets=True)
        )
        counts = {facet: dict(values) for facet, values in results.facets.items()}
        found.append((results.total, counts))
    return found


def bench_uuids():
    backend = get_backend()
    return set().union(*(backend.indexed_uuids(t) for t in bench.BENCH_TYPES))


@postgres_only
def test_copies_are_found_and_counted_k_times(capsys):
    run("--keep")
    once = answers()
    assert once[0][0] > 0 and once[1][0] > 0  # the queries do find records

    run("--copies", "3", "--keep")
    thrice = answers()

    assert len(bench_uuids()) == 3 * SIZE
    for (total, facets), (total_3, facets_3) in zip(once, thrice, strict=True):
        assert total_3 == 3 * total
        assert facets_3 == {
            facet: {value: 3 * count for value, count in values.items()}
            for facet, values in facets.items()
        }
    output = capsys.readouterr().out
    assert f"{3 * SIZE} records ({SIZE} seeded × 3)" in output
    assert f"Copies: {2 * SIZE} records in" in output


@postgres_only
def test_reuse_recognises_the_copies_kept(capsys):
    run("--copies", "3", "--keep")
    kept = bench_uuids()
    capsys.readouterr()

    run("--copies", "3", "--keep", "--reuse")
    output = capsys.readouterr().out
    assert f"Reusing the {SIZE} seeded records" in output
    assert "Copies:" not in output and "Index build" not in output
    assert bench_uuids() == kept

    # Fewer copies: the seeded records stay, the copies are made again.
    run("--copies", "2", "--keep", "--reuse")
    output = capsys.readouterr().out
    assert f"removing its {2 * SIZE} copies ({SIZE} wanted)" in output
    assert f"Copies: {SIZE} records in" in output
    assert len(bench_uuids()) == 2 * SIZE and bench_uuids() < kept

    # As many records, but all seeded: not the 40 × 2 kept, so seeded afresh.
    bench.main(["--size", str(2 * SIZE), "--runs", "1", "--keep", "--reuse"])
    output = capsys.readouterr().out
    assert "Reusing" not in output
    assert bench.kept_records(get_backend(), connection) == (2 * SIZE, 0)


@postgres_only
def test_removal_takes_the_copies_too():
    run("--copies", "3")
    assert bench_uuids() == set()

    run("--copies", "3", "--keep")
    backend = get_backend()
    for record_type in bench.BENCH_TYPES:
        backend.clear(record_type)
    assert bench_uuids() == set()


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL makes copies; this is the refusal"
)
def test_copies_elsewhere_are_refused_with_a_reason(capsys):
    with pytest.raises(SystemExit) as exit_:
        run("--copies", "2")

    assert exit_.value.code == 2
    assert "--copies needs the database search backend on PostgreSQL" in capsys.readouterr().err
    assert bench_uuids() == set()


def test_copies_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        run("--copies", "0")

    assert "--copies must be a positive number" in capsys.readouterr().err

"""The listings benchmark (``make bench-listings``) at a tiny size: it seeds, times every
combination, reports them with the records each selects, and removes what it seeded."""

import pytest

from django.db import connection

from wagtail.models import Page

from chm import bench_listings
from chm.models import ResourceIndexPage, ResourcePage

pytestmark = pytest.mark.django_db


def test_it_reports_every_combination_and_cleans_up(home_page):
    pages_before = Page.objects.count()
    lines = []
    args = bench_listings.parse_args(["--size", "40", "--runs", "2", "--seed", "7"])
    rows = bench_listings.run(args, log=lines.append)
    output = "\n".join(lines)

    labels = [label for label, _query in bench_listings.COMBINATIONS]
    assert [row[0] for row in rows] == labels
    for label in [*labels, "filtered (all but none)", "all"]:
        assert any(line.startswith(label) for line in lines), label
    assert "Seeded 40 resources" in output
    assert "Load average" in output
    counts = {label: count for label, count, _queries, _samples in rows}
    # "none" lists the live ones (about 95%); each narrower combination selects no more.
    assert 30 <= counts["none"] <= 40
    chain = ["target", "target × country", "target × country × type"]
    assert counts["none"] >= counts[chain[0]] >= counts[chain[1]] >= counts[chain[2]]
    for _label, _count, queries, samples in rows:
        assert len(samples) == 2 and all(ms > 0 for ms in samples)
        assert queries > 0

    assert not ResourceIndexPage.objects.filter(slug=bench_listings.INDEX_SLUG).exists()
    assert not ResourcePage.objects.exists()
    assert Page.objects.count() == pages_before


def test_as_a_member_the_shared_parts_are_kept_and_the_member_removed(home_page):
    """``--member``: signed in, with the page cache's shared parts on; the same records are
    listed, and the benchmark's member is removed afterwards."""
    from django.contrib.auth import get_user_model

    anonymous = bench_listings.run(
        bench_listings.parse_args(["--size", "12", "--runs", "1", "--reuse"]), log=lambda _: None
    )
    lines = []
    member = bench_listings.run(
        bench_listings.parse_args(["--size", "12", "--runs", "1", "--reuse", "--member"]),
        log=lines.append,
    )
    assert "Signed in as a member; the page cache's shared parts as configured" in lines
    assert [row[1] for row in member] == [row[1] for row in anonymous]  # the same records
    assert all(queries > 0 and len(samples) == 1 for _l, _c, queries, samples in member)
    assert not get_user_model().objects.filter(username=bench_listings.BENCH_MEMBER).exists()


def test_reuse_keeps_the_records_and_uses_them_again(home_page):
    args = bench_listings.parse_args(["--size", "12", "--runs", "1", "--reuse"])
    bench_listings.run(args, log=lambda line: None)
    index = bench_listings.bench_index()
    assert ResourcePage.objects.child_of(index).count() == 12
    lines = []
    bench_listings.run(args, log=lines.append)
    assert "Reusing the 12 resources kept by an earlier run" in lines
    assert ResourcePage.objects.child_of(bench_listings.bench_index()).count() == 12
    # A different size seeds afresh; without --keep/--reuse the records go afterwards.
    bench_listings.run(bench_listings.parse_args(["--size", "5", "--runs", "1"]), log=lines.append)
    assert "Removing the 12 resources of an earlier run" in lines
    assert bench_listings.bench_index() is None
    assert not ResourcePage.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--size", "0"], "--size must be a positive number"), (["--runs", "-1"], "--runs")],
)
def test_bad_arguments_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench_listings.parse_args(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the refusal is SQLite's")
def test_sqlite_is_refused_beyond_a_smoke_size(home_page):
    args = bench_listings.parse_args(["--size", str(bench_listings.SQLITE_MAX_SIZE + 1)])
    with pytest.raises(bench_listings.BenchError, match="PostgreSQL"):
        bench_listings.run(args, log=lambda line: None)

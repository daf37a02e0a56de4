"""Search benchmark: ``python -m search.bench --size N`` (``make bench-search``).

Seeds N synthetic records through the configured backend (the database backend on whatever
``DATABASE_URL`` points at, or Elasticsearch when ``ELASTICSEARCH_URL`` is set), reports how
long indexing took, then the latency percentiles of a fixed set of queries run as an
anonymous visitor, with and without facet counts. The synthetic records use their own record
types (``bench-*``) and are removed afterwards unless ``--keep`` is given.

``--copies K`` (the database backend on PostgreSQL) then copies the N seeded records K-1 times
in SQL, for N×K in all: a million records in minutes rather than the ~17 minutes seeding them
through the backend takes. A copy keeps everything the search reads (words, vectors, facets,
audiences) under a new uuid, a ``published`` date shifted by a day per copy and a URL ending
in ``copy-<n>/``, so each query finds K times the records it found among the N.
"""

import argparse
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

from chm.bench_data import DOMAIN_WORDS, percentile

VOCABULARY = DOMAIN_WORDS
TYPES = ["news", "event", "resource", "partner", "expert", "thread", "page"]
COUNTRIES = {
    "KE": ["002", "202", "014"],
    "TZ": ["002", "202", "014"],
    "NG": ["002", "202", "011"],
    "BR": ["019", "419", "005"],
    "CO": ["019", "419", "005"],
    "MX": ["019", "419", "013"],
    "FR": ["150", "155"],
    "DE": ["150", "155"],
    "ES": ["150", "039"],
    "IN": ["142", "034"],
    "CN": ["142", "030"],
    "ID": ["142", "035"],
    "AU": ["009", "053"],
    "FJ": ["009", "054"],
    "CA": ["019", "021"],
    "EG": ["002", "015"],
    "MA": ["002", "015"],
    "RU": ["150", "151"],
    "PE": ["019", "419", "005"],
    "VN": ["142", "035"],
}
THEMES = [
    "protected-areas",
    "marine-coastal",
    "forests",
    "agriculture",
    "invasive-species",
    "finance",
    "traditional-knowledge",
    "pollinators",
    "freshwater",
    "urban",
]
CONSTITUENCIES = ["iplc", "women", "youth", "academia", "business"]
LANGUAGES = ["en"] * 6 + ["fr", "fr", "es", "es", "ru", "ar"]
QUERIES = [
    "forest",
    "marine protected area",
    "mangrove restoration",
    "indigenous knowledge",
    "pollinator decline",
    "youth finance",
    "coral reef monitoring",
    "plastic pollution river",
    "biodiversty",  # typo: exercises the fuzzy fallback
    "seagrass kelp",
    "national strategy action plan",
    "xylophone",  # matches nothing
]
FILTERS = [{}, {"country": ["KE"]}, {"target": ["GBF-TARGET-03"], "type": ["bench-news"]}]


SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ba",
    "de",
    "fi",
    "gu",
    "ha",
    "je",
    "ko",
    "lu",
    "ma",
    "no",
    "pe",
    "ri",
    "su",
    "ta",
    "ve",
    "wi",
]


def zipf_vocabulary(rng, size=20_000):
    """Words with Zipf-like frequencies, as in real text: a few very common words, a long
    tail of rare ones. The domain words sit between rank 100 and 3,500, so the benchmark
    queries match anything from a few to several thousand records per 100,000."""
    filler = set()
    while len(filler) < size:
        filler.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    vocabulary = sorted(filler)
    rng.shuffle(vocabulary)
    for position, word in enumerate(VOCABULARY):
        vocabulary.insert(100 + position * 30, word)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return vocabulary, cumulative


_VOCABULARY = {}


def words(rng, count):
    if "words" not in _VOCABULARY:
        _VOCABULARY["words"] = zipf_vocabulary(random.Random(1))  # noqa: S311 - synthetic data
    vocabulary, cumulative = _VOCABULARY["words"]
    return " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=count))


def synthetic_document(rng, now):
    countries = rng.sample(list(COUNTRIES), rng.randint(1, 3))
    regions = sorted({code for country in countries for code in COUNTRIES[country]})
    audience = rng.random()
    audiences = ["public"] if audience < 0.9 else ["members"] if audience < 0.97 else ["group:1"]
    title = words(rng, rng.randint(4, 9)).capitalize()
    return {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
        "type": f"bench-{rng.choice(TYPES)}",
        "title": title,
        "summary": words(rng, 25),
        "text": words(rng, rng.randint(80, 200)),
        "url": f"/bench/{rng.getrandbits(32)}/",
        "published": (now - timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 5))).isoformat(),
        "language": rng.choice(LANGUAGES),
        "countries": countries,
        "regions": regions,
        "targets": [f"GBF-TARGET-{n:02d}" for n in rng.sample(range(1, 24), rng.randint(1, 3))],
        "thematic_areas": rng.sample(THEMES, rng.randint(1, 2)),
        "constituencies": rng.sample(CONSTITUENCIES, rng.randint(0, 1)),
        "audiences": audiences,
    }


BENCH_TYPES = [f"bench-{t}" for t in TYPES]
COPY_MARK = "/copy-"  # in the URL of every copy, never in a seeded record's


def copies_supported(backend, connection):
    """Copies are made in SQL, in the database backend's table on PostgreSQL."""
    from search.backends.database import DatabaseBackend

    return isinstance(backend, DatabaseBackend) and connection.vendor == "postgresql"


def kept_records(backend, connection):
    """``(seeded, copies)``: how many synthetic records an earlier ``--keep`` run left."""
    if not copies_supported(backend, connection):
        return sum(len(backend.indexed_uuids(t)) for t in BENCH_TYPES), 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE strpos(url, %s) = 0), count(*) FILTER "
            "(WHERE strpos(url, %s) > 0) FROM search_searchdocument WHERE record_type = ANY(%s)",
            [COPY_MARK, COPY_MARK, BENCH_TYPES],
        )
        seeded, copies = cursor.fetchone()
    return seeded, copies


def remove_copies(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM search_searchdocument WHERE record_type = ANY(%s) AND strpos(url, %s) > 0",
            [BENCH_TYPES, COPY_MARK],
        )


def add_copies(connection, copies):
    """Copy the seeded synthetic records ``copies - 1`` times, one ``INSERT … SELECT`` each;
    returns ``(insert seconds, index seconds)``.

    As a bulk load is done: the table's own indexes (those no constraint needs) are dropped
    and built again afterwards, and the triggers that compute the vectors and facet numbers
    from the text are off while the rows are copied with theirs. All in one transaction, so
    an interrupted build leaves the table as it was."""
    from django.db import transaction

    from search.models import SearchDocument

    quote = connection.ops.quote_name
    fields = [f for f in SearchDocument._meta.concrete_fields if not f.primary_key]
    changed = {
        "uuid": "md5(d.uuid::text || '/' || n)::uuid",
        "url": "d.url || 'copy-' || n || '/'",
        "published": "d.published - make_interval(days => n - 1)",
        "indexed_at": "now()",
    }
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(changed.get(f.column, f"d.{quote(f.column)}") for f in fields)
    insert = (
        f"INSERT INTO search_searchdocument ({columns}) SELECT {values} "  # noqa: S608 - our columns
        "FROM search_searchdocument d, (SELECT %s::int AS n) c "
        "WHERE d.record_type = ANY(%s) AND strpos(d.url, %s) = 0 ORDER BY d.id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = 'search_searchdocument'::regclass AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'search_searchdocument'::regclass "
            "AND NOT tgisinternal"
        )
        triggers = [quote(name) for (name,) in cursor.fetchall()]
        started = time.perf_counter()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for trigger in triggers:
            cursor.execute(f"ALTER TABLE search_searchdocument DISABLE TRIGGER {trigger}")
        for n in range(2, copies + 1):
            cursor.execute(insert, [n, BENCH_TYPES, COPY_MARK])
            print(f"\r  copy {n}/{copies}", end="", file=sys.stderr)
        print(file=sys.stderr)
        # Django's foreign keys are checked at commit; the table's triggers can be changed
        # only once those checks of the new rows have run.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for trigger in triggers:
            cursor.execute(f"ALTER TABLE search_searchdocument ENABLE TRIGGER {trigger}")
        inserted = time.perf_counter()
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
    return inserted - started, time.perf_counter() - inserted


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="records to seed")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic records")
    parser.add_argument(
        "--copies",
        type=int,
        default=1,
        help="copy the seeded records in SQL to this many of each, N×K in all "
        "(the database backend on PostgreSQL)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the synthetic records a --keep run left, if they are --size seeded ones "
        "(copies are then added or removed to match --copies)",
    )
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be a positive number")
    if args.copies < 1:
        parser.error("--copies must be a positive number (1: no copies)")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chm.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from search.backends import Query, get_backend

    call_command("migrate", verbosity=0)
    backend = get_backend()
    if args.copies > 1 and not copies_supported(backend, connection):
        parser.error(
            f"--copies needs the database search backend on PostgreSQL; this is "
            f"{type(backend).__name__} on {connection.vendor} (use --size alone)"
        )
    rng = random.Random(args.seed)  # noqa: S311 - synthetic data
    now = datetime.now(UTC)
    total = args.size * args.copies
    described = f"{args.size} seeded × {args.copies}" if args.copies > 1 else ""
    print(
        f"Backend: {type(backend).__name__} on {connection.vendor}; {total} records"
        + (f" ({described})" if described else "")
    )
    seeded, copies = kept_records(backend, connection) if args.reuse else (0, 0)
    wanted_copies = args.size * (args.copies - 1)
    reused = args.reuse and seeded == args.size
    if reused:
        print(f"Reusing the {seeded} seeded records kept by an earlier run")
        if copies and copies != wanted_copies:
            print(f"  removing its {copies} copies ({wanted_copies} wanted)")
            remove_copies(connection)
            copies = 0
        remaining = 0
    else:
        for record_type in BENCH_TYPES:
            backend.clear(record_type)
        remaining = args.size
        copies = 0

    started = time.perf_counter()
    while remaining:
        batch = [(synthetic_document(rng, now), None) for _ in range(min(remaining, 2000))]
        backend.bulk_index(batch)
        remaining -= len(batch)
        print(f"\r  indexed {args.size - remaining}/{args.size}", end="", file=sys.stderr)
    print(file=sys.stderr)
    if hasattr(backend, "refresh"):
        backend.refresh()
    seeding = time.perf_counter() - started
    if args.copies > 1 and copies != wanted_copies:
        inserting, indexing = add_copies(connection, args.copies)
        print(
            f"Copies: {wanted_copies} records in {inserting + indexing:.1f} s "
            f"({inserting:.1f} s copying, {indexing:.1f} s rebuilding the indexes)"
        )
    if connection.vendor == "postgresql":
        # What autovacuum would do shortly after a bulk build anyway: planner statistics,
        # and the previous run's deleted rows gone from the indexes (otherwise every match
        # is looked up twice, once as a dead row).
        vacuum_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
        vacuum = time.perf_counter() - vacuum_started
        print(f"VACUUM ANALYZE: {vacuum:.1f} s")
        if args.copies == 1:
            seeding += vacuum  # as the index build was always reported
    if not reused:
        print(f"Index build: {seeding:.1f} s ({args.size / seeding:,.0f} records/s)")

    audiences = frozenset({"public"})
    rows = []
    for with_facets in (False, True):
        samples = []
        for text in QUERIES:
            for filters in FILTERS:
                query = Query(
                    text=text, filters=filters, audiences=audiences, with_facets=with_facets
                )
                backend.search(query)  # warm-up
                for _ in range(args.runs):
                    start = time.perf_counter()
                    backend.search(query)
                    samples.append((time.perf_counter() - start) * 1000)
        rows.append((with_facets, samples))

    load = "/".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average (1/5/15 min) after the queries: {load}")
    print(f"{'queries':<22}{'runs':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for with_facets, samples in rows:
        label = "with facets" if with_facets else "without facets"
        print(
            f"{label:<22}{len(samples):>6}{percentile(samples, 50):>9.1f}"
            f"{percentile(samples, 95):>9.1f}{percentile(samples, 99):>9.1f}"
        )
    if not args.keep:
        for record_type in BENCH_TYPES:
            backend.clear(record_type)
    return 0


if __name__ == "__main__":
    sys.exit(main())

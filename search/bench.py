"""Search benchmark: ``python -m search.bench --size N`` (``make bench-search``).

Seeds N synthetic records through the configured backend (the database backend on whatever
``DATABASE_URL`` points at, or Elasticsearch when ``ELASTICSEARCH_URL`` is set), reports how
long indexing took, then the latency percentiles of a fixed set of queries run as an
anonymous visitor, with and without facet counts. The synthetic records use their own record
types (``bench-*``) and are removed afterwards unless ``--keep`` is given.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

VOCABULARY = [
    "biodiversity",
    "forest",
    "restoration",
    "wetland",
    "marine",
    "coastal",
    "mangrove",
    "coral",
    "reef",
    "species",
    "habitat",
    "conservation",
    "protected",
    "area",
    "indigenous",
    "community",
    "youth",
    "women",
    "finance",
    "monitoring",
    "indicator",
    "national",
    "strategy",
    "action",
    "plan",
    "pollinator",
    "invasive",
    "alien",
    "agriculture",
    "fisheries",
    "sustainable",
    "use",
    "genetic",
    "resources",
    "benefit",
    "sharing",
    "climate",
    "ecosystem",
    "services",
    "urban",
    "green",
    "space",
    "soil",
    "degradation",
    "desert",
    "drylands",
    "river",
    "basin",
    "watershed",
    "wildlife",
    "trade",
    "pollution",
    "plastic",
    "nutrient",
    "pesticide",
    "capacity",
    "building",
    "technology",
    "transfer",
    "cooperation",
    "knowledge",
    "traditional",
    "spatial",
    "planning",
    "landscape",
    "seascape",
    "connectivity",
    "corridor",
    "endemic",
    "threatened",
    "extinction",
    "recovery",
    "seed",
    "bank",
    "livelihoods",
    "tourism",
    "governance",
    "policy",
    "reporting",
    "data",
    "science",
    "education",
    "awareness",
    "grassland",
    "peatland",
    "savanna",
    "mountain",
    "island",
    "freshwater",
    "lake",
    "estuary",
    "kelp",
    "seagrass",
    "fungi",
    "insects",
    "amphibians",
    "birds",
    "mammals",
    "reptiles",
    "plants",
    "microorganisms",
]
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


def percentile(samples, pct):
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="records to seed")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic records")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the synthetic records a --keep run left, if there are --size of them",
    )
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be a positive number")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chm.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from search.backends import Query, get_backend

    call_command("migrate", verbosity=0)
    backend = get_backend()
    rng = random.Random(args.seed)  # noqa: S311 - synthetic data
    now = datetime.now(UTC)
    print(f"Backend: {type(backend).__name__} on {connection.vendor}; {args.size} records")
    bench_types = [f"bench-{t}" for t in TYPES]
    kept = sum(len(backend.indexed_uuids(t)) for t in bench_types) if args.reuse else 0
    reused = args.reuse and kept == args.size
    if reused:
        print(f"Reusing the {kept} records kept by an earlier run")
        remaining = 0
    else:
        for record_type in bench_types:
            backend.clear(record_type)
        remaining = args.size

    started = time.perf_counter()
    while remaining:
        batch = [(synthetic_document(rng, now), None) for _ in range(min(remaining, 2000))]
        backend.bulk_index(batch)
        remaining -= len(batch)
        print(f"\r  indexed {args.size - remaining}/{args.size}", end="", file=sys.stderr)
    print(file=sys.stderr)
    if hasattr(backend, "refresh"):
        backend.refresh()
    if connection.vendor == "postgresql":
        # What autovacuum would do shortly after a bulk build anyway: planner statistics,
        # and the previous run's deleted rows gone from the indexes (otherwise every match
        # is looked up twice, once as a dead row).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
    build = time.perf_counter() - started
    if not reused:
        print(f"Index build: {build:.1f} s ({args.size / build:,.0f} records/s)")

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
        for record_type in bench_types:
            backend.clear(record_type)
    return 0


if __name__ == "__main__":
    sys.exit(main())

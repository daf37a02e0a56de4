"""Matchmaker benchmark: ``python -m cooperation.bench`` (``make bench-match``).

Times ``matching.rank`` over the candidate index as it is (seed it first with
``manage.py seed_demo --size N``) for many different requests: the published demo requests
and ``--requests`` synthetic ones with random targets, assistance types, countries, languages,
themes and wording, each ranked once after a warm-up. Prints the number of candidates and the
latency percentiles (p50, p95, max) in milliseconds. The synthetic requests are never saved.
"""

import argparse
import os
import random
import statistics
import sys
import time

WORDS = [
    "wetland",
    "restoration",
    "pollinator",
    "monitoring",
    "invasive",
    "species",
    "control",
    "coral",
    "reef",
    "protection",
    "biodiversity",
    "finance",
    "open",
    "data",
    "mangrove",
    "forest",
    "community",
    "training",
    "indigenous",
    "seed",
    "bank",
    "marine",
    "spatial",
    "planning",
]


def percentile(samples, pct):
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def synthetic_needs(count, rnd):
    """``count`` varied requests' codes, built the way ``matching.need_of`` builds them."""
    from cooperation import matching
    from cooperation.models import AssistanceType
    from taxonomy.models import Country, Language, Target, ThematicArea

    targets = list(Target.objects.values_list("identifier", flat=True))
    assistance = list(AssistanceType.objects.values_list("slug", flat=True))
    countries = list(Country.objects.select_related("region", "subregion"))
    languages = list(Language.objects.filter(is_un_language=True).values_list("code", flat=True))
    themes = list(ThematicArea.objects.values_list("slug", flat=True))
    needs = []
    for _number in range(count):
        chosen = rnd.sample(countries, rnd.randint(1, 3))
        codes = {c.code for c in chosen}
        areas = {c.region.identifier for c in chosen}
        areas |= {c.subregion.identifier for c in chosen if c.subregion_id}
        language = rnd.choice(languages)
        needs.append(
            matching.Need(
                targets=set(rnd.sample(targets, rnd.randint(1, 4))),
                assistance=set(rnd.sample(assistance, rnd.randint(1, 2))),
                countries=codes,
                areas=areas,
                languages={language, *rnd.sample(languages, rnd.randint(0, 1))},
                themes=set(rnd.sample(themes, rnd.randint(0, 2))),
                stems=matching.text_stems(" ".join(rnd.sample(WORDS, 8)), "en"),
            )
        )
    return needs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="synthetic requests to rank")
    parser.add_argument("--limit", type=int, default=20, help="suggestions per request")
    parser.add_argument("--seed", type=int, default=2030)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chm.settings.dev")
    import django

    django.setup()
    from django.db import connection

    from cooperation import matching
    from cooperation.models import REQUEST_OPEN_STATES, MatchCandidate, SupportRequest

    candidates = MatchCandidate.objects.filter(active=True).count()
    if not candidates:
        print("The candidate index is empty: run `manage.py seed_demo --size N` first.")
        return 1
    rnd = random.Random(args.seed)  # noqa: S311 - reproducible test data, not secrets
    needs = synthetic_needs(args.requests, rnd)
    real = list(SupportRequest.objects.filter(status__in=REQUEST_OPEN_STATES))
    for need in needs[:5]:  # warm-up: connection, query plans, caches
        matching.rank(None, limit=args.limit, need=need)

    samples, found = [], []
    for need in needs:
        start = time.perf_counter()
        ranked = matching.rank(None, limit=args.limit, need=need)
        samples.append((time.perf_counter() - start) * 1000)
        found.append(len(ranked))
    for request_record in real:  # the real ones, reading their codes included
        start = time.perf_counter()
        ranked = matching.rank(request_record, limit=args.limit)
        samples.append((time.perf_counter() - start) * 1000)
        found.append(len(ranked))

    print(f"Database: {connection.vendor}")
    print(f"Candidates in the index: {candidates} active ({MatchCandidate.objects.count()} total)")
    print(f"Requests ranked: {len(samples)} ({len(needs)} synthetic, {len(real)} from the demo)")
    print(f"Suggestions per request: mean {statistics.mean(found):.1f} (limit {args.limit})")
    print(
        f"rank() latency ms: p50 {percentile(samples, 50):.1f}  "
        f"p95 {percentile(samples, 95):.1f}  max {max(samples):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

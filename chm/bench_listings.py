"""Listings benchmark: ``python -m chm.bench_listings --size N`` (``make bench-listings``).

Seeds N ``ResourcePage``s under a benchmark ``ResourceIndexPage`` (slug ``bench-listings``,
under the default site's home page) in bulk SQL, with computed treebeard paths, then times
what a visitor's request to the resource listing costs for a set of filter combinations (none,
target, target × country, × type, × year, and single filters): each request goes through the
Django test client, so the middleware, Wagtail's page serving, the filter form with its
choices, ``filtered_children``, the first page of results, its count and the template are all
in the figure. The anonymous page cache is off while timing (it would answer all but the first
request from memory) and so is ``DEBUG`` (no query log).

Prints p50/p95/p99 per combination, over the filtered combinations and over all, with the
number of records each selects and the queries a request runs, and the load average. The
records are removed afterwards unless ``--keep`` or ``--reuse`` is given (``--reuse`` uses
the records an earlier run kept when there are exactly ``--size`` of them).

It seeds in SQL rather than through Wagtail (``add_child`` per page, with revisions and search
indexing, would take hours for a million): the rows are what Wagtail writes for a published
page, minus the revision history and the search index entries, which listings do not read.
On SQLite only a smoke size is allowed: the figures that matter are PostgreSQL's.
"""

import argparse
import io
import os
import random
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

from .bench_data import DOMAIN_WORDS, percentile

INDEX_SLUG = "bench-listings"
SQLITE_MAX_SIZE = 2_000
YEARS = range(2000, 2026)  # 26 years of publication
TYPE_WEIGHTS = {"guidance": 40, "tool": 25, "case-study": 20, "training": 15}
LANGUAGE_WEIGHTS = {"en": 70, "fr": 10, "es": 10, "ar": 3, "ru": 3, "zh": 4}
# Countries are chosen with Zipf-like weights (a few countries have many resources, most
# have a few); these come first, so the combinations below select realistic numbers.
FREQUENT_COUNTRIES = ["BR", "IN", "CN", "KE", "MX", "ID", "CO", "ZA", "PE", "FR"]
LIVE_SHARE = 0.95
NO_YEAR_SHARE = 0.03
WORDS = DOMAIN_WORDS
PUBLISHERS = [
    "CBD Secretariat",
    "UNEP-WCMC",
    "IUCN",
    "FAO",
    "UNDP",
    "GEF",
    "WWF",
    "IPBES",
    "GBIF",
    "BirdLife International",
    "Ramsar Convention",
    "ICCA Consortium",
]

# (label, query string): the target × country × type × year, narrowing step by step,
# then single filters, each a value the seeded records use.
COMBINATIONS = [
    ("none", {}),
    ("target", {"target": "3"}),
    ("target × country", {"target": "3", "country": "KE"}),
    ("target × country × type", {"target": "3", "country": "KE", "resource_type": "guidance"}),
    (
        "target × country × type × year",
        {"target": "3", "country": "KE", "resource_type": "guidance", "year": "2020"},
    ),
    ("country", {"country": "BR"}),
    ("region", {"region": "002"}),
    ("type", {"resource_type": "tool"}),
    ("year", {"year": "2015"}),
    ("language", {"language": "fr"}),
    ("thematic area", {"thematic_area": "marine-coastal"}),
]


class BenchError(Exception):
    """A condition the benchmark cannot run under, with what to do about it."""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="resources to seed")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per combination")
    parser.add_argument("--seed", type=int, default=2030, help="random seed of the records")
    parser.add_argument("--keep", action="store_true", help="keep the records afterwards")
    parser.add_argument(
        "--member",
        action="store_true",
        help="request as a signed-in member with the page cache's settings as configured (its "
        "shared parts on, as in production), instead of anonymously with every cache off",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the records an earlier --keep/--reuse run left if there are --size of them, "
        "and keep them",
    )
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be a positive number")
    if args.runs < 1:
        parser.error("--runs must be a positive number")
    return args


# --- seeding ---------------------------------------------------------------------------------


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """``value`` (as ``get_db_prep_save`` gives it) in PostgreSQL's COPY text format."""
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime:
        return value.isoformat()
    if hasattr(value, "adapted"):  # psycopg2's Json wrapper of a JSON field's value
        value = value.dumps(value.adapted)
    return str(value).translate(_COPY_ESCAPES)


def _weighted(rng, weights):
    """A ``random.choices``-ready (population, cumulative weights) pair."""
    population, cumulative, total = [], [], 0
    for value, weight in weights.items():
        total += weight
        population.append(value)
        cumulative.append(total)
    return population, cumulative


class Seeder:
    """Writes the benchmark's pages as rows, the way Wagtail stores a published page."""

    def __init__(self, index, rng):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        from wagtail.models import Page

        from taxonomy.models import Country, Language, Target, ThematicArea

        from .models import ResourcePage

        self.index = index
        self.rng = rng
        self.connection = connection
        self.now = datetime.now(UTC)
        template = ResourcePage(
            title="",
            slug="",
            locale_id=index.locale_id,
            content_type=ContentType.objects.get_for_model(ResourcePage),
            depth=index.depth + 1,
            live=True,
            first_published_at=self.now,
            last_published_at=self.now,
        )
        self.page_fields = Page._meta.local_concrete_fields
        self.resource_fields = ResourcePage._meta.local_concrete_fields
        self.constants = {
            field.attname: field.get_db_prep_save(getattr(template, field.attname), connection)
            for field in [*self.page_fields, *self.resource_fields]
        }
        self.uuid_field = ResourcePage._meta.get_field("uuid")
        self.throughs = {
            name: ResourcePage._meta.get_field(name) for name in ("targets", "countries")
        }
        self.throughs["thematic_areas"] = ResourcePage._meta.get_field("thematic_areas")
        self.targets = list(Target.objects.order_by("number").values_list("pk", flat=True))
        codes = dict(Country.objects.values_list("code", "pk"))
        ordered = [codes[c] for c in FREQUENT_COUNTRIES if c in codes]
        rest = sorted(set(codes.values()) - set(ordered))
        rng.shuffle(rest)
        self.countries = ordered + rest
        self.country_weights = [1 / (rank + 2) for rank in range(len(self.countries))]
        total = 0.0
        self.country_cumulative = []
        for weight in self.country_weights:
            total += weight
            self.country_cumulative.append(total)
        self.themes = list(ThematicArea.objects.values_list("pk", flat=True))
        languages = dict(Language.objects.values_list("code", "pk"))
        self.languages = _weighted(
            rng, {languages[c]: w for c, w in LANGUAGE_WEIGHTS.items() if c in languages}
        )
        self.types = _weighted(rng, TYPE_WEIGHTS)
        self.years = _weighted(rng, {year: year - 1990 for year in YEARS})
        if not self.targets or not self.countries:
            raise BenchError("The taxonomy is empty: run `manage.py migrate` first.")

    def _insert(self, table, columns, rows):
        if not rows:
            return
        quote = self.connection.ops.quote_name
        if self.connection.vendor == "postgresql":
            # COPY: about ten times the rate of multi-row INSERTs, which PostgreSQL must parse.
            text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows)
            with self.connection.cursor() as cursor:
                cursor.copy_expert(
                    f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN",
                    io.StringIO(text),
                )
            return
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        # SQLite allows 32,766 parameters a statement; PostgreSQL 65,535.
        per_statement = max(1, 30_000 // len(columns))
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
                    f"VALUES {', '.join([placeholders] * len(chunk))}",
                    [value for row in chunk for value in row],
                )

    def _title(self):
        words = self.rng.choices(WORDS, k=self.rng.randint(3, 8))
        return " ".join(words).capitalize()

    def batch(self, first_id, first_step, count):
        """Rows for ``count`` resources with ids from ``first_id`` and path steps from
        ``first_step``; inserted at once."""
        from .models import ResourcePage

        rng, index = self.rng, self.index
        page_rows, resource_rows = [], []
        links = {name: [] for name in self.throughs}
        for offset in range(count):
            pk, step = first_id + offset, first_step + offset
            slug = f"bench-resource-{step}"
            title = self._title()
            live = rng.random() < LIVE_SHARE
            values = dict(self.constants)
            values.update(
                id=pk,
                path=ResourcePage._get_path(index.path, index.depth + 1, step),
                title=title,
                draft_title=title,
                slug=slug,
                live=live,
                has_unpublished_changes=not live,
                url_path=f"{index.url_path}{slug}/",
                first_published_at=values["first_published_at"] if live else None,
                last_published_at=values["last_published_at"] if live else None,
                translation_key=self.uuid_field.get_db_prep_save(
                    uuid.UUID(int=rng.getrandbits(128), version=4), self.connection
                ),
                page_ptr_id=pk,
                uuid=self.uuid_field.get_db_prep_save(
                    uuid.UUID(int=rng.getrandbits(128), version=4), self.connection
                ),
                resource_type=rng.choices(*self.types)[0],
                summary=" ".join(rng.choices(WORDS, k=rng.randint(20, 50))).capitalize() + ".",
                publisher=rng.choice(PUBLISHERS),
                year=None if rng.random() < NO_YEAR_SHARE else rng.choices(*self.years)[0],
                resource_language_id=rng.choices(*self.languages)[0],
                link=f"https://example.org/bench/{step}",
            )
            page_rows.append([values[f.attname] for f in self.page_fields])
            resource_rows.append([values[f.attname] for f in self.resource_fields])
            links["targets"] += [(pk, t) for t in rng.sample(self.targets, rng.randint(1, 3))]
            countries = set(
                rng.choices(self.countries, cum_weights=self.country_cumulative, k=3)[
                    : rng.randint(1, 3)
                ]
            )
            links["countries"] += [(pk, c) for c in countries]
            links["thematic_areas"] += [(pk, a) for a in rng.sample(self.themes, rng.randint(0, 2))]
        self._insert(
            self.page_fields[0].model._meta.db_table,
            [f.column for f in self.page_fields],
            page_rows,
        )
        self._insert(
            ResourcePage._meta.db_table, [f.column for f in self.resource_fields], resource_rows
        )
        for name, field in self.throughs.items():
            self._insert(
                field.remote_field.through._meta.db_table,
                [field.m2m_column_name(), field.m2m_reverse_name()],
                links[name],
            )


def bench_index():
    """The benchmark's resource index, or None."""
    from .models import ResourceIndexPage

    return ResourceIndexPage.objects.filter(slug=INDEX_SLUG, depth=3).first()


def remove_records(index):
    """Delete the benchmark index's resources in SQL (Wagtail's page delete reads each page
    first: hours for a million), then the index itself the ordinary way."""
    from django.db import connection, transaction

    from wagtail.models import Page

    from .models import ResourcePage

    quote = connection.ops.quote_name
    pages = quote(Page._meta.db_table)
    ids = f"SELECT id FROM {pages} WHERE path LIKE %s AND depth = %s"  # noqa: S608
    params = [f"{index.path}%", index.depth + 1]
    tables = [
        (field.remote_field.through._meta.db_table, field.m2m_column_name())
        for field in ResourcePage._meta.local_many_to_many
    ]
    with _foreign_key_checks_off(connection), transaction.atomic(), connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} IN ({ids})", params)  # noqa: S608
        cursor.execute(
            f"DELETE FROM {quote(ResourcePage._meta.db_table)} WHERE page_ptr_id IN ({ids})",  # noqa: S608
            params,
        )
        cursor.execute(f"DELETE FROM {pages} WHERE path LIKE %s AND depth >= %s", params)  # noqa: S608
        Page.objects.filter(pk=index.pk).update(numchild=0)
    index.refresh_from_db()
    index.delete()


def create_index():
    from wagtail.models import Site

    from .models import ResourceIndexPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise BenchError("No default site: run `manage.py migrate` (it creates the home page).")
    return site.root_page.add_child(
        instance=ResourceIndexPage(title="Listings benchmark", slug=INDEX_SLUG)
    )


@contextmanager
def _foreign_key_checks_off(connection):
    """On PostgreSQL, as a superuser, skip the foreign key triggers while seeding or removing
    the records (as ``pg_restore --disable-triggers`` does): every key the seeder writes comes
    from the database, nothing else refers to its pages, and the checks cost more than the
    writes (removing 20,000 pages checked some thirty tables that may refer to a page, 10.7 s).
    Elsewhere, or without the right, the keys are checked as usual, only slower."""
    from django.db import DatabaseError, transaction

    switched = False
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
            switched = True
        except DatabaseError:
            pass
    try:
        yield
    finally:
        if switched:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")


def seed(index, size, rng, log=print):
    """Add ``size`` resources under ``index`` (which has none), in batches, with progress."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from wagtail.models import Page

    seeder = Seeder(index, rng)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(Page._meta.db_table)}")  # noqa: S608
        next_id = (cursor.fetchone()[0] or 0) + 1
    started = time.perf_counter()
    done = 0
    with _foreign_key_checks_off(connection):
        while done < size:
            count = min(5_000, size - done)
            with transaction.atomic():
                seeder.batch(next_id + done, done + 1, count)
            done += count
            rate = done / (time.perf_counter() - started)
            print(f"\r  seeded {done:,}/{size:,} ({rate:,.0f} records/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    Page.objects.filter(pk=index.pk).update(numchild=size)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Page]):
            cursor.execute(statement)
    elapsed = time.perf_counter() - started
    log(f"Seeded {size:,} resources in {elapsed:.1f} s ({size / elapsed:,.0f} records/s)")
    analyze()


def analyze():
    """Planner statistics for the tables just filled (what autovacuum does soon after a bulk
    load), and on PostgreSQL outside a transaction the visibility map too (VACUUM), so that
    index-only scans work as they would on a settled database."""
    from django.db import connection

    from .models import ResourcePage

    tables = [ResourcePage._meta.db_table, "wagtailcore_page"] + [
        field.remote_field.through._meta.db_table for field in ResourcePage._meta.local_many_to_many
    ]
    command = "ANALYZE"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        command = "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


# --- timing ----------------------------------------------------------------------------------


BENCH_MEMBER = "bench-listings-member"


def time_requests(index, runs, log=print, member=None):
    """Time ``runs`` requests of each combination through the test client; returns rows of
    (label, records selected, queries a request, samples in ms).

    Anonymous by default, with the page cache off: every part of the page is computed for
    every request. With ``member`` (a user), signed in as them with the page cache as
    configured: the anonymous cache never answers a member, but what every reader shares
    (menu, footer, the filter form of an address: ``chm.pagecache.remember``) is kept between
    requests, as in production."""
    from urllib.parse import urlsplit

    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext, override_settings

    _site_id, root_url, path = index.get_url_parts()
    host = urlsplit(root_url).netloc or "localhost"
    client = Client(HTTP_HOST=host)
    overrides = {"DEBUG": False}
    if member is not None:
        client.force_login(member)
    else:
        overrides["PAGE_CACHE_SECONDS"] = 0
    samples = {label: [] for label, _query in COMBINATIONS}
    counts, queries = {}, {}
    with override_settings(**overrides):
        for label, query in COMBINATIONS:
            # Warm-up (fills per-process caches), with its queries counted.
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, query)
            if response.status_code != 200:
                raise BenchError(f"{path}?{query}: HTTP {response.status_code}")
            queries[label] = len(captured)
            _form, records = index.filtered_children(RequestFactory().get(path, query))
            counts[label] = records.count()
        # Round-robin, so a burst of load on the machine spreads over every combination.
        for _run in range(runs):
            for label, query in COMBINATIONS:
                start = time.perf_counter()
                response = client.get(path, query)
                samples[label].append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise BenchError(f"{path}?{query}: HTTP {response.status_code}")
    return [(label, counts[label], queries[label], samples[label]) for label, _q in COMBINATIONS]


def report(rows, log=print):
    log(
        f"{'combination':<34}{'records':>10}{'queries':>9}{'runs':>6}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    )

    def line(label, records, queries, samples):
        log(
            f"{label:<34}{records:>10}{queries:>9}{len(samples):>6}"
            f"{percentile(samples, 50):>9.1f}{percentile(samples, 95):>9.1f}"
            f"{percentile(samples, 99):>9.1f}"
        )

    for label, count, queries, samples in rows:
        line(label, f"{count:,}", queries, samples)
    filtered = [s for label, _c, _q, samples in rows if label != "none" for s in samples]
    line("filtered (all but none)", "", "", filtered)
    line("all", "", "", [s for _l, _c, _q, samples in rows for s in samples])


def run(args, log=print):
    """Seed (or reuse), time, report, clean up. Django must be set up."""
    from django.db import connection

    from .models import ResourcePage

    if connection.vendor == "sqlite" and args.size > SQLITE_MAX_SIZE:
        raise BenchError(
            f"SQLite is for a smoke run only (--size {SQLITE_MAX_SIZE:,} or less); the figures "
            "that matter are PostgreSQL's: set DATABASE_URL=postgres://..."
        )
    log(f"Listings benchmark on {connection.vendor}; {args.size:,} resources")
    index = bench_index()
    kept = ResourcePage.objects.child_of(index).count() if index else 0
    if index and args.reuse and kept == args.size:
        log(f"Reusing the {kept:,} resources kept by an earlier run")
        analyze()
    else:
        if index:
            log(f"Removing the {kept:,} resources of an earlier run")
            remove_records(index)
        index = create_index()
        seed(index, args.size, random.Random(args.seed), log=log)  # noqa: S311 - synthetic

    member = None
    if getattr(args, "member", False):
        from django.contrib.auth import get_user_model

        member, _created = get_user_model().objects.get_or_create(
            username=BENCH_MEMBER, defaults={"email": f"{BENCH_MEMBER}@example.org"}
        )
        log("Signed in as a member; the page cache's shared parts as configured")
    load_before = "/".join(f"{value:.1f}" for value in os.getloadavg())
    try:
        rows = time_requests(index, args.runs, log=log, member=member)
    finally:
        if member is not None:
            member.delete()
    load = "/".join(f"{value:.1f}" for value in os.getloadavg())
    log(f"Load average (1/5/15 min) before the requests: {load_before}; after: {load}")
    report(rows, log=log)
    if not (args.keep or args.reuse):
        remove_records(index)
    return rows


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chm.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        run(args)
    except BenchError as error:
        print(f"bench-listings: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

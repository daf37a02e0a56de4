"""Page benchmark: ``python -m scripts.bench_pages`` (``make bench-pages``).

Serves the site as production does (gunicorn sync workers, ``chm.settings.production``,
PostgreSQL, Redis cache when one answers) with ``seed_demo --size N`` content and a 50-post
forum thread, then drives each page with locust at a fixed concurrency, anonymous and signed
in, beside a bare Django view (``chm/bench.py``) returning a constant page of the same size
under the same server in the same run. Prints a Markdown report: each page's size and query
count, requests per second, p50/p95 latency, errors and status codes, and its ratio to the bare
view. ``--check`` exits non-zero when a target is missed: anonymous pages at 40% or more of the
bare view; signed-in pages at 3x or more of the baseline's ratio (``--baseline``, written by
``--write-baseline``).

The site runs with ``BENCH_MODE=1`` (the bare view and the query count header) and nothing
else changed from production: requests carry ``X-Forwarded-Proto: https`` as the load
balancer's would, so the HTTPS redirect stays on.
"""

import argparse
import contextlib
import csv
import gzip
import http.client
import io
import json
import os
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "bench_locustfile.py"
DEFAULT_BASELINE = Path(__file__).resolve().parent / "bench_pages_baseline.json"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/chm_bench"
# Its own database number, so the benchmark's keys never meet another Redis user's.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"

ANONYMOUS_TARGET = 0.40  # of the bare view's rate
SIGNED_IN_FACTOR = 3.0  # times the baseline's ratio to the bare view

# (key, label) in report order; the paths are found in the seeded database (find_pages).
PAGES = [
    ("home", "Home"),
    ("news_index", "News index"),
    ("news_page", "News page"),
    ("events_index", "Events index"),
    ("event_page", "Event"),
    ("partners", "Partners directory"),
    ("partner_page", "Partner page"),
    ("experts", "Experts directory"),
    ("thread", "Forum thread (50 posts)"),
    ("search", "Search"),
]
MODES = ("anonymous", "signed in")
SEARCH_QUERY = "forest"
THREAD_TITLE = "Benchmark thread: fifty posts on restoring mangroves"
THREAD_POSTS = 50

BROWSER_HEADERS = {
    "X-Forwarded-Proto": "https",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-GB,en;q=0.9",
    "Accept-Encoding": "gzip",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
}


class BenchError(Exception):
    """Something the benchmark cannot go on without: reported as one line, exit status 2."""


# --- arguments ----------------------------------------------------------------------------


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench_pages",
        description="Requests per second of the portal's pages beside a bare Django view.",
    )
    parser.add_argument(
        "--size", type=positive_int, default=1000, help="seed_demo --size (default 1000)"
    )
    parser.add_argument(
        "--concurrency",
        type=positive_int,
        default=16,
        help="simultaneous connections (default 16)",
    )
    parser.add_argument(
        "--duration", type=positive_int, default=15, help="seconds of load per run (default 15)"
    )
    parser.add_argument(
        "--workers", type=positive_int, default=2, help="gunicorn sync workers (default 2)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"PostgreSQL database, created if missing (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", DEFAULT_REDIS_URL),
        help="cache; the local-memory cache is used when it does not answer "
        f"(default $REDIS_URL or {DEFAULT_REDIS_URL})",
    )
    parser.add_argument(
        "--no-redis", action="store_true", help="use the local-memory cache (per process)"
    )
    parser.add_argument(
        "--pages",
        type=page_list,
        default=[key for key, _label in PAGES],
        help="comma-separated subset of: " + ", ".join(key for key, _label in PAGES),
    )
    parser.add_argument(
        "--skip-seed",
        action="store_true",
        help="reuse the database as it is (no migrate, seed_demo or search_index)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a page misses its target")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help=f"signed-in baseline for --check (default {DEFAULT_BASELINE.relative_to(ROOT)} "
        "when it exists)",
    )
    parser.add_argument(
        "--write-baseline", type=Path, default=None, help="record this run's figures there"
    )
    parser.add_argument("--output", type=Path, default=None, help="also write the report there")
    return parser


def page_list(text):
    known = [key for key, _label in PAGES]
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in known]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown page {', '.join(unknown) or '(none given)'}; choose from {', '.join(known)}"
        )
    return [key for key in known if key in chosen]


def parse_args(argv=None):
    args = build_parser().parse_args(argv)
    scheme = urlsplit(args.database_url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        build_parser().error(f"--database-url must be a PostgreSQL URL, not {scheme or 'empty'}")
    return args


# --- the load tool's output ---------------------------------------------------------------


@dataclass
class RunResult:
    requests: int
    failures: int
    rps: float
    p50_ms: float | None
    p95_ms: float | None
    statuses: dict = field(default_factory=dict)
    tool_cpu: float | None = None  # the load tool's CPU time over the run's wall time

    @property
    def errors(self):
        return self.failures


STATUS_ERROR = re.compile(r"status (\d{3})")


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def parse_locust_csv(stats_text, failures_text=""):
    """The Aggregated row of locust's ``*_stats.csv`` and the status codes of ``*_failures.csv``.

    Successful requests are 200s (the locustfile fails everything else as ``status NNN``);
    errors without a status (refused or reset connections, timeouts) count as ``other``.
    """
    rows = list(csv.DictReader(io.StringIO(stats_text)))
    total = next((row for row in rows if row.get("Name") == "Aggregated"), None)
    if total is None:
        raise BenchError("locust wrote no Aggregated row: the run made no request")
    try:
        requests = int(total["Request Count"])
        failures = int(total["Failure Count"])
    except (KeyError, ValueError) as error:
        raise BenchError(f"unreadable locust statistics: {error}") from None
    statuses = Counter()
    if requests - failures:
        statuses["200"] = requests - failures
    for row in csv.DictReader(io.StringIO(failures_text or "")):
        occurrences = int(row.get("Occurrences") or 0)
        match = STATUS_ERROR.search(row.get("Error") or "")
        statuses[match.group(1) if match else "other"] += occurrences
    return RunResult(
        requests=requests,
        failures=failures,
        rps=_number(total.get("Requests/s")) or 0.0,
        p50_ms=_number(total.get("50%")),
        p95_ms=_number(total.get("95%")),
        statuses=dict(sorted(statuses.items())),
    )


# --- report -------------------------------------------------------------------------------


def ratio(value, reference):
    if not reference or value is None:
        return None
    return value / reference


def _pct(value):
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _ms(value):
    return "n/a" if value is None else f"{value:.0f}"


def _statuses(statuses):
    return ", ".join(f"{code}: {count}" for code, count in statuses.items()) or "none"


def _queries(probe):
    """``22``, or ``22 / 0`` when the second request differs, and the page cache's verdicts."""
    if not probe or probe.get("queries", (None,))[0] is None:
        return "n/a"
    first, second = probe["queries"]
    text = str(first) if first == second else f"{first} / {second}"
    verdicts = [verdict for verdict in probe.get("cache") or [] if verdict]
    if verdicts:
        text += f" (X-Cache {' / '.join(verdicts)})"
    return text


def format_report(meta, rows):
    """Markdown: the run's conditions, then one table of weights and one of rates.

    ``rows``: one dict per page with ``key``, ``label``, ``path``, ``probe`` (mode -> dict of
    ``status``, ``bytes``, ``gzip_bytes``, ``encoding``, ``queries`` (first, second request),
    ``cache``), ``bare`` (RunResult of the bare view at the page's size), ``runs``
    (mode -> RunResult) and optionally ``baseline`` (the baseline's signed-in ratio).
    """
    lines = [
        f"Page benchmark, {meta['date']}: {meta['machine']}; load average {meta['load']}.",
        f"Settings: {meta['settings']}; cache: {meta['cache']}; `seed_demo --size "
        f"{meta['size']}`; gunicorn {meta['workers']} sync workers; locust {meta['tool']} "
        f"at {meta['concurrency']} connections, {meta['duration']} s per run; "
        f"commit {meta['commit']}.",
        "",
        "| page | path | bytes | gzip bytes | queries anonymous | queries signed in |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        anonymous = row["probe"].get("anonymous") or {}
        lines.append(
            f"| {row['label']} | `{row['path']}` | {anonymous.get('bytes', 'n/a')} "
            f"| {anonymous.get('gzip_bytes', 'n/a')} | {_queries(anonymous)} "
            f"| {_queries(row['probe'].get('signed in'))} |"
        )
    served = sorted(
        {
            probe["encoding"]
            for row in rows
            for probe in row["probe"].values()
            if probe.get("encoding") not in (None, "none")
        }
    )
    lines += [
        "",
        f"Served compressed: {', '.join(served)}."
        if served
        else "Served uncompressed (the gzip column is what gzip -6 would make of it).",
    ]
    lines += [
        "",
        "| page | bare req/s | anonymous req/s | p50/p95 ms | % of bare | signed-in req/s "
        "| p50/p95 ms | % of bare | errors (status codes) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        bare = row["bare"]
        cells = [row["label"], f"{bare.rps:.0f}"]
        codes = []
        for mode in MODES:
            run = row["runs"].get(mode)
            if run is None:
                cells += ["n/a", "n/a", "n/a"]
                continue
            cells += [
                f"{run.rps:.1f}",
                f"{_ms(run.p50_ms)}/{_ms(run.p95_ms)}",
                _pct(ratio(run.rps, bare.rps)),
            ]
            codes.append(f"{run.failures} ({_statuses(run.statuses)})")
        cells.append("; ".join(codes))
        lines.append("| " + " | ".join(cells) + " |")
    tool = [row["bare"].tool_cpu for row in rows if row["bare"].tool_cpu is not None]
    if tool:
        lines += [
            "",
            f"The load tool used at most {max(tool) * 100:.0f}% of one core during the bare "
            "view's runs (it is single-process: near 100% would mean it, not the site, set "
            "the pace).",
        ]
    return "\n".join(lines) + "\n"


def check_targets(rows, baseline):
    """The targets a row misses, as sentences; ``baseline``: page key -> signed-in ratio."""
    problems = []
    for row in rows:
        bare = row["bare"].rps
        anonymous = row["runs"].get("anonymous")
        if anonymous is not None:
            share = ratio(anonymous.rps, bare)
            if share is None or share < ANONYMOUS_TARGET:
                problems.append(
                    f"{row['label']}: anonymous at {_pct(share)} of the bare view "
                    f"(target {ANONYMOUS_TARGET:.0%})"
                )
            if anonymous.failures:
                problems.append(f"{row['label']}: {anonymous.failures} anonymous errors")
        signed = row["runs"].get("signed in")
        if signed is None:
            continue
        if signed.failures:
            problems.append(f"{row['label']}: {signed.failures} signed-in errors")
        reference = (baseline or {}).get(row["key"])
        if reference is None:
            problems.append(f"{row['label']}: no signed-in baseline to compare with")
            continue
        share = ratio(signed.rps, bare)
        if share is None or share < SIGNED_IN_FACTOR * reference:
            problems.append(
                f"{row['label']}: signed in at {_pct(share)} of the bare view, under "
                f"{SIGNED_IN_FACTOR:g}x the baseline's {_pct(reference)}"
            )
    return problems


def load_baseline(path):
    """``{"signed_in_ratio": {page key: ratio to the bare view}, ...}`` -> that mapping."""
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise BenchError(f"baseline file {path} does not exist") from None
    except (OSError, ValueError) as error:
        raise BenchError(f"baseline file {path} is not readable JSON: {error}") from None
    ratios = data.get("signed_in_ratio") if isinstance(data, dict) else None
    if not isinstance(ratios, dict) or not all(
        isinstance(value, int | float) and value > 0 for value in ratios.values()
    ):
        raise BenchError(
            f"baseline file {path} needs a 'signed_in_ratio' object of positive numbers"
        )
    return {key: float(value) for key, value in ratios.items()}


def baseline_document(meta, rows):
    def figures(mode):
        return {
            row["key"]: round(row["runs"][mode].rps / row["bare"].rps, 4)
            for row in rows
            if row["runs"].get(mode) and row["bare"].rps
        }

    return {
        "measured": meta,
        "signed_in_ratio": figures("signed in"),
        "anonymous_ratio": figures("anonymous"),
        "signed_in_rps": {
            row["key"]: round(row["runs"]["signed in"].rps, 1)
            for row in rows
            if row["runs"].get("signed in")
        },
    }


# --- the site under test --------------------------------------------------------------------


def site_environment(args, workdir, cache_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "ELASTICSEARCH_URL", "DEBUG", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="chm.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        BENCH_MODE="1",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if cache_url:
        env["REDIS_URL"] = cache_url
    return env


def redis_answers(url):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:  # noqa: BLE001 - any failure means "no Redis", reported as such
        return False


def cache_label(cache_url, no_redis):
    if cache_url:
        parts = urlsplit(cache_url)
        return f"Redis ({parts.hostname}:{parts.port or 6379}{parts.path or '/0'})"
    if no_redis:
        return "local memory (per worker, --no-redis)"
    return "local memory (per worker: no Redis answered)"


def ensure_database(url):
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise BenchError(f"database name {name!r}: use letters, digits and underscores")
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg2.connect(admin)
    except psycopg2.Error as error:
        raise BenchError(f"cannot reach PostgreSQL at {parts.hostname}: {error}") from None
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
                return True
    finally:
        connection.close()
    return False


def manage(env, *arguments, quiet=False):
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    print("$ manage.py " + " ".join(arguments), flush=True)
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL if quiet else None,
        check=False,
    )
    if result.returncode:
        raise BenchError(f"manage.py {' '.join(arguments)} failed (exit {result.returncode})")


def prepare_content(env):
    """The pages to drive and a member to sign in as, from the seeded database.

    Runs in this process with the site's settings; adds the 50-post thread when missing.
    """
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections, transaction
    from django.urls import reverse

    from wagtail.models import Site

    from chm.models import NewsIndexPage, NewsPage
    from community.experts.models import ExpertProfile
    from community.forums.models import Category, Post, Thread
    from community.members.demo import DEMO_PASSWORD
    from community.partners.models import PartnerIndexPage, PartnerPage
    from events.models import EventIndexPage, EventPage

    site = Site.objects.get(is_default_site=True)

    def page_path(model):
        page = (
            model.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .filter(locale__language_code="en")
            .order_by("path")
            .first()
        )
        if page is None:
            raise BenchError(f"the seeded site has no live {model.__name__}")
        return page.get_url_parts()[2]

    members = (
        get_user_model()
        .objects.filter(
            email__endswith="@example.org",
            is_active=True,
            is_staff=False,
            is_superuser=False,
            emailaddress__verified=True,
        )
        .order_by("pk")
    )
    member = members.first()
    if member is None:
        raise BenchError("the seeded site has no demo member to sign in as")
    authors = list(members[:12])

    category = Category.objects.filter(group__isnull=True).order_by("sort_order", "pk").first()
    if category is None:
        raise BenchError("the seeded site has no public forum category")
    with transaction.atomic():
        thread, created = Thread.objects.get_or_create(
            title=THREAD_TITLE, defaults={"category": category, "author": authors[0]}
        )
        missing = THREAD_POSTS - thread.posts.count()
        if missing > 0:
            Post.objects.bulk_create(
                Post(
                    thread=thread,
                    author=authors[(THREAD_POSTS - missing + i) % len(authors)],
                    body=_post_body(THREAD_POSTS - missing + i),
                )
                for i in range(missing)
            )
    if not ExpertProfile.objects.exists():
        raise BenchError("the seeded site has no expert profile")
    paths = {
        "home": site.root_page.specific.get_url_parts()[2],
        "news_index": page_path(NewsIndexPage),
        "news_page": page_path(NewsPage),
        "events_index": page_path(EventIndexPage),
        "event_page": page_path(EventPage),
        "partners": page_path(PartnerIndexPage),
        "partner_page": page_path(PartnerPage),
        "experts": reverse("experts:directory"),
        "thread": thread.get_absolute_url(),
        "search": f"{reverse('search:search')}?q={SEARCH_QUERY}",
    }
    login = {"email": member.email, "password": DEMO_PASSWORD}
    connections.close_all()
    return paths, login


def _post_body(number):
    return (
        f"Reply {number + 1}. Mangrove restoration along the **delta** works best when "
        "communities choose the sites: see [the guidance](https://www.cbd.int/gbf/targets/2/) "
        "and the monitoring plan.\n\n- plant native species\n- keep the tidal channels open\n"
        "- count the seedlings after each season\n\nWhat did your team learn last year?"
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, workers, port, log_path):
    command = [
        str(BIN / "gunicorn"),
        "chm.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--error-logfile",
        str(log_path),
    ]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            command, cwd=ROOT, env=env, stdout=log, stderr=log
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"gunicorn exited ({process.returncode}); see {log_path}")
            with contextlib.suppress(OSError):
                if fetch(port, "/healthz")["status"] == 200:
                    break
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer /healthz in 60 s; see {log_path}")
            time.sleep(0.5)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(port, path, cookie="", count_queries=False, method="GET", body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        sent = dict(BROWSER_HEADERS)
        if cookie:
            sent["Cookie"] = cookie
        if count_queries:
            sent["X-Bench-Count-Queries"] = "1"
        sent.update(headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        return {
            "status": response.status,
            "raw": raw,
            "headers": response.headers,
            "cookies": response.headers.get_all("Set-Cookie") or [],
        }
    finally:
        connection.close()


def cookie_value(set_cookies, name):
    for header in set_cookies:
        first = header.split(";", 1)[0]
        key, _, value = first.partition("=")
        if key.strip() == name:
            return value.strip()
    return None


def sign_in(port, email, password):
    """The real sign-in form, as a browser on the HTTPS site would post it: the session cookie."""
    from urllib.parse import urlencode

    form = fetch(port, "/accounts/login/")
    if form["status"] != 200:
        raise BenchError(f"the sign-in page answered {form['status']}")
    csrf_cookie = cookie_value(form["cookies"], "csrftoken")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', _body(form))
    if not csrf_cookie or not match:
        raise BenchError("the sign-in page has no CSRF token")
    origin = f"https://127.0.0.1:{port}"
    answer = fetch(
        port,
        "/accounts/login/",
        cookie=f"csrftoken={csrf_cookie}",
        method="POST",
        body=urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "login": email,
                "password": password,
            }
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
        },
    )
    session = cookie_value(answer["cookies"], "sessionid")
    if answer["status"] != 302 or not session:
        raise BenchError(f"signing in as {email} failed (status {answer['status']})")
    return f"sessionid={session}; csrftoken={csrf_cookie}"


def _body(response):
    if response["headers"].get("Content-Encoding") == "gzip":
        return gzip.decompress(response["raw"])
    return response["raw"]


def probe(port, path, cookie=""):
    """Two instrumented requests (a cold and a warm one): size, compression, queries, cache."""
    answers = [fetch(port, path, cookie=cookie, count_queries=True) for _ in range(2)]
    body = _body(answers[1])
    encoding = answers[1]["headers"].get("Content-Encoding") or "none"

    def queries(answer):
        value = answer["headers"].get("X-Bench-Queries")
        return int(value) if value and value.isdigit() else None

    return {
        "status": answers[1]["status"],
        "bytes": len(body),
        "gzip_bytes": len(answers[1]["raw"]) if encoding == "gzip" else len(gzip.compress(body, 6)),
        "encoding": encoding,
        "queries": (queries(answers[0]), queries(answers[1])),
        "cache": [answer["headers"].get("X-Cache") for answer in answers],
        "sets_cookie": bool(answers[1]["cookies"]),
    }


def warm_up(port, path, cookie, workers):
    """A few requests on every worker first, so no run pays for a worker's first render."""
    with ThreadPoolExecutor(max_workers=workers * 2) as pool:
        list(pool.map(lambda _i: fetch(port, path, cookie=cookie), range(workers * 4)))


def run_load(args, port, path, name, cookie, workdir):
    prefix = workdir / f"run-{secrets.token_hex(4)}"
    env = dict(os.environ, BENCH_PATH=path, BENCH_NAME=name, BENCH_COOKIE=cookie)
    command = [
        str(BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(args.concurrency),
        "--spawn-rate",
        str(args.concurrency),
        "--run-time",
        f"{args.duration}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - the venv's locust
        command, cwd=workdir, env=env, capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise BenchError(f"locust failed (exit {result.returncode}): {result.stderr[-500:]}")
    stats = Path(f"{prefix}_stats.csv").read_text()
    failures_path = Path(f"{prefix}_failures.csv")
    failures = failures_path.read_text() if failures_path.exists() else ""
    run = parse_locust_csv(stats, failures)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run.tool_cpu = cpu / wall if wall else None
    return run


def print_log_tail(path, lines=60):
    """The server's last words, when some responses were not 200s (the log goes with the run)."""
    try:
        tail = path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return
    print(f"--- last {len(tail)} lines of the server's log ---", file=sys.stderr)
    print("\n".join(tail), file=sys.stderr)


def git_commit():
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=7"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv=None):
    args = parse_args(argv)
    try:
        return bench(args)
    except BenchError as error:
        print(f"bench-pages: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"bench-pages: the site stopped answering: {error}", file=sys.stderr)
        return 2


def bench(args):
    baseline = None
    baseline_path = args.baseline or (DEFAULT_BASELINE if DEFAULT_BASELINE.exists() else None)
    if args.check and baseline_path is not None:
        baseline = load_baseline(baseline_path)

    cache_url = None
    if not args.no_redis and redis_answers(args.redis_url):
        cache_url = args.redis_url
    cache = cache_label(cache_url, args.no_redis)
    commit = git_commit()  # the code measured, before anything is committed during the run
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        env = site_environment(args, workdir, cache_url)
        if ensure_database(args.database_url):
            print(f"created database {urlsplit(args.database_url).path.lstrip('/')}")
        if not args.skip_seed:
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "seed_demo", "--size", str(args.size), quiet=True)
            manage(env, "search_index", "update", quiet=True)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        paths, login = prepare_content(env)
        load = [os.getloadavg()[0]]
        port = free_port()
        rows = []
        with gunicorn(env, args.workers, port, workdir / "gunicorn.log"):
            cookie = sign_in(port, login["email"], login["password"])
            labels = dict(PAGES)
            for key in args.pages:
                path = paths[key]
                row = {"key": key, "label": labels[key], "path": path, "probe": {}, "runs": {}}
                for mode, mode_cookie in (("anonymous", ""), ("signed in", cookie)):
                    found = probe(port, path, mode_cookie)
                    if found["status"] != 200:
                        raise BenchError(f"{path} ({mode}) answered {found['status']}, not 200")
                    row["probe"][mode] = found
                size = row["probe"]["anonymous"]["bytes"]
                bare_path = f"/_bench/bare/{size}/"
                warm_up(port, bare_path, "", args.workers)
                print(f"bare view, {size} bytes …", flush=True)
                row["bare"] = run_load(args, port, bare_path, "bare", "", workdir)
                load.append(os.getloadavg()[0])
                for mode, mode_cookie in (("anonymous", ""), ("signed in", cookie)):
                    warm_up(port, path, mode_cookie, args.workers)
                    print(f"{labels[key]}, {mode} …", flush=True)
                    row["runs"][mode] = run_load(args, port, path, key, mode_cookie, workdir)
                    load.append(os.getloadavg()[0])
                if baseline is not None:
                    row["baseline"] = baseline.get(key)
                rows.append(row)
        meta = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{os.cpu_count()} cores",
            "load": f"{min(load):.2f}-{max(load):.2f} (1-minute, sampled after each run)",
            "settings": "chm.settings.production, DEBUG off, BENCH_MODE=1, PostgreSQL",
            "cache": cache,
            "size": args.size,
            "workers": args.workers,
            "tool": metadata.version("locust"),
            "concurrency": args.concurrency,
            "duration": args.duration,
            "commit": commit,
        }
        report = format_report(meta, rows)
        if any(run.failures for row in rows for run in [row["bare"], *row["runs"].values()]):
            print_log_tail(workdir / "gunicorn.log")
        print()
        print(report)
        if args.output:
            args.output.write_text(report)
        if args.write_baseline:
            document = baseline_document(meta, rows)
            args.write_baseline.write_text(json.dumps(document, indent=2) + "\n")
            print(f"baseline written to {args.write_baseline}")
        if args.check:
            problems = check_targets(rows, baseline)
            for problem in problems:
                print(f"MISSED {problem}")
            if problems:
                return 1
            print("every page meets its target")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

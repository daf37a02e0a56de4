"""The page benchmark's parts that need no server: its arguments, the bare view and query
counter mounted only in bench mode, reading locust's output, the report and the targets.
(``make bench-pages`` itself runs gunicorn and locust; its figures live in the README.)"""

import importlib
import json

import pytest

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import clear_url_caches

from chm import bench
from scripts import bench_pages
from scripts.bench_pages import BenchError, RunResult

# Real output of locust 2.47 (`--csv`), for a run with 200s, two 500s and a refused connection.
STATS_CSV = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,\
90%,95%,98%,99%,99.9%,99.99%,100%
GET,home,1503,3,21,22.91,4.1,190.2,30211.0,100.2,0.2,21,24,26,27,31,36,44,52,120,190,190
,Aggregated,1503,3,21,22.91,4.1,190.2,30211.0,100.2,0.2,21,24,26,27,31,36,44,52,120,190,190
"""
FAILURES_CSV = """Method,Name,Error,Occurrences,First Seen,Last Seen
GET,home,CatchResponseError('status 500'),2,2026-11-29T16:40:01Z,2026-11-29T16:40:02Z
GET,home,"ConnectionRefusedError(111, 'Connection refused')",1,2026-11-29T16:40:03Z,\
2026-11-29T16:40:03Z
"""


# --- arguments ----------------------------------------------------------------------------


def test_defaults_are_the_issues_conditions():
    args = bench_pages.parse_args([])
    assert args.concurrency == 16
    assert args.workers == 2
    assert args.size == 1000
    assert args.database_url.endswith("/chm_bench")
    assert args.pages == [key for key, _label in bench_pages.PAGES]
    assert not args.check


def test_options_are_read():
    args = bench_pages.parse_args(
        ["--size", "50", "--concurrency", "4", "--duration", "3", "--workers", "3"]
        + ["--pages", "thread,home", "--check", "--baseline", "b.json"]
    )
    assert (args.size, args.concurrency, args.duration, args.workers) == (50, 4, 3, 3)
    # Report order, whatever order they were asked in.
    assert args.pages == ["home", "thread"]
    assert args.check
    assert str(args.baseline) == "b.json"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--concurrency", "0"], "0 must be 1 or more"),
        (["--size", "-5"], "-5 must be 1 or more"),
        (["--duration", "ten"], "'ten' is not a whole number"),
        (["--pages", "home,admin"], "unknown page admin"),
        (["--pages", ","], "unknown page (none given)"),
        (["--database-url", "sqlite:///db.sqlite3"], "must be a PostgreSQL URL"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench_pages.parse_args(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# --- the bare view and the query counter ------------------------------------------------


@pytest.fixture
def bench_urls(settings):
    """The site's URLs as they are with BENCH_MODE=1 (they are read once, at start-up)."""
    import chm.urls

    settings.BENCH_MODE = True
    importlib.reload(chm.urls)
    clear_url_caches()
    yield
    settings.BENCH_MODE = False
    importlib.reload(chm.urls)
    clear_url_caches()


def test_bare_view_is_not_served_normally(client, db):
    assert client.get("/_bench/bare/1000/").status_code == 404


def test_bare_view_serves_a_constant_page_of_the_size_asked(client, db, bench_urls):
    response = client.get("/_bench/bare/30000/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert len(response.content) == 30000
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert response.content.endswith(b"</html>\n")
    # Through the site's middleware stack: the same security headers as every page.
    assert "Content-Security-Policy" in response
    assert client.get("/_bench/bare/30000/").content == response.content


def test_bare_view_refuses_what_it_should_not_serve(client, db, bench_urls, settings):
    assert client.get(f"/_bench/bare/{bench.BARE_MAX_BYTES + 1}/").status_code == 404
    assert client.get("/_bench/bare/-1/").status_code == 404
    assert client.get("/_bench/bare/lots/").status_code == 404
    assert client.post("/_bench/bare/100/").status_code == 405
    # Mounted but switched off again: still nothing.
    settings.BENCH_MODE = False
    assert client.get("/_bench/bare/100/").status_code == 404


def test_bare_body_has_exactly_the_size_asked():
    for size in (0, 10, 118, 119, 1000, 99_999):
        body = bench.bare_body(size)
        assert len(body) == max(size, len(bench.bare_body(0)))


def _view_with_queries(request):
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT 1")
    return HttpResponse("ok")


def test_query_counter_reports_a_requests_queries_when_asked(db):
    middleware = bench.QueryCountMiddleware(_view_with_queries)
    asked = middleware(RequestFactory().get("/", HTTP_X_BENCH_COUNT_QUERIES="1"))
    assert asked[bench.QUERIES_HEADER] == "3"
    not_asked = middleware(RequestFactory().get("/"))
    assert bench.QUERIES_HEADER not in not_asked


def test_bench_mode_puts_the_query_counter_first():
    from tests.chm.test_settings import PRODUCTION_ENV, _run

    probe = "import json, django; from django.conf import settings; django.setup(); " + (
        "print(json.dumps([settings.BENCH_MODE, settings.MIDDLEWARE[0]]))"
    )
    on = _run(["-c", probe], {**PRODUCTION_ENV, "BENCH_MODE": "1"}, "chm.settings.production")
    assert json.loads(on.stdout.splitlines()[-1]) == [True, "chm.bench.QueryCountMiddleware"]
    off = _run(["-c", probe], PRODUCTION_ENV, "chm.settings.production")
    assert json.loads(off.stdout.splitlines()[-1])[0] is False
    assert "chm.bench" not in off.stdout


# --- locust's output ----------------------------------------------------------------------


def test_locust_statistics_are_read():
    run = bench_pages.parse_locust_csv(STATS_CSV, FAILURES_CSV)
    assert run.requests == 1503
    assert run.failures == 3
    assert run.rps == pytest.approx(100.2)
    assert (run.p50_ms, run.p95_ms) == (21, 36)
    assert run.statuses == {"200": 1500, "500": 2, "other": 1}


def test_a_clean_run_has_only_200s():
    run = bench_pages.parse_locust_csv(STATS_CSV.replace(",3,", ",0,"), "")
    assert run.failures == 0
    assert run.statuses == {"200": 1503}


def test_a_run_without_requests_is_an_error():
    header = STATS_CSV.splitlines()[0]
    with pytest.raises(BenchError, match="no Aggregated row"):
        bench_pages.parse_locust_csv(header + "\n", "")
    with pytest.raises(BenchError, match="unreadable"):
        bench_pages.parse_locust_csv(header + "\n,Aggregated,many,0\n", "")


# --- report and targets -------------------------------------------------------------------


def _row(key, bare_rps, anonymous_rps, signed_rps, errors=0):
    def run(rps):
        statuses = {"200": 100 - errors}
        if errors:
            statuses["500"] = errors
        return RunResult(100, errors, rps, 10.0, 25.0, statuses)

    probe = {"bytes": 30000, "gzip_bytes": 7000, "queries": (22, 22), "encoding": "none"}
    return {
        "key": key,
        "label": dict(bench_pages.PAGES)[key],
        "path": "/x/",
        "probe": {"anonymous": probe, "signed in": {**probe, "queries": (40, 38)}},
        "bare": RunResult(100, 0, bare_rps, 5.0, 9.0, {"200": 100}, tool_cpu=0.42),
        "runs": {"anonymous": run(anonymous_rps), "signed in": run(signed_rps)},
    }


META = {
    "date": "2026-11-29 16:40 UTC",
    "machine": "2 cores",
    "load": "1.20-2.40",
    "settings": "chm.settings.production",
    "cache": "Redis (127.0.0.1:6379/9)",
    "size": 1000,
    "workers": 2,
    "tool": "2.47.0",
    "concurrency": 16,
    "duration": 15,
    "commit": "abc1234",
}


def test_report_is_markdown_with_each_pages_ratio_to_the_bare_view():
    report = bench_pages.format_report(
        META, [_row("home", 1000, 450, 30), _row("thread", 800, 8, 4, errors=2)]
    )
    assert "2026-11-29 16:40 UTC" in report
    assert "Redis (127.0.0.1:6379/9)" in report
    assert "seed_demo --size 1000" in report
    lines = report.splitlines()
    home = next(line for line in lines if line.startswith("| Home | 1000 |"))
    assert "| 450.0 | 10/25 | 45.0% | 30.0 | 10/25 | 3.0% |" in home
    thread = next(line for line in lines if line.startswith("| Forum thread (50 posts) | 800 |"))
    assert "1.0%" in thread and "0.5%" in thread
    assert "2 (200: 98, 500: 2)" in thread
    assert "| Home | `/x/` | 30000 | 7000 | 22 | 40 / 38 |" in lines
    assert "at most 42% of one core" in report
    assert "Served uncompressed" in report


def test_report_shows_the_page_caches_verdicts_and_compression():
    row = _row("home", 1000, 900, 30)
    row["probe"]["anonymous"].update(
        queries=(22, 0), cache=["miss", "hit"], encoding="gzip", gzip_bytes=6500
    )
    report = bench_pages.format_report(META, [row])
    assert "| Home | `/x/` | 30000 | 6500 | 22 / 0 (X-Cache miss / hit) | 40 / 38 |" in report
    assert "Served compressed: gzip." in report


def test_targets_anonymous_share_and_signed_in_over_baseline():
    rows = [_row("home", 1000, 450, 30), _row("news_index", 1000, 300, 9)]
    problems = bench_pages.check_targets(rows, {"home": 0.01, "news_index": 0.005})
    # Home: 45% anonymous, 3% signed in = 3x its 1% baseline: met.
    assert problems == [
        "News index: anonymous at 30.0% of the bare view (target 40%)",
        "News index: signed in at 0.9% of the bare view, under 3x the baseline's 0.5%",
    ]


def test_targets_count_errors_and_a_missing_baseline():
    problems = bench_pages.check_targets([_row("home", 1000, 500, 50, errors=1)], None)
    assert "Home: 1 anonymous errors" in problems
    assert "Home: 1 signed-in errors" in problems
    assert "Home: no signed-in baseline to compare with" in problems


def test_baseline_round_trip(tmp_path):
    path = tmp_path / "baseline.json"
    rows = [_row("home", 1000, 450, 30), _row("thread", 800, 8, 4)]
    path.write_text(json.dumps(bench_pages.baseline_document(META, rows)))
    assert bench_pages.load_baseline(path) == {"home": 0.03, "thread": 0.005}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("{not json", "not readable JSON"),
        ('{"signed_in_ratio": {"home": "fast"}}', "positive numbers"),
        ('{"signed_in_ratio": {"home": 0}}', "positive numbers"),
        ("[1, 2]", "positive numbers"),
    ],
)
def test_bad_baseline_files_are_refused(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BenchError, match=message):
        bench_pages.load_baseline(path)


def test_the_recorded_baseline_is_readable():
    assert set(bench_pages.load_baseline(bench_pages.DEFAULT_BASELINE)) == {
        key for key, _label in bench_pages.PAGES
    }


def test_cache_is_named_in_the_report():
    assert bench_pages.cache_label("redis://127.0.0.1:6379/9", False) == "Redis (127.0.0.1:6379/9)"
    assert "no Redis answered" in bench_pages.cache_label(None, False)
    assert "--no-redis" in bench_pages.cache_label(None, True)


def test_session_cookie_is_read_from_set_cookie_headers():
    headers = [
        "csrftoken=abc; expires=Sun, 28 Nov 2027 16:00:00 GMT; Path=/; SameSite=Lax; Secure",
        "sessionid=xyz123; HttpOnly; Path=/; Secure",
    ]
    assert bench_pages.cookie_value(headers, "sessionid") == "xyz123"
    assert bench_pages.cookie_value(headers, "csrftoken") == "abc"
    assert bench_pages.cookie_value(headers, "messages") is None


def test_deploy_check_warns_while_bench_mode_is_on(settings):
    from django.core import checks

    assert not [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "chm.W001"]
    settings.BENCH_MODE = True
    messages = checks.run_checks(include_deployment_checks=True)
    assert [m.id for m in messages if m.id == "chm.W001"] == ["chm.W001"]


def test_the_servers_log_tail_is_shown_when_responses_failed(tmp_path, capsys):
    log = tmp_path / "gunicorn.log"
    log.write_text("".join(f"line {n}\n" for n in range(100)))
    bench_pages.print_log_tail(log, lines=3)
    err = capsys.readouterr().err
    assert "line 97\nline 98\nline 99" in err
    assert "line 96" not in err
    bench_pages.print_log_tail(tmp_path / "missing.log")
    assert capsys.readouterr().err == ""

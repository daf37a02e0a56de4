"""What the page benchmark (``make bench-pages``, ``scripts/bench_pages.py``) needs inside the
site, mounted only when ``BENCH_MODE`` is on (never in a normal deployment).

- ``/_bench/bare/<bytes>/``: a bare Django view returning a constant HTML page of that many
  bytes. It is served by the same server, through the same middleware stack, as the real
  pages, so the benchmark can say how far each page is from the fastest page Django could
  serve at that size on that machine in that run.
- ``X-Bench-Queries``: the number of database queries a request ran, added to the response
  when the request carries ``X-Bench-Count-Queries: 1`` (one instrumented request per page,
  before the load; the requests under load do not ask, so they are not slowed).
"""

from django.conf import settings
from django.core import checks
from django.db import connections
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

# Larger than any page the portal should ever serve (the weight target is 100 KB).
BARE_MAX_BYTES = 5_000_000
COUNT_HEADER = "X-Bench-Count-Queries"
QUERIES_HEADER = "X-Bench-Queries"

_HEAD = b"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>bare</title></head><body>"
_TAIL = b"</body></html>\n"


@checks.register(checks.Tags.security, deploy=True)
def bench_mode_is_off(app_configs, **kwargs):
    """``manage.py check --deploy`` warns when a deployment still has the benchmark's endpoints."""
    if settings.BENCH_MODE:
        return [
            checks.Warning(
                "BENCH_MODE is on: /_bench/bare/ and the query count header are served.",
                hint="Unset BENCH_MODE outside the page benchmark (make bench-pages).",
                id="chm.W001",
            )
        ]
    return []


def bare_body(size):
    """A valid HTML page of exactly ``size`` bytes (at least the head and tail's length)."""
    filler = max(size - len(_HEAD) - len(_TAIL), 0)
    line = b"<p>Constant benchmark page.</p>\n"
    body = (line * (filler // len(line) + 1))[:filler]
    return _HEAD + body + _TAIL


@require_GET
def bare(request, size):
    if not settings.BENCH_MODE:
        raise Http404
    if size > BARE_MAX_BYTES:
        raise Http404
    return HttpResponse(bare_body(size), content_type="text/html; charset=utf-8")


class QueryCountMiddleware:
    """First in the stack in bench mode: counts every query a request asked for runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.headers.get(COUNT_HEADER) != "1":
            return self.get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [conn.execute_wrapper(counter) for conn in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            # Template responses are rendered inside the handler, so their queries count.
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERIES_HEADER] = str(count)
        return response

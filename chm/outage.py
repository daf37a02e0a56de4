"""Database outages: a clear 503 "temporarily unavailable" answer instead of a 500.

While PostgreSQL is down or restarting, any query raises ``OperationalError`` or
``InterfaceError`` (psycopg's "connection refused", "server closed the connection
unexpectedly", "the database system is starting up", "connection already closed"). Two
places turn that into an HTTP 503 with ``Retry-After``:

* ``OutageMiddleware.process_exception`` for errors raised by a view (the usual case: the
  first query of the page);
* ``server_error`` (the site's ``handler500``) for errors raised anywhere else in the
  request: in a middleware (the session lookup of a signed-in member, the redirects
  middleware's lookup on a 404), in the 404 or 403 handler, or while the response is being
  written (the session saved). Django hands every uncaught exception to ``handler500`` with the
  exception still current, so no path ends in a 500 for an outage.

The page is rendered without touching the database: no Wagtail ``Site``, no site settings, no
menus, no session or user (a standalone template on ``outage_base.html``), in the reader's
language taken from the URL prefix, the language cookie or ``Accept-Language``. ``/api/``
paths get JSON. The broken connection is closed so the next request opens a new one: the site
recovers by itself as soon as the database answers again.

A page cache in front (``chm.pagecache``, when installed) gets the first chance to answer an
anonymous reader with a stale copy.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

#: PostgreSQL errors Django reports as ``OperationalError`` that are not an unreachable
#: database: a statement cancelled by ``statement_timeout`` (57014) or a lock timeout (55P03).
NOT_OUTAGE_SQLSTATES = {"57014", "55P03"}

#: Seconds a client is asked to wait before trying again (``Retry-After``).
DEFAULT_RETRY_AFTER = 30


def retry_after():
    return int(getattr(settings, "OUTAGE_RETRY_AFTER", DEFAULT_RETRY_AFTER))


def is_outage(error):
    """Whether ``error`` means the database cannot be reached, rather than a bad query.

    ``OperationalError`` and ``InterfaceError`` are what Django raises for a lost or refused
    connection; another ``DatabaseError`` counts when the driver error under it is one of
    those (a lost connection noticed inside a cursor call Django does not wrap). A cancelled
    statement is not an outage: the database answered."""
    if not isinstance(error, DatabaseError | InterfaceError):
        return False
    cause = error.__cause__
    # psycopg 3 names the SQLSTATE ``sqlstate``, psycopg2 ``pgcode``.
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code in NOT_OUTAGE_SQLSTATES:
        return False
    if isinstance(error, OperationalError | InterfaceError):
        return True
    names = {cls.__name__ for cls in type(cause).__mro__} if cause is not None else set()
    return bool(names & {"OperationalError", "InterfaceError"})


def discard_broken_connections():
    """Close every opened database connection, so the next request connects afresh.

    With ``CONN_MAX_AGE`` > 0 a worker keeps its connection between requests; one broken by a
    database restart would otherwise be reused (``conn_health_checks`` would catch it at the
    next request, but closing here costs nothing and does not depend on it). Closing a broken
    connection can itself raise; that is ignored."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            # Still inside a transaction.atomic() (the whole request in a test's
            # transaction): that block's exit rolls back; closing under it would break it.
            continue
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a dead connection may fail to close; it is dropped
            connection.connection = None


def reader_language(request):
    """The reader's language without the database: the URL prefix, else the language cookie
    or ``Accept-Language`` (Django's own negotiation, with ``check_path``)."""
    try:
        return translation.get_language_from_request(request, check_path=True)
    except Exception:  # noqa: BLE001 - a malformed header never stops the outage page
        return settings.LANGUAGE_CODE


def wants_json(request):
    path = request.path_info
    return path.startswith("/api/") or path.endswith((".json", ".jsonld"))


def _stale_copy(request):
    """A stale copy from the page cache, when that middleware is installed and has one."""
    try:
        from chm.pagecache import stale_response
    except ImportError:
        return None
    try:
        return stale_response(request)
    except Exception:  # noqa: BLE001 - the page cache failing must not hide the 503
        logger.exception("Page cache could not serve a stale copy during an outage")
        return None


def _same_site_path(request):
    """The "try again" link: the requested path, never one a browser would read as another
    host (``//host/...``, ``/\\host``)."""
    path = request.get_full_path()
    if path.startswith(("//", "/\\")) or not path.startswith("/"):
        return "/"
    return path


def unavailable_response(request):
    """The 503 answer for ``request``: a stale cached copy, JSON for the API, else the page."""
    stale = _stale_copy(request)
    if stale is not None:
        return stale
    seconds = retry_after()
    language = reader_language(request)
    with translation.override(language):
        message = gettext("The site is temporarily unavailable. Please try again in a few moments.")
        if wants_json(request):
            response = JsonResponse(
                {"error": "unavailable", "detail": message, "retry_after": seconds},
                status=503,
            )
        else:
            content = loader.render_to_string(
                "outage/503.html",
                {
                    "retry_after": seconds,
                    "message": message,
                    "path": _same_site_path(request),
                    "site_name": settings.WAGTAIL_SITE_NAME,
                },
            )
            response = HttpResponse(content, status=503)
        response["Content-Language"] = language
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def handle_outage(request, error):
    logger.warning(
        "Database unavailable during %s %s: %s: %s",
        request.method,
        request.path,
        type(error).__name__,
        error,
    )
    discard_broken_connections()
    return unavailable_response(request)


class OutageMiddleware:
    """Answers a view's database-connection error with the 503 page (``handle_outage``).

    Sits after the page cache and before the session and authentication middleware in
    ``MIDDLEWARE``; errors raised by those (or any other middleware) reach ``server_error``
    instead, which gives the same answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return handle_outage(request, exception)
        return None


def server_error(request, *args, **kwargs):
    """``handler500``: the outage page for a database-connection error raised anywhere in the
    request; otherwise the static 500 page (rendered without context, like Django's own)."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        return handle_outage(request, error)
    try:
        template = loader.get_template("500.html")
    except Exception:  # noqa: BLE001 - the last resort has no template to lose
        return HttpResponseServerError(b"<h1>Server Error (500)</h1>", content_type="text/html")
    return HttpResponseServerError(template.render())

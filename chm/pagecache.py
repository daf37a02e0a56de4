"""The anonymous page cache: whole responses for readers who are not signed in.

A reader with no session cookie gets the same page as every other such reader at the same
address, so the rendered response is kept in the ``pages`` cache (Redis when ``REDIS_URL`` is
set, shared by every web process) and served again without touching the database.

**Keys.** Scheme, host (the ``Host`` header, so the Wagtail ``Site`` lookup is not needed on a
hit), path (the language is its prefix) and the query string with its parameters sorted; on
``/`` the remembered-language cookie too (``chm.i18n.RememberedLanguageMiddleware``). A long
query string (``MAX_QUERY_LENGTH``) or one with many parameters is never cached, so a bot
cannot fill the cache with unbounded keys; every key is a fixed-length digest.

**Freshness: one generation number.** Every key carries the current generation, a number in
the ``pages`` cache. Any database write that could change a public page bumps it, which makes
every cached page unreachable at once (they expire on their own). Writes are seen where they
happen, at the SQL level (a wrapper on every database connection), so nothing escapes:
``save()`` and ``delete()``, but also ``QuerySet.update()`` and ``bulk_create()``, which send
no signals and which the forum moderation, the review workflow and the harvester use. The
writes that cannot change a public page do not bump it: sessions, log entries, page revisions
(drafts) and a page's draft-only columns, notifications, read marks, saved searches, task
results, image renditions made while rendering (``NEVER_PUBLIC_MODELS``). A write bumps at
once (so the same process sees it) and again when its transaction commits (a page another
process rendered between the two, from the data before the commit, is dropped too).

**Privacy.** Only GET/HEAD responses with status 200 to requests without a session, message
or authorization, that did not use the CSRF token, set no cookie, are not ``private`` /
``no-store`` / ``no-cache``, vary on nothing but ``Cookie``, ``Accept-Language`` and
``Accept-Encoding`` (the first two are settled by the absence of a session cookie and by the
path; the encoding is part of the key) and are outside ``PAGE_CACHE_EXCLUDED_PATHS`` (admin,
accounts, API, member pages). Restricted pages never answer an anonymous reader with a 200
without a form (CSRF), so they are never stored.

**Outages.** Each stored page also has a longer-lived stale copy, outside the generation.
When rendering fails because the database cannot be reached, an anonymous reader gets that
copy (``X-Cache: stale``); ``stale_response(request)`` is the same answer for the outage
handler (``chm.outage``).

Every response that went through the lookup says ``X-Cache: hit``, ``miss``, ``stale`` or
``bypass``.
"""

import hashlib
import logging
import re
import sys
import threading
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe

from chm.i18n import default_language, site_languages, split_language

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"
MAX_QUERY_LENGTH = 200
MAX_QUERY_PARAMETERS = 6
MAX_PATH_LENGTH = 500
MAX_BODY_BYTES = 1024 * 1024

# Vary headers the key accounts for (see the module docstring).
KEYED_VARY = {"cookie", "accept-language", "accept-encoding"}

# Headers not stored with a page: they belong to one response.
UNSTORED_HEADERS = {"set-cookie", "x-cache", "date", "age"}

# Rows of these models never appear on a public page: writing them changes no cached page.
NEVER_PUBLIC_MODELS = (
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
    "account.emailaddress",
    "account.emailconfirmation",
    "django_tasks_database.dbtaskresult",
    "wagtailcore.revision",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailcore.apitoken",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
    "wagtailusers.userprofile",
    # Wagtail's own search index serves the admin; the site's search is search.SearchDocument.
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailimages.rendition",
    "wagtailembeds.embed",
    "wagtailforms.formsubmission",
    "wagtail_localize.translationlog",
    "wagtail_localize.translationsource",
    "wagtail_localize.string",
    "wagtail_localize.stringtranslation",
    "wagtail_localize.stringsegment",
    "wagtail_localize.templatesegment",
    "wagtail_localize.relatedobjectsegment",
    "wagtail_localize.overridablesegment",
    "wagtail_localize.segmentoverride",
    "wagtail_localize.translationcontext",
    "wagtail_localize.template",
    "chm.acceptance",
    "forums.readstate",
    "forums.subscription",
    "forums.notification",
    "forums.flag",
    "groups.joinrequest",
    "partners.organizationrequest",
    "cooperation.matchcandidate",
    "cooperation.candidateterm",
    "cooperation.matchfeedback",
    "exchange.harvestrun",
    "search.savedsearch",
)

# Columns whose update alone changes nothing public: a page's draft state and lock, a member's
# last sign-in.
PRIVATE_COLUMNS = {
    "wagtailcore.page": {
        "draft_title",
        "latest_revision_id",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by_id",
    },
    "auth.user": {"last_login"},
}

# SQLite writes ``INSERT OR IGNORE INTO`` for ``bulk_create(ignore_conflicts=True)``, which is
# how Django adds many-to-many rows (``member.groups.add(...)``, a page's targets).
_WRITE = re.compile(
    r"\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?([\w.]+)", re.IGNORECASE
)
_SET_COLUMN = re.compile(r"[\"`](\w+)[\"`]\s*=")

_never_public_tables = set()
_private_columns = {}
_state = threading.local()


def cache_seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def stale_seconds():
    return int(getattr(settings, "PAGE_CACHE_STALE_SECONDS", 24 * 60 * 60) or 0)


def browser_seconds():
    return int(getattr(settings, "PAGE_CACHE_MAX_AGE", 60) or 0)


def enabled():
    return cache_seconds() > 0


def _cache():
    return caches[CACHE_ALIAS]


# --- The generation ---------------------------------------------------------------------------


def current_generation():
    """The generation every key carries now. Missing (first use, or evicted), it starts from
    the clock, so it never returns to a number older pages were stored under."""
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump():
    """Make every cached page unreachable (stale copies stay for outages)."""
    _state.stored = False
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # Missing: any new number will do, as long as it is one no page was stored under.
            if not cache.add(GENERATION_KEY, time.time_ns(), timeout=None):
                cache.incr(GENERATION_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must not fail the write itself
        logger.exception("Page cache: could not bump the generation")


def _bump_on_commit():
    bump()


def _note_write(connection, sql):
    match = _WRITE.match(sql)
    if match is None:
        return
    table = match.group(2).split(".")[-1]
    if table in _never_public_tables:
        return
    private = _private_columns.get(table)
    if private and match.group(1).upper() == "UPDATE":
        head = sql.split(" WHERE ", 1)[0]
        columns = set(_SET_COLUMN.findall(head))
        if columns and columns <= private:
            return
    if not connection.in_atomic_block:
        bump()  # already committed
        return
    # Within a transaction: now, for this process's next read (only if it stored a page since
    # the last bump), and again on commit, for the other processes.
    if getattr(_state, "stored", True):
        bump()
    pending = any(func is _bump_on_commit for _sids, func, _robust in connection.run_on_commit)
    if not pending:
        connection.on_commit(_bump_on_commit, robust=True)


class WriteWatcher:
    """An execute wrapper on every database connection (``connection_created``)."""

    def __init__(self, connection):
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if enabled() and sql and sql.lstrip()[:1] in "IUDiud":
            _note_write(self.connection, sql)
        return result


def watch_connection(sender, connection, **kwargs):
    if not any(isinstance(w, WriteWatcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(WriteWatcher(connection))


def on_setting_changed(**kwargs):
    """Tests change settings between two requests for the same page."""
    if kwargs.get("setting") != "PAGE_CACHE_SECONDS":
        bump()


def connect():
    """Called from ``ChmConfig.ready``."""
    from django.apps import apps
    from django.core.signals import got_request_exception
    from django.db import connections
    from django.db.backends.signals import connection_created
    from django.test.signals import setting_changed

    _never_public_tables.clear()
    for label in NEVER_PUBLIC_MODELS:
        try:
            _never_public_tables.add(apps.get_model(label)._meta.db_table)
        except LookupError:
            continue
    _never_public_tables.add("django_session")
    _private_columns.clear()
    for label, columns in PRIVATE_COLUMNS.items():
        _private_columns[apps.get_model(label)._meta.db_table] = columns

    connection_created.connect(watch_connection, dispatch_uid="chm_pagecache_watch")
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)
    got_request_exception.connect(note_request_exception, dispatch_uid="chm_pagecache_error")
    setting_changed.connect(on_setting_changed, dispatch_uid="chm_pagecache_settings")


# --- Which requests and responses ---------------------------------------------------------------


def _is_excluded(path):
    _language, rest = split_language(path)
    prefixes = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))
    return rest.startswith(prefixes) or path.startswith(prefixes)


def _normalized_query(request):
    """The query string with its parameters sorted; None if it is too long to cache."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ""
    if len(raw) > MAX_QUERY_LENGTH:
        return None
    pairs = parse_qsl(raw, keep_blank_values=True)
    if len(pairs) > MAX_QUERY_PARAMETERS:
        return None
    return urlencode(sorted(pairs))


def request_key(request):
    """The request's key without the generation, or None if it may not use the cache."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    path = request.path
    if len(path) > MAX_PATH_LENGTH or _is_excluded(request.path_info):
        return None
    query = _normalized_query(request)
    if query is None:
        return None
    try:
        host = request.get_host().lower()
    except DisallowedHost:
        return None
    language = ""
    if request.path_info == "/":
        chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in site_languages() and chosen != default_language():
            language = chosen
    encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else ""
    raw = "\n".join((request.scheme, host, path, query, language, encoding))
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _messages_pending(request):
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(getattr(storage, "_queued_messages", None)) or bool(
        getattr(storage, "added_new", False)
    )


def _is_authenticated(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_cacheable(request, response):
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or getattr(response, "is_rendered", True) is False:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if _is_authenticated(request) or _messages_pending(request):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if not vary <= KEYED_VARY:
        return False
    return len(response.content) <= MAX_BODY_BYTES


# --- Storing and serving -----------------------------------------------------------------------


def _pack(response):
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    ]
    return (response.status_code, headers, response.content)


def _unpack(stored, state):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = state
    return response


def _answer_conditionally(request, response):
    """A hit honours ``If-None-Match`` / ``If-Modified-Since`` against the stored page's
    ``ETag`` / ``Last-Modified``, as the view that made it would (a 304 instead of the body)."""
    last_modified = response.get("Last-Modified")
    answer = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    answer["X-Cache"] = response["X-Cache"]
    return answer


def _page_key(generation, key):
    return f"page:{generation}:{key}"


def _stale_key(key):
    return f"stale:{key}"


def lookup(key):
    try:
        return _cache().get(_page_key(current_generation(), key))
    except Exception:  # noqa: BLE001 - a cache outage means a miss
        logger.exception("Page cache: lookup failed")
        return None


def store(key, generation, response):
    packed = _pack(response)
    cache = _cache()
    try:
        cache.set(_page_key(generation, key), packed, cache_seconds())
        if stale_seconds() > 0:
            cache.set(_stale_key(key), packed, stale_seconds())
        _state.stored = True
    except Exception:  # noqa: BLE001 - a cache outage means the page is simply not kept
        logger.exception("Page cache: store failed")


# --- Shared data: what every reader of a site and language sees on every page ---------------

_MISSING = object()
# A key part meaning "not to be shared" (``shareable_query`` of an unbounded query string).
UNSHAREABLE = object()


def shareable_query(request):
    """The request's query string, sorted, to key what depends on it alone (a listing's filter
    form); ``UNSHAREABLE`` when it is too long or has too many parameters, the same bound as
    the page cache's, so nobody can fill the cache with endless variants."""
    query = _normalized_query(request) if request is not None else ""
    return UNSHAREABLE if query is None else query


def remember(parts, compute):
    """``compute()``'s value, shared by every process until the next write that bumps the
    generation: for what pages repeat for every reader, signed in or not (the main menu, the
    footer, the announcements, breadcrumbs). ``parts`` names the value; the caller includes
    whatever it varies on (site, language, page). Never for anything that depends on the
    reader: it is served to everyone.

    Off with the page cache (``PAGE_CACHE_SECONDS=0``), so the query budgets count the render;
    a cache outage computes the value afresh."""
    if not enabled() or any(part is UNSHAREABLE for part in parts):
        return compute()
    digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()
    try:
        cache = _cache()
        key = f"shared:{current_generation()}:{digest}"
        value = cache.get(key, _MISSING)
    except Exception:  # noqa: BLE001 - a cache outage: compute it, as without the cache
        logger.exception("Page cache: shared lookup failed")
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, cache_seconds())
            _state.stored = True
        except Exception:  # noqa: BLE001 - not kept this time
            logger.exception("Page cache: shared store failed")
    return value


def stale_response(request):
    """The last stored copy of this page for an anonymous reader, marked ``X-Cache: stale``,
    or None (a member, a page never stored, or the cache off). For database outages."""
    if not enabled():
        return None
    key = request_key(request)
    if key is None:
        return None
    try:
        stored = _cache().get(_stale_key(key))
    except Exception:  # noqa: BLE001
        logger.exception("Page cache: stale lookup failed")
        return None
    if stored is None:
        return None
    response = _unpack(stored, "stale")
    # A stale copy must not stay in browsers and proxies once the site is back.
    response["Cache-Control"] = "no-cache"
    return response


def _is_database_outage(error):
    """Whether an anonymous reader should get the stale copy: the database is unreachable
    (``chm.outage.is_outage``, the same test the 503 page uses), or any other operational
    error, such as a statement cancelled by its timeout on an overloaded server. The 503 page
    does not count the latter as an outage (it is not one to wait out), but an old copy of a
    public page still serves the reader better than an error."""
    from chm.outage import is_outage

    return is_outage(error) or isinstance(error, OperationalError | InterfaceError)


def note_request_exception(sender, request=None, **kwargs):
    """``got_request_exception``: an error raised anywhere in the request (a middleware too,
    where ``process_exception`` does not see it) is turned into a response before it reaches
    the page cache; this remembers that it was the database."""
    if request is not None and _is_database_outage(sys.exc_info()[1]):
        request._pagecache_database_error = True


def _set_browser_headers(request, response, cacheable):
    if response.has_header("Cache-Control"):
        return
    if cacheable:
        patch_cache_control(response, public=True, max_age=browser_seconds())
        # Signing in changes the cookie: the browser must not show this copy to a member.
        patch_vary_headers(response, ("Cookie",))
    elif (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or response.cookies
        or _is_authenticated(request)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        patch_cache_control(response, private=True)


class PageCacheMiddleware:
    """Early in ``MIDDLEWARE``: after the security, CSP and static-file middleware (their
    headers are added to every answer, a cached one too), before sessions and everything that
    may query the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        key = request_key(request)
        if key is None:
            response = self.get_response(request)
            _set_browser_headers(request, response, cacheable=False)
            if request.method in ("GET", "HEAD"):
                response.setdefault("X-Cache", "bypass")
            return response

        try:
            generation = current_generation()
            stored = _cache().get(_page_key(generation, key))
        except Exception:  # noqa: BLE001 - a cache outage means a miss
            logger.exception("Page cache: lookup failed")
            generation, stored = None, None
        if stored is not None:
            return _answer_conditionally(request, _unpack(stored, "hit"))

        response = self.get_response(request)
        if response.get("X-Cache") == "stale":
            return response  # process_exception (or the outage handler) served the copy
        if response.status_code >= 500 and (
            getattr(request, "_pagecache_database_error", False) or response.status_code == 503
        ):
            stale = stale_response(request)
            if stale is not None:
                return stale
            return response
        cacheable = is_cacheable(request, response)
        _set_browser_headers(request, response, cacheable)
        if cacheable and generation is not None:
            store(key, generation, response)
        response["X-Cache"] = "miss"
        return response

    def process_exception(self, request, exception):
        if _is_database_outage(exception):
            request._pagecache_database_error = True
            return stale_response(request)
        return None

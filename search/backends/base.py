"""The search service's interface, shared by the database and Elasticsearch backends.

Views, templates, tasks and the management command only use these types and the methods of
``SearchBackend``; which backend runs is decided once, by settings, in ``get_backend()``.
"""

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..facets import tokens_for

MAX_QUERY_LENGTH = 1000
MAX_TEXT_LENGTH = 200_000  # characters of a record's text that are indexed
# Private-use characters around highlighted words: the backends mark matches with these,
# then ``safe_highlight`` escapes everything and turns only them into <mark>.
MARK_START = "\ue000"
MARK_END = "\ue001"
_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")


def clean_text(value):
    return _MARKS.sub("", str(value or ""))


def safe_highlight(fragment):
    """Escaped text whose only markup is <mark>…</mark> around matched words."""
    html = escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    if html.count("<mark>") != html.count("</mark>"):  # a fragment cut inside a mark
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)  # noqa: S308 - escaped above; only <mark> is added


@dataclass
class Query:
    """One search request, already validated (search.forms.SearchForm builds it)."""

    text: str = ""
    filters: dict = field(default_factory=dict)  # facet -> [values]: OR within, AND across
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"  # or "date"
    page: int = 1
    page_size: int = 20
    audiences: frozenset | None = None  # None: no restriction (system use only)
    with_facets: bool = True
    language: str = "en"  # the searcher's language, for query analysis

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass
class Hit:
    uuid: str
    record_type: str
    title: str
    url: str
    published: datetime | None
    language: str
    classification: dict  # facet -> [values]
    title_html: str = ""
    snippet: str = ""
    when: dict = field(default_factory=dict)  # an event's dates (``when_of``), else {}

    # An event's dates in the event's own time zone: what its page shows, so the result
    # shows it too (rather than when the record was published).

    @property
    def all_day(self):
        return bool(self.when.get("all_day"))

    @property
    def time_zone(self):
        return self.when.get("time_zone") or "UTC"

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            return UTC

    def _moment(self, key):
        value = self.when.get(key)
        if not value:
            return None
        if self.all_day:
            return parse_date(value[:10])
        moment = parse_datetime(value)
        if moment is None:
            return None
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self.zone)

    @property
    def starts(self):
        return self._moment("start")

    @property
    def ends(self):
        return self._moment("end")


@dataclass
class Results:
    hits: list
    total: int
    facets: dict = field(default_factory=dict)  # facet -> [(value, count)], most first
    fuzzy: bool = False  # no exact match: these are close spellings
    # More matches than the backend counts exactly (``SEARCH_COUNT_CAP``): ``total`` and the
    # facet counts are lower bounds, and the page is ranked among the matches counted.
    approximate: bool = False


def when_of(document):
    """When the record happens, if it is an event-like record whose shape carries ``start``
    (and ``end``, ``time_zone``, ``all_day``; ISO strings in the record's own zone): kept for
    display only."""
    if not document.get("start"):
        return {}
    return {
        "start": str(document["start"]),
        "end": str(document.get("end") or document["start"]),
        "time_zone": str(document.get("time_zone") or "UTC"),
        "all_day": bool(document.get("all_day")),
    }


def index_document(document, obj=None):
    """The flat document a backend stores, from ``serializer.search_document(obj)``."""
    text = clean_text(document.get("text"))[:MAX_TEXT_LENGTH]
    return {
        "uuid": str(document["uuid"]),
        "type": document["type"],
        "title": clean_text(document.get("title")),
        "summary": clean_text(document.get("summary")),
        "text": text,
        "url": document.get("url") or "",
        "published": document.get("published"),
        "language": document.get("language") or "",
        "facets": tokens_for(document),
        "audiences": sorted(set(document.get("audiences") or [])),
        "when": when_of(document),
        "obj": obj,
    }


class SearchBackend:
    """Indexes records, removes them, and answers queries with facets and highlights."""

    def index(self, document, obj=None):
        """Add or replace one record (a ``search_document`` dict)."""
        raise NotImplementedError

    def bulk_index(self, documents):
        """Add or replace many ``(document, obj)`` pairs; returns how many were written."""
        for document, obj in documents:
            self.index(document, obj)
        return len(documents)

    def remove(self, uuid):
        raise NotImplementedError

    def remove_object(self, content_type_id, object_id):
        """Remove whatever the index holds for a deleted database object."""
        raise NotImplementedError

    def search(self, query):
        """A ``Results`` for a ``Query``."""
        raise NotImplementedError

    def check_health(self):
        """Raise when the backend cannot answer (``/healthz``); the database backend is as
        healthy as the database, which ``/healthz`` checks already."""

    def suggest(self, prefix, audiences, limit=8):
        """Title suggestions for a partly typed query: ``[{"title", "url", "type"}]``."""
        raise NotImplementedError

    def indexed_uuids(self, record_type=None):
        """The set of record uuids in the index (for ``search_index check``)."""
        raise NotImplementedError

    def clear(self, record_type=None):
        """Empty the index (or one record type's part of it) and (re)create its structures."""
        raise NotImplementedError


class SearchUnavailable(Exception):
    """The search service cannot answer now (e.g. the Elasticsearch cluster is down)."""

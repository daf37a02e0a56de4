"""``DatabaseBackend``: writing rows, and the search steps both database dialects share."""

import logging
from contextlib import contextmanager
from datetime import UTC, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections, transaction
from django.db.models import Count, F, Window
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from chm.outage import is_outage
from exchange.serializers import sees_everything

from ...facets import FACETS, values_by_facet
from ...models import SearchDocument
from ..base import Hit, Results, SearchBackend, SearchUnavailable, index_document
from .common import SNIPPET_WORDS, date_bounds, words
from .generic import GenericDialect
from .postgres import PostgresDialect

logger = logging.getLogger(__name__)

FIELDS = (
    "uuid",
    "record_type",
    "title",
    "url",
    "published",
    "language",
    "facets",
    "summary",
    "when",
)
UPDATE_FIELDS = [
    "record_type",
    "content_type",
    "object_id",
    "title",
    "summary",
    "text",
    "url",
    "published",
    "language",
    "facets",
    "audiences",
    "when",
    "indexed_at",
]


def _aware_datetime(value):
    """A record's publication moment as an aware datetime: records dated by day ("2025-03-01",
    e.g. news) count from midnight UTC that day."""
    if not value:
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if parsed is None:
        day = parse_date(value)
        return datetime.combine(day, time.min, UTC) if day else None
    if not isinstance(parsed, datetime):
        return datetime.combine(parsed, time.min, UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _row(document, obj=None):
    data = index_document(document, obj)
    published = _aware_datetime(data["published"])
    content_type, object_id = None, ""
    if obj is not None and getattr(obj, "pk", None) is not None:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        object_id = str(obj.pk)
    return SearchDocument(
        uuid=data["uuid"],
        record_type=data["type"],
        content_type=content_type,
        object_id=object_id,
        title=data["title"],
        summary=data["summary"],
        text=data["text"],
        url=data["url"],
        published=published,
        language=data["language"],
        facets=data["facets"],
        audiences=data["audiences"],
        when=data["when"],
    )


def count_cap():
    """How many matches a word query sorted by relevance reads at most (``SEARCH_COUNT_CAP``;
    ``None``: all). Beyond it, its total and facet counts are lower bounds."""
    from django.conf import settings

    cap = getattr(settings, "SEARCH_COUNT_CAP", None)
    return cap if isinstance(cap, int) and cap > 0 else None  # 0 or less: no cap


@contextmanager
def _unavailable_on_error():
    """A failing search query (a statement timeout, a missing index table) reads as
    ``SearchUnavailable``, which the search page and the suggestions show as a message. An
    unreachable database is left to propagate: the whole page is then unavailable
    (``chm.outage`` answers 503)."""
    try:
        yield
    except DatabaseError as error:
        if is_outage(error):
            raise
        logger.exception("Database search backend failed")
        raise SearchUnavailable(str(error)) from error


class DatabaseBackend(SearchBackend):
    def _dialect(self):
        connection = connections[SearchDocument.objects.db]
        return PostgresDialect() if connection.vendor == "postgresql" else GenericDialect()

    # --- writing ------------------------------------------------------------------------------

    def index(self, document, obj=None):
        self.bulk_index([(document, obj)])

    def bulk_index(self, documents, batch_size=1000):
        rows = [_row(document, obj) for document, obj in documents]
        now = datetime.now(UTC)
        for row in rows:
            row.indexed_at = now
        with transaction.atomic():
            SearchDocument.objects.bulk_create(
                rows,
                batch_size=batch_size,
                update_conflicts=True,
                unique_fields=["uuid"],
                update_fields=UPDATE_FIELDS,
            )
        return len(rows)

    def remove(self, uuid):
        SearchDocument.objects.filter(uuid=uuid).delete()

    def remove_object(self, content_type_id, object_id):
        SearchDocument.objects.filter(
            content_type_id=content_type_id, object_id=str(object_id)
        ).delete()

    def indexed_uuids(self, record_type=None):
        queryset = SearchDocument.objects.all()
        if record_type:
            queryset = queryset.filter(record_type=record_type)
        return {str(value) for value in queryset.values_list("uuid", flat=True)}

    def clear(self, record_type=None):
        """One ``DELETE`` statement. ``QuerySet.delete()`` would load every row first (the
        search signals listen to every model's deletion), a million documents with their
        text for the benchmark's million records; nothing refers to a document and no
        serializer is registered for it, so there is nothing for those signals to do."""
        queryset = SearchDocument.objects.all()
        if record_type:
            queryset = queryset.filter(record_type=record_type)
        queryset._raw_delete(queryset.db)

    # --- reading ------------------------------------------------------------------------------

    def search(self, query):
        with _unavailable_on_error():
            return self._search(query)

    def _search(self, query):
        dialect = self._dialect()
        terms = words(query.text)
        with transaction.atomic(using=SearchDocument.objects.db):
            dialect.prepare(bool(terms))
            match = dialect.matcher(query.text, terms, query.language) if terms else None
            if match is not None and dialect.one_scan:
                return self._search_matched(dialect, query, match)
            return self._search_by_queryset(dialect, query, match)

    def _search_by_queryset(self, dialect, query, match):
        """Querysets: the page, then (without any exact match) a typo-corrected retry, then the
        facet counts."""
        queryset = self._matching(dialect, query, match)
        rows, total = self._page(queryset, query, match)
        fuzzy = False
        if match is not None and total == 0:
            fuzzy_match = dialect.fuzzy_matcher(
                self._filtered(dialect, query), query.text, words(query.text)
            )
            if fuzzy_match is not None:
                match, fuzzy = fuzzy_match, True
                queryset = self._matching(dialect, query, match)
                rows, total = self._page(queryset, query, match)
        highlights = dialect.highlights(rows, match) if match is not None else {}
        hits = [self._hit(row, highlights.get(row["id"])) for row in rows]
        facets = self._facet_counts(dialect, query, match, queryset) if query.with_facets else {}
        return Results(hits=hits, total=total, facets=facets, fuzzy=fuzzy)

    def _facet_counts(self, dialect, query, match, queryset):
        facets = dialect.facet_counts(queryset)
        for facet, values in query.filters.items():
            if values and facet in FACETS:
                # Counts for a facet already filtered on ignore its own filter, so the other
                # values still show how many records choosing them would add.
                others = self._matching(dialect, query, match, skip_facet=facet)
                facets[facet] = dialect.facet_counts(others, only=facet).get(facet, [])
        return facets

    def _search_matched(self, dialect, query, match):
        """Words on PostgreSQL: page, total and every facet count from one scan of the matches
        (``PostgresDialect.matched``), then the page's fields and highlights."""
        ids, total, facets, capped = self._matched(dialect, query, match)
        fuzzy = False
        if total == 0:
            match, fuzzy = dialect.fuzzy_matcher(None, query.text, words(query.text)), True
            ids, total, facets, capped = self._matched(dialect, query, match)
        by_id = {
            row["id"]: row
            for row in SearchDocument.objects.filter(id__in=ids).values("id", *FIELDS)
        }
        rows = [by_id[pk] for pk in ids if pk in by_id]
        highlights = dialect.highlights(rows, match)
        hits = [self._hit(row, highlights.get(row["id"])) for row in rows]
        return Results(hits=hits, total=total, facets=facets, fuzzy=fuzzy, approximate=capped)

    def _matched(self, dialect, query, match):
        """``dialect.matched`` reading at most ``count_cap()`` matches, or all of them when
        none of those read is visible or passes the filters (only reading them all tells
        whether any does)."""
        filters = self._facet_filters(query)
        ids, total, facets, capped = dialect.matched(query, match, filters, count_cap())
        if capped and total == 0:
            ids, total, facets, capped = dialect.matched(query, match, filters)
        return ids, total, facets, capped

    @staticmethod
    def _facet_filters(query):
        """``[(facet, tokens)]`` of the facets filtered on, in a stable order."""
        return [
            (facet, [f"{facet}:{value}" for value in values])
            for facet, values in query.filters.items()
            if values and facet in FACETS
        ]

    def _filtered(self, dialect, query, skip_facet=None):
        """Documents the searcher may see that pass the facet and date filters."""
        queryset = SearchDocument.objects.all()
        if query.audiences is not None and not sees_everything(query.audiences):
            queryset = dialect.any_of(queryset, "audiences", sorted(query.audiences))
        for facet, values in query.filters.items():
            if values and facet != skip_facet and facet in FACETS:
                tokens = [f"{facet}:{value}" for value in values]
                queryset = dialect.any_of(queryset, "facets", tokens)
        start, end = date_bounds(query)
        if start:
            queryset = queryset.filter(published__gte=start)
        if end:
            queryset = queryset.filter(published__lt=end)
        return queryset

    def _matching(self, dialect, query, match, skip_facet=None):
        queryset = self._filtered(dialect, query, skip_facet=skip_facet)
        if match is not None:
            queryset = match.apply(queryset)
        return queryset

    def _page(self, queryset, query, match):
        """One page of rows and the total number of matches, in one query."""
        if match is not None and query.sort != "date":
            ordering = ["-rank", F("published").desc(nulls_last=True), "-id"]
        else:
            ordering = [F("published").desc(nulls_last=True), "-id"]
        rows = list(
            queryset.annotate(full_count=Window(Count("id")))
            .order_by(*ordering)
            .values("id", "full_count", *FIELDS)[query.offset : query.offset + query.page_size]
        )
        if rows:
            return rows, rows[0]["full_count"]
        return rows, (queryset.count() if query.offset else 0)

    def _hit(self, row, highlight):
        title_html, snippet = highlight or (None, None)
        if snippet is None:
            snippet = escape(Truncator(row["summary"]).words(SNIPPET_WORDS))
        return Hit(
            uuid=str(row["uuid"]),
            record_type=row["record_type"],
            title=row["title"],
            url=row["url"],
            published=row["published"],
            language=row["language"],
            classification=values_by_facet(row["facets"]),
            title_html=title_html or escape(row["title"]),
            snippet=mark_safe(snippet),  # noqa: S308 - escaped, or built by safe_highlight
            when=row.get("when") or {},
        )

    def suggest(self, prefix, audiences, limit=8):
        with _unavailable_on_error():
            return self._suggest(prefix, audiences, limit)

    def _suggest(self, prefix, audiences, limit):
        terms = words(prefix)
        if not terms or len("".join(terms)) < 2:
            return []
        queryset = SearchDocument.objects.all()
        dialect = self._dialect()
        if audiences is not None and not sees_everything(audiences):
            queryset = dialect.any_of(queryset, "audiences", sorted(audiences))
        for term in terms[:6]:
            queryset = queryset.filter(title__icontains=term)
        rows = queryset.order_by(F("published").desc(nulls_last=True), "-id").values(
            "title", "url", "record_type"
        )[:limit]
        return [{"title": r["title"], "url": r["url"], "type": r["record_type"]} for r in rows]

"""Wagtail's database search backend, made safe for what editors type into the admin.

Wagtail's own search (the admin's page, image and document searches and choosers; the
portal's public search is ``search/``) runs on django-modelsearch's database backend, which
picks a PostgreSQL, MySQL or SQLite FTS5 implementation for the default database. Three
shortcomings of that backend gave editors HTTP 500s, and are handled here rather than in
each view (https://docs.wagtail.org/en/stable/topics/search/backends.html):

- SQLite FTS5 reads the text as MATCH syntax: a ``"`` inside a word ends the quoted string it is
  wrapped in ("unterminated string"), and terms without any letter or digit (``*``, ``-``,
  ``(``) become empty phrases that make a whole AND match nothing. Double quotes are escaped
  the FTS5 way (doubled) and such terms are dropped; a query with no word left finds nothing.
- SQLite FTS5 cannot restrict a search to named fields: ``fields=["address"]`` becomes a
  ``{address}`` column filter on the index table, which only has title, body and autocomplete
  columns ("no such column", wagtail/django-modelsearch#47). On SQLite the search covers the
  record's indexed text instead (a superset of the named fields).
- Filters are checked against ``search_fields`` before searching, which fails on an
  annotation (the images and documents listings' usage count: "'Coalesce' object has no
  attribute 'target'") and on fields that are not ``FilterField``s (the page explorer's "has
  child pages": ``numchild``). The database backends run the queryset's own WHERE clause in
  SQL, so they skip that check; it only matters for Elasticsearch, which translates filters.

``SearchBackend(params)`` is what ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]`` names.
"""

import functools
import re

from django.db import connection

from wagtail.search.backends.database import SearchBackend as database_search_backend
from wagtail.search.query import And, Not, Or, Phrase, PlainText

# A word FTS5's unicode61 tokenizer indexes: letters, numbers (not the underscore).
_WORD = re.compile(r"[^\W_]")


def fts5_safe_query(query):
    """The query with text FTS5 reads literally, or None when no word is left to search for."""
    if isinstance(query, PlainText):
        words = [term for term in query.query_string.split() if _WORD.search(term)]
        terms = [term.replace('"', '""') for term in words]
        return PlainText(" ".join(terms), operator=query.operator) if terms else None
    if isinstance(query, Phrase):
        if not _WORD.search(query.query_string):
            return None
        return Phrase(query.query_string.replace('"', '""'))
    if isinstance(query, (And, Or)):
        subqueries = [fts5_safe_query(subquery) for subquery in query.subqueries]
        subqueries = [subquery for subquery in subqueries if subquery is not None]
        if not subqueries:
            return None
        return subqueries[0] if len(subqueries) == 1 else type(query)(subqueries)
    if isinstance(query, Not):
        subquery = fts5_safe_query(query.subquery)
        return None if subquery is None else Not(subquery)
    return query  # MatchAll and anything else the backend handles itself


class AnnotationFiltersMixin:
    """Let the database apply the queryset's own filters (see the module docstring)."""

    def _get_filters_from_queryset(self, check_only=False):
        if check_only:
            return None  # the database backends run the WHERE clause as it is, in SQL
        return super()._get_filters_from_queryset(check_only=check_only)


@functools.cache
def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class SafeSQLiteMixin(AnnotationFiltersMixin):
        def search(self, config, start, stop, score_field=None):
            query = fts5_safe_query(self.query)
            if query is None:
                return self.queryset.none()
            self.query = query
            # FTS5 columns are the index's (title, body, autocomplete), not model fields.
            self.fields = None
            return super().search(config, start, stop, score_field=score_field)

    class SafeSQLiteSearchQueryCompiler(SafeSQLiteMixin, SQLiteSearchQueryCompiler):
        pass

    class SafeSQLiteAutocompleteQueryCompiler(SafeSQLiteMixin, SQLiteAutocompleteQueryCompiler):
        pass

    class SafeSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = SafeSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = SafeSQLiteAutocompleteQueryCompiler

    return SafeSQLiteSearchBackend


@functools.cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresAutocompleteQueryCompiler,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class SafePostgresSearchQueryCompiler(AnnotationFiltersMixin, PostgresSearchQueryCompiler):
        pass

    class SafePostgresAutocompleteQueryCompiler(
        AnnotationFiltersMixin, PostgresAutocompleteQueryCompiler
    ):
        pass

    class SafePostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = SafePostgresSearchQueryCompiler
        autocomplete_query_compiler_class = SafePostgresAutocompleteQueryCompiler

    return SafePostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_search_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend_class()(params)
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    return backend

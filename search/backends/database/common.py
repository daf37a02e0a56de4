"""Helpers both database dialects share: query words, date bounds, facet counts, highlights."""

import re
from datetime import UTC, datetime, time, timedelta

from django.db import connections

from ...facets import FACETS
from ..base import MARK_END, MARK_START, safe_highlight

MAX_TERMS = 12
FACET_VALUES_SHOWN = 30
SNIPPET_WORDS = 40
_WORDS = re.compile(r"\w+", re.UNICODE)


def words(text):
    """The query's words (at most ``MAX_TERMS``), as both dialects match them."""
    return _WORDS.findall(text or "")[:MAX_TERMS]


def date_bounds(query):
    """``(start, end)`` aware datetimes for the query's inclusive day range (``None`` if open):
    records dated on ``date_to`` itself still count, so the end is the next midnight."""
    start = datetime.combine(query.date_from, time.min, UTC) if query.date_from else None
    end = None
    if query.date_to:
        end = datetime.combine(query.date_to + timedelta(days=1), time.min, UTC)
    return start, end


def group_counts(alias, statement, params):
    """Run a ``SELECT token, count`` statement and shape its rows as facet counts."""
    with connections[alias].cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return facets_from_counts(rows)


def facets_from_counts(rows):
    """``[(token, count)]`` -> ``{facet: [(value, count)]}``, most first, at most 30 each."""
    facets = {}
    for token, count in rows:
        facet, _sep, value = token.partition(":")
        if facet in FACETS:
            facets.setdefault(facet, []).append((value, count))
    for values in facets.values():
        values.sort(key=lambda item: (-item[1], item[0]))
        del values[FACET_VALUES_SHOWN:]
    return facets


def python_highlight(row, terms):
    """(title, snippet) with the query words marked; used where the database cannot."""
    pattern = re.compile("|".join(re.escape(t) for t in terms if t), re.IGNORECASE)

    def mark(text):
        return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", text)

    source = row.get("text") or row.get("summary") or ""
    found = pattern.search(source)
    start = max(0, found.start() - 120) if found else 0
    fragment = source[start : start + 320]
    if start:
        fragment = "… " + fragment.split(" ", 1)[-1]
    if start + 320 < len(source):
        fragment = fragment.rsplit(" ", 1)[0] + " …"
    return safe_highlight(mark(row["title"])), safe_highlight(mark(fragment))

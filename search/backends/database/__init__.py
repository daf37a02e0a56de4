"""The embedded default: search in the project's own database (``search.SearchDocument``).

PostgreSQL (``postgres.py``): a trigger-maintained, weighted ``tsvector`` in the record's
language, matched with ``websearch_to_tsquery`` (which accepts any input without syntax errors),
ranked with ``ts_rank_cd``, highlighted with ``ts_headline``; a ``pg_trgm`` word-similarity
fallback catches typos. A word query is answered by one statement (``scan.py``) that reads the
matches once and derives the page, the total and all facet counts from them.
Without words, facet counts are one ``GROUP BY`` over the facet tokens of the records.
Other databases (SQLite, ``generic.py``): every word must occur in the title, summary or text
(``LIKE``), a weighted count of where the words occur ranks the results, Python highlights and
``difflib`` catches typos; facet counts use SQLite's ``json_each``. Both apply the searcher's
audiences inside the query, so results and counts agree with permissions.

``backend.py`` holds what both share: writing rows, filtering, paging and building hits.
"""

from .backend import DatabaseBackend

__all__ = ["DatabaseBackend"]

"""Search on PostgreSQL: a weighted ``tsvector`` per record in its language, ``ts_rank_cd``,
``ts_headline``, and a ``pg_trgm`` word-similarity fallback for typos.

A word query is answered by ``matched`` (one statement, built in ``scan.py``); a query without
words goes through querysets like on other databases, with ``facet_counts`` here.
"""

from django.db import connections
from django.db.models.expressions import RawSQL

from ...models import SearchDocument
from ..base import MARK_END, MARK_START, safe_highlight
from .common import SNIPPET_WORDS, group_counts, python_highlight
from .scan import MatchScan

POSTGRES_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}
POSTGRES_CONFIGS["ar"] = "arabic"


class PostgresMatch:
    """The query words as a ``websearch_to_tsquery`` in the searcher's language (or'ed with the
    language-neutral ``simple`` one, so names and acronyms match whatever the language)."""

    # The matches whose rank can be above 0 (title or summary match; GIN index
    # ``search_doc_rank_vector``): a capped scan reads them first.
    ranked = "d.rank_vector @@ q.q"

    def __init__(self, tsquery, config, text):
        self.tsquery = tsquery  # for ts_headline (``PostgresDialect.highlights``)
        self.config = config
        self.text = text
        # Without excluded words ("-forest"), a title or summary match is a match of the
        # whole record (the search vector holds the rank vector), so a capped scan can find
        # those through the rank vector's index alone.
        self.ranked_implies_match = "-" not in text

    def sql(self):
        """(source, condition, rank, params) for ``MatchScan``: the tsquery is built once, in
        its own one-row subquery ``q``."""
        source = "websearch_to_tsquery(%s::regconfig, %s)"
        params = [self.config, self.text]
        if self.config != "simple":
            source = f"({source} || websearch_to_tsquery('simple'::regconfig, %s))"
            params.append(self.text)
        return (
            f"(SELECT {source} AS q) q",
            "d.search_vector @@ q.q",
            # A record whose title and summary do not match ranks 0 (no cover): checking
            # that first spares ranking the many matches found only in the text.
            "CASE WHEN d.rank_vector @@ q.q THEN ts_rank_cd(d.rank_vector, q.q) ELSE 0 END",
            params,
        )


class PostgresFuzzyMatch:
    """The typo fallback: titles word-similar to the query words (``pg_trgm``)."""

    def __init__(self, text):
        self.text = text

    def sql(self):
        return (
            "(SELECT %s::text AS q) q",
            "d.title %%> q.q",  # %% escapes the placeholder sign
            "word_similarity(q.q, d.title)",
            [self.text],
        )


class PostgresDialect:
    # Word queries are answered by ``matched``, one scan of the matches.
    one_scan = True

    def prepare(self, has_text):
        """Planner settings for this transaction only. With words to match, the GIN index on
        the vector beats a sequential scan (which reads every record's vector from TOAST)
        even when the planner's estimate says otherwise; JIT compilation costs more than it
        saves on queries this short."""
        # Typo fallback: "wetlnds" is 0.55 word-similar to "wetlands"; the default 0.6
        # misses one-letter slips in short words.
        settings = ["SET LOCAL jit = off", "SET LOCAL pg_trgm.word_similarity_threshold = 0.45"]
        if has_text:
            settings.append("SET LOCAL enable_seqscan = off")
            # Room to keep a broad query's matches (id, date, facet numbers) in memory rather
            # than spilling them to a temporary file.
            settings.append("SET LOCAL work_mem = '32MB'")
        with connections[SearchDocument.objects.db].cursor() as cursor:
            cursor.execute("; ".join(settings))  # one round trip

    def any_of(self, queryset, column, values):
        return queryset.filter(**{f"{column}__has_any_keys": list(values)})

    def matcher(self, text, terms, language):
        from django.contrib.postgres.search import SearchQuery

        config = POSTGRES_CONFIGS.get((language or "en").split("-")[0], "simple")
        text = text[:1000]
        tsquery = SearchQuery(text, search_type="websearch", config=config)
        if config != "simple":
            tsquery |= SearchQuery(text, search_type="websearch", config="simple")
        return PostgresMatch(tsquery, config, text)

    def fuzzy_matcher(self, queryset, text, terms):
        return PostgresFuzzyMatch(" ".join(terms))

    def highlights(self, rows, match):
        if not rows:
            return {}
        if isinstance(match, PostgresFuzzyMatch):
            return {row["id"]: python_highlight(row, match.text.split()) for row in rows}
        from django.contrib.postgres.search import SearchHeadline

        options = {"start_sel": MARK_START, "stop_sel": MARK_END}
        source = RawSQL(
            "left(coalesce(nullif(search_searchdocument.text, ''), "
            "search_searchdocument.summary), 20000)",
            [],
        )
        values = SearchDocument.objects.filter(id__in=[row["id"] for row in rows]).annotate(
            title_hl=SearchHeadline("title", match.tsquery, highlight_all=True, **options),
            snippet_hl=SearchHeadline(
                source,
                match.tsquery,
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **options,
            ),
        )
        return {
            pk: (safe_highlight(title), safe_highlight(snippet))
            for pk, title, snippet in values.values_list("id", "title_hl", "snippet_hl")
        }

    def matched(self, query, match, facet_filters, cap=None):
        """``(page ids, total, facet counts, capped)`` for a word query, in one statement
        (``MatchScan`` explains its shape); ``capped``: more than ``cap`` matches, so the
        total and counts are lower bounds."""
        scan = MatchScan(query, match, facet_filters, cap=cap)
        statement, params = scan.statement()
        with connections[SearchDocument.objects.db].cursor() as cursor:
            cursor.execute(statement, params)
            ids, total, facets = scan.read(cursor.fetchall())
        return ids, total, facets, scan.capped

    def facet_counts(self, queryset, only=None):
        sql, params = queryset.order_by().values("facets").query.sql_with_params()
        where = ""
        if only:
            where = "WHERE t.token LIKE %s"
            params = (*params, f"{only}:%")
        statement = (
            f"SELECT t.token, COUNT(*) FROM ({sql}) d "  # noqa: S608 - Django-built SQL
            f"CROSS JOIN LATERAL jsonb_array_elements_text(d.facets) AS t(token) {where} "
            "GROUP BY t.token"
        )
        return group_counts(queryset.db, statement, params)

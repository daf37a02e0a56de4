"""The embedded default: search in the project's own database (``search.SearchDocument``).

PostgreSQL: a trigger-maintained, weighted ``tsvector`` in the record's language, matched with
``websearch_to_tsquery`` (which accepts any input without syntax errors), ranked with
``ts_rank_cd``, highlighted with ``ts_headline``; a ``pg_trgm`` word-similarity fallback
catches typos. A word query is answered by one statement (``PostgresDialect.matched``) that
reads the matches once and derives the page, the total and all facet counts from them.
Without words, facet counts are one ``GROUP BY`` over the facet tokens of the records.
Other databases (SQLite): every word must occur in the title, summary or text (``LIKE``), a
weighted count of where the words occur ranks the results, Python highlights and ``difflib``
catches typos; facet counts use SQLite's ``json_each``. Both apply the searcher's audiences
inside the query, so results and counts agree with permissions.
"""

import difflib
import re
from datetime import UTC, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from exchange.serializers import sees_everything

from ..facets import FACETS, values_by_facet
from ..models import SearchDocument
from .base import (
    MARK_END,
    MARK_START,
    Hit,
    Results,
    SearchBackend,
    index_document,
    safe_highlight,
)

MAX_TERMS = 12
FACET_VALUES_SHOWN = 30
SNIPPET_WORDS = 40
POSTGRES_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}
POSTGRES_CONFIGS["ar"] = "arabic"
_WORDS = re.compile(r"\w+", re.UNICODE)

FIELDS = ("uuid", "record_type", "title", "url", "published", "language", "facets", "summary")


def words(text):
    return _WORDS.findall(text or "")[:MAX_TERMS]


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
    "indexed_at",
]


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
        queryset = SearchDocument.objects.all()
        if record_type:
            queryset = queryset.filter(record_type=record_type)
        queryset.delete()

    # --- reading ------------------------------------------------------------------------------

    def _filtered(self, dialect, query, skip_facet=None):
        """Documents the searcher may see that pass the facet and date filters."""
        queryset = SearchDocument.objects.all()
        if query.audiences is not None and not sees_everything(query.audiences):
            queryset = dialect.any_of(queryset, "audiences", sorted(query.audiences))
        for facet, values in query.filters.items():
            if values and facet != skip_facet and facet in FACETS:
                tokens = [f"{facet}:{value}" for value in values]
                queryset = dialect.any_of(queryset, "facets", tokens)
        if query.date_from:
            queryset = queryset.filter(
                published__gte=datetime.combine(query.date_from, time.min, UTC)
            )
        if query.date_to:
            end = datetime.combine(query.date_to + timedelta(days=1), time.min, UTC)
            queryset = queryset.filter(published__lt=end)
        return queryset

    def search(self, query):
        dialect = self._dialect()
        with transaction.atomic(using=SearchDocument.objects.db):
            dialect.prepare(bool(words(query.text)))
            return self._search(dialect, query)

    def _search(self, dialect, query):
        terms = words(query.text)
        fuzzy = False
        match = None
        if terms:
            match = dialect.matcher(query.text, terms, query.language)
        if match is not None and hasattr(dialect, "matched"):
            return self._search_matched(dialect, query, match)
        queryset = self._matching(dialect, query, match)
        rows, total = self._page(queryset, query, match)
        if match is not None and total == 0:
            fuzzy_match = dialect.fuzzy_matcher(self._filtered(dialect, query), query.text, terms)
            if fuzzy_match is not None:
                match, fuzzy = fuzzy_match, True
                queryset = self._matching(dialect, query, match)
                rows, total = self._page(queryset, query, match)
        highlights = dialect.highlights(rows, match) if match is not None else {}
        hits = [self._hit(row, highlights.get(row["id"])) for row in rows]

        facets = {}
        if query.with_facets:
            facets = dialect.facet_counts(queryset)
            for facet, values in query.filters.items():
                if values and facet in FACETS:
                    # Counts for a facet already filtered on ignore its own filter, so
                    # the other values still show how many records choosing them would add.
                    others = self._matching(dialect, query, match, skip_facet=facet)
                    facets[facet] = dialect.facet_counts(others, only=facet).get(facet, [])
        return Results(hits=hits, total=total, facets=facets, fuzzy=fuzzy)

    def _search_matched(self, dialect, query, match):
        """Words on PostgreSQL: page, total and every facet count from one scan of the matches
        (``PostgresDialect.matched``), then the page's fields and highlights."""
        ids, total, facets = dialect.matched(query, match, self._facet_filters(query))
        fuzzy = False
        if total == 0:
            match, fuzzy = dialect.fuzzy_matcher(None, query.text, words(query.text)), True
            ids, total, facets = dialect.matched(query, match, self._facet_filters(query))
        by_id = {
            row["id"]: row
            for row in SearchDocument.objects.filter(id__in=ids).values("id", *FIELDS)
        }
        rows = [by_id[pk] for pk in ids if pk in by_id]
        highlights = dialect.highlights(rows, match)
        hits = [self._hit(row, highlights.get(row["id"])) for row in rows]
        return Results(hits=hits, total=total, facets=facets, fuzzy=fuzzy)

    @staticmethod
    def _facet_filters(query):
        """``[(facet, tokens)]`` of the facets filtered on, in a stable order."""
        return [
            (facet, [f"{facet}:{value}" for value in values])
            for facet, values in query.filters.items()
            if values and facet in FACETS
        ]

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

    def _matching(self, dialect, query, match, skip_facet=None):
        queryset = self._filtered(dialect, query, skip_facet=skip_facet)
        if match is not None:
            queryset = match.apply(queryset)
        return queryset

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
        )

    def suggest(self, prefix, audiences, limit=8):
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


# --- database dialects ------------------------------------------------------------------------


class PostgresMatch:
    def __init__(self, tsquery, config, text):
        self.tsquery = tsquery
        self.config = config
        self.text = text

    def sql(self):
        """(condition, rank, params) for ``PostgresDialect.matched``: the tsquery is built
        once, in its own one-row subquery ``q``."""
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

    def apply(self, queryset):
        from django.contrib.postgres.search import SearchRank

        return queryset.filter(search_vector=self.tsquery).annotate(
            rank=SearchRank(F("rank_vector"), self.tsquery, cover_density=True)
        )


class PostgresFuzzyMatch:
    def __init__(self, text):
        self.text = text

    def sql(self):
        return (
            "(SELECT %s::text AS q) q",
            "d.title %%> q.q",  # %% escapes the placeholder sign
            "word_similarity(q.q, d.title)",
            [self.text],
        )

    def apply(self, queryset):
        from django.contrib.postgres.search import TrigramWordSimilarity

        return queryset.filter(title__trigram_word_similar=self.text).annotate(
            rank=TrigramWordSimilarity(self.text, "title")
        )


class PostgresDialect:
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
            return {row["id"]: _python_highlight(row, match.text.split()) for row in rows}
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

    def matched(self, query, match, facet_filters):
        """``(page ids, total, facet counts)`` for a word query, in one statement.

        The matches are scanned once, through the text (or title trigram) index alone, into a
        materialized CTE that also computes, per match, whether the searcher may see it and
        whether it passes each facet filter. Those flags are plain columns rather than
        conditions so the planner cannot combine the lossy JSONB indexes with the text index
        (their recheck would read every match's whole vector back from TOAST). The page, the
        total and the facet counts then read the CTE: one ``GROUP BY`` over the facet tokens
        counts every facet, with ``FILTER`` clauses for the disjunctive counts of the facets
        filtered on (each ignores its own filter), and ranks are computed only for the rows
        that pass every filter.
        """
        source, condition, rank, params = match.sql()
        flags, flag_params = [], []
        if query.audiences is not None and not sees_everything(query.audiences):
            visible = "d.audiences ?| %s::text[]"
            flag_params.append(sorted(query.audiences))
        else:
            visible = "TRUE"
        # Facet filters compare integers too: the tokens' numbers are looked up once (an
        # InitPlan), and no number (a value never indexed) matches nothing.
        overlaps = (
            "d.facet_ids && coalesce((SELECT array_agg(id::int) FROM search_facettoken "
            "WHERE token = ANY(%s::text[])), '{}')"
        )
        for number, (_facet, tokens) in enumerate(facet_filters):
            flags.append(f"{overlaps} AS f{number}")
            flag_params.append(tokens)
        where, where_params = [condition], []
        if query.date_from:
            where.append("d.published >= %s")
            where_params.append(datetime.combine(query.date_from, time.min, UTC))
        if query.date_to:
            where.append("d.published < %s")
            where_params.append(datetime.combine(query.date_to + timedelta(days=1), time.min, UTC))
        passes = " AND ".join(["visible"] + [f"f{n}" for n in range(len(facet_filters))])
        if query.sort == "date":
            rank = "NULL::real"
        else:
            # The same conditions as ``passes``, spelled out: a select list cannot refer to
            # its own aliases.
            conditions = " AND ".join([visible] + [overlaps for _filter in facet_filters])
            rank = f"CASE WHEN {conditions} THEN {rank} END"
            flag_params += flag_params
        columns = ", ".join(["d.id", "d.published", "d.facet_ids", f"{visible} AS visible", *flags])
        statement = [
            f"WITH m AS MATERIALIZED (SELECT {columns}, {rank} AS rank "  # noqa: S608
            f"FROM search_searchdocument d, {source} WHERE {' AND '.join(where)}) "
            "SELECT 0, NULL, array_agg(id ORDER BY rank DESC NULLS LAST, "
            "published DESC NULLS LAST, id DESC) FROM (SELECT id, rank, published FROM m "
            f"WHERE {passes} ORDER BY rank DESC NULLS LAST, published DESC NULLS LAST, "
            "id DESC LIMIT %s OFFSET %s) page "
            f"UNION ALL SELECT 1, NULL, ARRAY[count(*)] FROM m WHERE {passes}"
        ]
        # Parameters in the order their placeholders appear: the select list (flags, rank),
        # the FROM (the query words), the WHERE (dates), then the page and facet parts.
        all_params = [*flag_params, *params, *where_params]
        all_params += [query.page_size, query.offset]
        if query.with_facets:
            numbers = range(len(facet_filters))

            def counted(skipped=None):
                kept = " AND ".join(f"f{n}" for n in numbers if n != skipped)
                return f"count(*) FILTER (WHERE {kept})" if kept else "count(*)"

            # Counts for a facet filtered on ignore its own filter, so its other values still
            # show how many records choosing them would add. Only rows failing at most one
            # facet filter can count anywhere. unnest() in the select list (ProjectSet) is
            # much cheaper per row than a LATERAL function scan.
            counts = ", ".join([counted(), *(counted(n) for n in numbers)])
            failing = " + ".join(f"(NOT f{n})::int" for n in numbers) or "0"
            flag_columns = "".join(f", f{n}" for n in numbers)
            statement.append(
                "UNION ALL SELECT 2, ft.token, c.counts FROM ("  # noqa: S608
                f"SELECT token_id, ARRAY[{counts}] AS counts FROM ("
                f"SELECT unnest(facet_ids) AS token_id{flag_columns} FROM m "
                f"WHERE visible AND {failing} <= 1) t GROUP BY token_id) c "
                "JOIN search_facettoken ft ON ft.id = c.token_id"
            )
        with connections[SearchDocument.objects.db].cursor() as cursor:
            cursor.execute(" ".join(statement), all_params)
            result = cursor.fetchall()
        ids, total, token_counts = [], 0, []
        for kind, token, numbers in result:
            if kind == 0:
                ids = list(numbers or [])
            elif kind == 1:
                total = numbers[0]
            else:
                token_counts.append((token, numbers))
        filtered = {facet: number for number, (facet, _tokens) in enumerate(facet_filters)}
        rows = []
        for token, numbers in token_counts:
            facet = token.partition(":")[0]
            count = numbers[filtered[facet] + 1] if facet in filtered else numbers[0]
            if count:
                rows.append((token, count))
        facets = _facets_from_counts(rows)
        if query.with_facets:
            for facet in filtered:  # a facet filtered on is always listed, as on SQLite
                facets.setdefault(facet, [])
        return ids, total, facets

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
        return _group_counts(queryset.db, statement, params)


class GenericMatch:
    def __init__(self, terms):
        self.terms = terms

    def apply(self, queryset):
        condition = Q()
        rank = Value(0)
        for term in self.terms:
            condition &= (
                Q(title__icontains=term) | Q(summary__icontains=term) | Q(text__icontains=term)
            )
            rank = (
                rank
                + Case(When(title__icontains=term, then=Value(4)), default=Value(0))
                + Case(When(summary__icontains=term, then=Value(2)), default=Value(0))
                + Case(When(text__icontains=term, then=Value(1)), default=Value(0))
            )
        return queryset.filter(condition).annotate(
            rank=ExpressionWrapper(rank, output_field=IntegerField())
        )


class GenericDialect:
    def prepare(self, has_text):
        pass

    def any_of(self, queryset, column, values):
        placeholders = ", ".join(["%s"] * len(values))
        sql = (
            f'EXISTS (SELECT 1 FROM json_each("search_searchdocument"."{column}") '  # noqa: S608
            f"WHERE json_each.value IN ({placeholders}))"
        )
        # Only placeholders are interpolated; the values travel as parameters.
        condition = RawSQL(sql, list(values), output_field=BooleanField())  # noqa: S611
        return queryset.filter(condition)

    def matcher(self, text, terms, language):
        return GenericMatch(terms)

    def fuzzy_matcher(self, queryset, text, terms):
        """Replace each unknown word by the closest word of the visible titles."""
        vocabulary = set()
        for title in queryset.values_list("title", flat=True)[:5000]:
            vocabulary.update(word.lower() for word in words(title))
        corrected = []
        for term in terms:
            close = difflib.get_close_matches(term.lower(), vocabulary, n=1, cutoff=0.75)
            corrected.append(close[0] if close else term)
        if [t.lower() for t in terms] == corrected:
            return None
        return GenericMatch(corrected)

    def highlights(self, rows, match):
        ids = [row["id"] for row in rows]
        texts = dict(SearchDocument.objects.filter(id__in=ids).values_list("id", "text"))
        for row in rows:
            row["text"] = texts.get(row["id"], "")
        return {row["id"]: _python_highlight(row, match.terms) for row in rows}

    def facet_counts(self, queryset, only=None):
        sql, params = queryset.order_by().values("facets").query.sql_with_params()
        where = ""
        if only:
            where = "WHERE j.value LIKE %s"
            params = (*params, f"{only}:%")
        statement = (
            f"SELECT j.value, COUNT(*) FROM ({sql}) d, json_each(d.facets) j "  # noqa: S608
            f"{where} GROUP BY j.value"
        )
        return _group_counts(queryset.db, statement, params)


def _group_counts(alias, statement, params):
    with connections[alias].cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return _facets_from_counts(rows)


def _facets_from_counts(rows):
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


def _python_highlight(row, terms):
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

"""The one PostgreSQL statement that answers a word query: page, total and facet counts.

The matches are scanned once, through the text (or title trigram) index alone, into a
materialized CTE ``m`` that also computes, per match, whether the searcher may see it
(``visible``) and whether it passes each facet filter (``f0``, ``f1``…). Those flags are plain
columns rather than conditions so the planner cannot combine the lossy JSONB indexes with the
text index (their recheck would read every match's whole vector back from TOAST). The page, the
total and the facet counts then read the CTE: one ``GROUP BY`` over the facet tokens counts
every facet, with ``FILTER`` clauses for the disjunctive counts of the facets filtered on (each
ignores its own filter), and ranks are computed only for the rows that pass every filter.

Broad queries are capped (``cap``, the ``SEARCH_COUNT_CAP`` setting): the CTE reads at most
``cap + 1`` matches, those whose title or summary match first (through their own index: the
only matches with a rank above 0), then the others. A query with at most ``cap`` matches is
answered exactly as without a cap; beyond it the total and the facet counts are counted among
the matches read, lower bounds that the page marks as such (``Results.approximate``), and the
page is ranked among them. Sorting by date is never capped: its page must be the newest
matches of all (saved searches' digests and feeds rely on it).

The result rows are tagged: ``0`` the page's ids in order, ``1`` the total, ``2`` one facet
token with its counts, ``3`` how many matches were read.
"""

from exchange.serializers import sees_everything

from .common import date_bounds, facets_from_counts

# Facet filters compare integers too: the tokens' numbers are looked up once (an InitPlan),
# and no number (a value never indexed) matches nothing.
OVERLAPS = (
    "d.facet_ids && coalesce((SELECT array_agg(id::int) FROM search_facettoken "
    "WHERE token = ANY(%s::text[])), '{}')"
)
ORDER = "rank DESC NULLS LAST, published DESC NULLS LAST, id DESC"
PAGE, TOTAL, TOKEN, READ = 0, 1, 2, 3


class MatchScan:
    """Builds the statement (``statement()``) and reads its rows (``read()``).

    ``facet_filters`` is ``[(facet, tokens)]`` in a stable order; filter number ``n`` is the
    CTE column ``f<n>``. ``cap``: read at most this many matches (plus one, to know there
    are more) of a query sorted by relevance; ``None`` reads them all.
    """

    def __init__(self, query, match, facet_filters, cap=None):
        self.query = query
        self.match = match
        self.facet_filters = facet_filters
        self.numbers = range(len(facet_filters))
        self.cap = cap if query.sort != "date" else None
        self.capped = False  # set by ``read()``: more than ``cap`` matches

    def statement(self):
        """``(sql, params)``, the parameters in the order their placeholders appear: the
        select list (flags, rank), the FROM (the query words), the WHERE (dates), then the
        page's limit and offset. The facet counts take no parameters."""
        source, condition, rank, match_params = self.match.sql()
        ranked = getattr(self.match, "ranked", None)  # matches whose rank can be above 0
        visible, visible_params = self._visibility()
        flag_params = [*visible_params, *(tokens for _facet, tokens in self.facet_filters)]
        rank, rank_params = self._rank(visible, rank, flag_params)
        where, where_params = self._where(condition)
        columns = ", ".join(
            [
                "d.id",
                "d.published",
                "d.facet_ids",
                f"{visible} AS visible",
                *(f"{OVERLAPS} AS f{n}" for n in self.numbers),
            ]
        )
        # Only our own SQL and integers are formatted in; every value is a parameter.
        select = f"SELECT {columns}, {rank} AS rank FROM search_searchdocument d, {source}"  # noqa: S608
        select_params = [*flag_params, *rank_params, *match_params]
        if self.cap is None:
            matches, params = f"{select} WHERE {where}", [*select_params, *where_params]
        elif ranked:
            # The matches that rank above 0 first (through the rank vector's own index: a
            # title or summary match is a match, unless the query excludes words), then the
            # others, until cap + 1 are read.
            limit = int(self.cap) + 1
            if self.match.ranked_implies_match:
                first = self._where(ranked)[0]  # the same date parameters as ``where``
            else:
                first = f"{where} AND {ranked}"
            matches = (
                f"SELECT * FROM (({select} WHERE {first} LIMIT {limit}) "  # noqa: S608
                f"UNION ALL ({select} WHERE {where} AND ({ranked}) IS NOT TRUE "
                f"LIMIT {limit})) capped LIMIT {limit}"
            )
            params = [*select_params, *where_params] * 2
        else:
            matches = f"{select} WHERE {where} LIMIT {int(self.cap) + 1}"
            params = [*select_params, *where_params]
        parts = [
            f"WITH m AS MATERIALIZED ({matches})",
            self._page_and_total(),
        ]
        if self.cap is not None:
            parts.append(f"UNION ALL SELECT {READ}, NULL, ARRAY[count(*)] FROM m")  # noqa: S608
        if self.query.with_facets:
            parts.append(self._facet_counts())
        params += [self.query.page_size, self.query.offset]
        return " ".join(parts), params

    def _visibility(self):
        """(SQL, params): whether the searcher may see a match."""
        audiences = self.query.audiences
        if audiences is not None and not sees_everything(audiences):
            return "d.audiences ?| %s::text[]", [sorted(audiences)]
        return "TRUE", []

    def _rank(self, visible, rank, flag_params):
        """(SQL, params) of the rank, computed only for matches passing every filter."""
        if self.query.sort == "date":
            return "NULL::real", []
        # The same conditions as ``_passes``, spelled out: a select list cannot refer to its
        # own aliases.
        conditions = " AND ".join([visible] + [OVERLAPS for _n in self.numbers])
        return f"CASE WHEN {conditions} THEN {rank} END", list(flag_params)

    def _where(self, condition):
        """(SQL, params): the text condition and the date range."""
        where, params = [condition], []
        start, end = date_bounds(self.query)
        if start:
            where.append("d.published >= %s")
            params.append(start)
        if end:
            where.append("d.published < %s")
            params.append(end)
        return " AND ".join(where), params

    def _passes(self, skipped=None):
        """The CTE columns a row must have true to count, ignoring filter ``skipped``."""
        return " AND ".join(["visible"] + [f"f{n}" for n in self.numbers if n != skipped])

    def _page_and_total(self):
        passes = self._passes()
        return (
            f"SELECT {PAGE}, NULL, array_agg(id ORDER BY {ORDER}) FROM "  # noqa: S608
            f"(SELECT id, rank, published FROM m WHERE {passes} ORDER BY {ORDER} "
            "LIMIT %s OFFSET %s) page "
            f"UNION ALL SELECT {TOTAL}, NULL, ARRAY[count(*)] FROM m WHERE {passes}"
        )

    def _facet_counts(self):
        """Counts for a facet filtered on ignore its own filter, so its other values still show
        how many records choosing them would add. Only rows failing at most one facet filter
        can count anywhere. unnest() in the select list (ProjectSet) is much cheaper per row
        than a LATERAL function scan."""

        def counted(skipped=None):
            kept = " AND ".join(f"f{n}" for n in self.numbers if n != skipped)
            return f"count(*) FILTER (WHERE {kept})" if kept else "count(*)"

        counts = ", ".join([counted(), *(counted(n) for n in self.numbers)])
        failing = " + ".join(f"(NOT f{n})::int" for n in self.numbers) or "0"
        flag_columns = "".join(f", f{n}" for n in self.numbers)
        return (
            f"UNION ALL SELECT {TOKEN}, ft.token, c.counts FROM ("  # noqa: S608
            f"SELECT token_id, ARRAY[{counts}] AS counts FROM ("
            f"SELECT unnest(facet_ids) AS token_id{flag_columns} FROM m "
            f"WHERE visible AND {failing} <= 1) t GROUP BY token_id) c "
            "JOIN search_facettoken ft ON ft.id = c.token_id"
        )

    def read(self, result):
        """``(page ids, total, facets)`` from the statement's rows."""
        ids, total, token_counts = [], 0, []
        for kind, token, numbers in result:
            if kind == PAGE:
                ids = list(numbers or [])
            elif kind == TOTAL:
                total = numbers[0]
            elif kind == READ:
                self.capped = numbers[0] > self.cap
            else:
                token_counts.append((token, numbers))
        return ids, total, self._facets(token_counts)

    def _facets(self, token_counts):
        """Each token's count: the one ignoring its own facet's filter if filtered on."""
        filtered = {facet: n for n, (facet, _tokens) in enumerate(self.facet_filters)}
        rows = []
        for token, numbers in token_counts:
            facet = token.partition(":")[0]
            count = numbers[filtered[facet] + 1] if facet in filtered else numbers[0]
            if count:
                rows.append((token, count))
        facets = facets_from_counts(rows)
        if self.query.with_facets:
            for facet in filtered:  # a facet filtered on is always listed, as on SQLite
                facets.setdefault(facet, [])
        return facets

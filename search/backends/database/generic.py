"""Search on databases without full-text search (SQLite): ``LIKE`` matching, a weighted count
of where the words occur as rank, ``difflib`` for typos, ``json_each`` for facets."""

import difflib

from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from ...models import SearchDocument
from .common import group_counts, python_highlight, words


class GenericMatch:
    """Every word must occur in the title, summary or text; a title hit weighs most."""

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
    # Word queries go through querysets (``DatabaseBackend._search_by_queryset``).
    one_scan = False

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
        return {row["id"]: python_highlight(row, match.terms) for row in rows}

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
        return group_counts(queryset.db, statement, params)

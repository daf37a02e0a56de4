"""The public API's filters and ordering, applied to each record type's queryset.

The filters are the listings' (``taxonomy.forms``' classification filter): a KMGBF target (its
number or ``GBF-TARGET-07``), a country (ISO alpha-2), a UN region (M49), a thematic area
(slug), the record's language, publication dates, ``updated_since`` and a text. Taxonomy filters
use the ``targets`` / ``countries`` / ``thematic_areas`` many-to-many fields every classified
record has (``groups.m2m_field``); a type without the field has no record for that filter.

The text filter is a case-insensitive substring of the record's title and summary fields
(``text_fields``): the same on SQLite and PostgreSQL, whatever the search backend.

Each type is ordered the same way: newest update first, then the highest primary key. The
update is a database expression (``updated_expression``) so that a cursor can continue the
list; it follows ``serializer.updated_fields`` (the first one set wins, like ``get_updated``).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from taxonomy.models import Country, Region, Target, ThematicArea

from .groups import m2m_field

# Where a record type's last update and publication are, if its serializer does not say
# (``updated_fields`` / ``published_fields``): the fields of these the model has, in order.
UPDATED_FIELDS = ("last_published_at", "updated_at", "last_activity_at", "created_at")
PUBLISHED_FIELDS = ("first_published_at", "published_at", "created_at")
TEXT_FIELDS = ("title", "name", "summary", "search_description", "introduction", "headline")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

UPDATED = "api_updated"
PUBLISHED = "api_published"

TARGET_PATTERN = re.compile(r"^(?:GBF-TARGET-)?0?([1-9]|1\d|2[0-3])$", re.IGNORECASE)


class FilterError(ValueError):
    """A filter value the API cannot use; the message says why (shown to the client)."""


@dataclass
class RecordFilters:
    """Validated filter values (taxonomy terms as instances)."""

    types: list = field(default_factory=list)
    target: object = None
    country: object = None
    region: object = None
    theme: object = None
    language: str = ""
    published_after: datetime.date | None = None
    published_before: datetime.date | None = None
    updated_since: datetime.datetime | None = None
    q: str = ""

    def query_items(self):
        """The filters as query parameters (for the ``next`` link)."""
        items = [("type", value) for value in self.types]
        terms = (
            ("target", self.target and self.target.identifier),
            ("country", self.country and self.country.code),
            ("region", self.region and self.region.identifier),
            ("theme", self.theme and self.theme.slug),
            ("language", self.language),
            ("published_after", self.published_after and self.published_after.isoformat()),
            ("published_before", self.published_before and self.published_before.isoformat()),
            ("updated_since", self.updated_since and self.updated_since.isoformat()),
            ("q", self.q),
        )
        return items + [(name, value) for name, value in terms if value]


def _term(model, lookup, value, message):
    if value in (None, ""):
        return None
    found = model.objects.filter(**{lookup: value}).first()
    if found is None:
        raise FilterError(message % {"value": value})
    return found


def parse_target(value):
    if value in (None, ""):
        return None
    match = TARGET_PATTERN.match(str(value).strip())
    found = Target.objects.filter(number=int(match.group(1))).first() if match else None
    if found is None:
        raise FilterError(
            _("Unknown target %(value)s: give a number from 1 to 23 or GBF-TARGET-07.")
            % {"value": value}
        )
    return found


def build_filters(
    types=(),
    target=None,
    country=None,
    region=None,
    theme=None,
    language=None,
    published_after=None,
    published_before=None,
    updated_since=None,
    q=None,
):
    """``RecordFilters`` from the query's values; ``FilterError`` for an unknown term."""
    if updated_since is not None and updated_since.tzinfo is None:
        updated_since = updated_since.replace(tzinfo=datetime.UTC)
    return RecordFilters(
        types=list(types or []),
        target=parse_target(target),
        country=_term(
            Country,
            "code__iexact",
            country,
            _("Unknown country %(value)s: give an ISO 3166-1 alpha-2 code such as KE."),
        ),
        region=_term(
            Region,
            "identifier",
            region,
            _("Unknown region %(value)s: give a UN M49 region code such as 002."),
        ),
        theme=_term(
            ThematicArea,
            "slug",
            theme,
            _("Unknown thematic area %(value)s: give its identifier, e.g. protected-areas."),
        ),
        language=(language or "").strip().lower(),
        published_after=published_after,
        published_before=published_before,
        updated_since=updated_since,
        q=" ".join((q or "").split()),
    )


def _field_names(model):
    return {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}


def _fields(serializer, attribute, default):
    names = _field_names(serializer.model)
    wanted = getattr(serializer, attribute, None) or default
    return [name for name in wanted if name in names]


def updated_expression(serializer):
    """The record's last update as a database expression (never null: the epoch at worst)."""
    names = _fields(serializer, "updated_fields", UPDATED_FIELDS)
    return Coalesce(*names, Value(EPOCH), output_field=models.DateTimeField())


def _published_lookups(serializer, bound, after):
    """A filter for records published on or after (before) the date ``bound``."""
    names = _fields(serializer, "published_fields", PUBLISHED_FIELDS)
    if not names:
        return None
    model = serializer.model
    is_date = not isinstance(model._meta.get_field(names[0]), models.DateTimeField)
    output = models.DateField() if is_date else models.DateTimeField()
    if len(names) == 1:
        expression = ExpressionWrapper(F(names[0]), output_field=output)
    else:
        expression = Coalesce(*names, output_field=output)
    comparison = "gte" if after else "lte"
    lookup = f"{PUBLISHED}__{comparison}" if is_date else f"{PUBLISHED}__date__{comparison}"
    return expression, {lookup: bound}


def _language_q(model, language):
    try:
        found = model._meta.get_field("language")
    except FieldDoesNotExist:
        found = None
    if found is not None and found.is_relation:
        return Q(language__code__iexact=language)
    if "locale" in _field_names(model):
        return Q(locale__language_code__iexact=language)
    return None


def _text_q(serializer, text):
    names = _fields(serializer, "text_fields", TEXT_FIELDS)
    query = Q(pk__in=[])
    for name in names:
        query |= Q(**{f"{name}__icontains": text})
    return query


def filter_queryset(serializer, queryset, filters):
    """``queryset`` (the type's records the reader may see) narrowed by ``filters``, annotated
    with its update (``api_updated``) for ordering; None when the type has no matching record
    by construction (e.g. a taxonomy filter it has no field for)."""
    model = serializer.model
    lookups = {}
    distinct = False
    for term, name, lookup in (
        (filters.target, "targets", "targets"),
        (filters.country, "countries", "countries"),
        (filters.theme, "thematic_areas", "thematic_areas"),
    ):
        if term is None:
            continue
        if m2m_field(model, name) is None:
            return None
        lookups[lookup] = term
    if filters.region is not None:
        if m2m_field(model, "countries") is None:
            return None
        queryset = queryset.filter(
            Q(countries__region=filters.region) | Q(countries__subregion=filters.region)
        )
        distinct = True
    if lookups:
        queryset = queryset.filter(**lookups)
    if filters.language:
        query = _language_q(model, filters.language)
        if query is None:
            return None
        queryset = queryset.filter(query)
    for bound, after in ((filters.published_after, True), (filters.published_before, False)):
        if bound is None:
            continue
        found = _published_lookups(serializer, bound, after)
        if found is None:
            return None
        expression, lookup = found
        queryset = queryset.annotate(**{PUBLISHED: expression}).filter(**lookup)
    if filters.q:
        queryset = queryset.filter(_text_q(serializer, filters.q))
    queryset = queryset.annotate(**{UPDATED: updated_expression(serializer)})
    if filters.updated_since is not None:
        queryset = queryset.filter(**{f"{UPDATED}__gte": filters.updated_since})
    if distinct:
        queryset = queryset.distinct()
    return queryset

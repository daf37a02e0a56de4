"""The records classified with a framework target, for a visitor, from the record registry.

Everything here goes through ``exchange.serializers``: ``serializer.queryset(user)`` is the
one permission-aware list of a type's records (an anonymous visitor sees public records only;
a restricted forum's threads only its group), so counts never reveal a record the visitor could
not open. Queries are per record type, never per record or per target.
"""

import datetime
from collections import Counter

from django.db.models import Count

from chm.national_sites import national_site_names, origin_of
from exchange import groups
from exchange.groups import as_datetime, latest_ordering, m2m_field, record_link
from exchange.serializers import all_serializers

LATEST_PER_TYPE = 5


def targets_field(model):
    """The model's many-to-many ``targets`` field (the shared classification), or None."""
    return m2m_field(model, "targets")


def classified_serializers():
    """The registered record types that are classified by target, in a stable order."""
    serializers = [s for s in all_serializers() if targets_field(s.model) is not None]
    return sorted(serializers, key=lambda s: str(s.label or s.record_type))


def counts_by_target(user=None):
    """``{target_id: number of records}`` the user may see, over every record type.

    One query per type, on the classification's join table, whatever the number of records.
    A record classified with several targets counts once for each of them.
    """
    totals = Counter()
    for serializer in classified_serializers():
        field = targets_field(serializer.model)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        visible = serializer.queryset(user).order_by().values("pk")
        rows = (
            through.objects.filter(**{f"{source}__in": visible})
            .order_by()
            .values(target)
            .annotate(total=Count(source, distinct=True))
        )
        for row in rows:
            totals[row[target]] += row["total"]
    return totals


def records_for(serializer, targets, user=None):
    """The type's records classified with any of ``targets`` that ``user`` may see, newest
    first."""
    queryset = serializer.queryset(user).filter(targets__in=list(targets))
    if len(targets) > 1:
        queryset = queryset.distinct()
    return queryset.order_by(*latest_ordering(serializer.model))


# Kept under the names the framework's feeds use.
record_url = record_link


def record_groups(target, user=None, request=None):
    """The records classified with ``target``, grouped by type (types with none left out),
    each record labelled with the national site it was published on, if any."""
    national_sites = national_site_names()
    return groups.record_groups(
        classified_serializers(),
        {"targets__in": [target]},
        {"target": target},
        user=user,
        request=request,
        per_type=LATEST_PER_TYPE,
        origin=lambda url: origin_of(url, national_sites),
    )


def feed_records(targets, limit, user=None):
    """The newest ``limit`` records classified with any of ``targets``, every type mixed, as
    ``(serializer, record)`` pairs: at most ``limit`` per type, then merged by date."""
    pairs = []
    for serializer in classified_serializers():
        for record in records_for(serializer, targets, user)[:limit]:
            pairs.append((serializer, record))
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    pairs.sort(key=lambda pair: as_datetime(pair[0].get_published(pair[1])) or epoch, reverse=True)
    return pairs[:limit]

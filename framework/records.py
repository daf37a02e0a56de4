"""The records classified with a framework target, for a visitor, from the record registry.

Everything here goes through ``exchange.serializers``: ``serializer.queryset(user)`` is the
one permission-aware list of a type's records (an anonymous visitor sees public records only;
a restricted forum's threads only its group), so counts never reveal a record the visitor could
not open. Queries are per record type, never per record or per target.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count
from django.utils import timezone

from chm.national_sites import national_site_names, origin_of
from exchange.serializers import all_serializers

LATEST_PER_TYPE = 5
# Fields, newest first, a record type is ordered by for "latest": the first it has wins.
LATEST_FIELDS = ("date", "first_published_at", "published_at", "created_at")


def targets_field(model):
    """The model's many-to-many ``targets`` field (the shared classification), or None."""
    try:
        field = model._meta.get_field("targets")
    except FieldDoesNotExist:
        return None
    return field if field.many_to_many else None


def classified_serializers():
    """The registered record types that are classified by target, in a stable order."""
    serializers = [s for s in all_serializers() if targets_field(s.model) is not None]
    return sorted(serializers, key=lambda s: str(s.label or s.record_type))


def latest_ordering(model):
    names = {f.name for f in model._meta.get_fields()}
    for name in LATEST_FIELDS:
        if name in names:
            return [f"-{name}", "-pk"]
    return ["-pk"]


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


def record_url(record, request=None):
    """A record's link on this site: a page's URL (relative when it is on this site), or the
    model's own ``get_absolute_url``."""
    if hasattr(record, "get_url"):
        return record.get_url(request)
    return record.get_absolute_url()


def as_datetime(value):
    """Dates and datetimes on one scale (news have a date, other records a datetime)."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


@dataclass
class RecordGroup:
    """One record type's records on a target's page: how many, the newest few, the listing."""

    serializer: object
    count: int
    latest: list = field(default_factory=list)
    listing_url: str = ""

    @property
    def label(self):
        return self.serializer.label or self.serializer.record_type

    @property
    def record_type(self):
        return self.serializer.record_type


@dataclass
class RecordItem:
    title: str
    url: str
    published: object
    origin: str | None = None  # the national CHM site it was published on, if any


def record_groups(target, user=None, request=None):
    """The records classified with ``target``, grouped by type (types with none left out).

    Per type: a count and, when there are any, one query for the newest few (plus the
    listing's index page for types listed on a page).
    """
    national_sites = national_site_names()
    groups = []
    for serializer in classified_serializers():
        records = records_for(serializer, [target], user)
        count = records.count()
        if not count:
            continue
        latest = []
        for record in records[:LATEST_PER_TYPE]:
            url = record_url(record, request)
            latest.append(
                RecordItem(
                    title=serializer.get_title(record),
                    url=url,
                    published=serializer.get_published(record),
                    origin=origin_of(url, national_sites),
                )
            )
        groups.append(
            RecordGroup(
                serializer=serializer,
                count=count,
                latest=latest,
                listing_url=serializer.listing_url(target=target),
            )
        )
    return groups


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

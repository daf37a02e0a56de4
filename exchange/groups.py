"""Records of every type, grouped by type, for one taxonomy term: what a framework target's
page and a country's profile show of the other apps' records.

Everything goes through the registry: each type's ``serializer.queryset(user)`` is the one
permission-aware list of its records, so a count never reveals a record the reader could not
open. Two queries a type (a count and the newest few), whatever the number of records.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

# Fields, newest first, a record type is ordered by for "latest": the first it has wins.
LATEST_FIELDS = ("date", "first_published_at", "published_at", "created_at")


def m2m_field(model, name):
    """The model's many-to-many field ``name`` (``targets``, ``countries``: the shared
    classification), or None."""
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if found.many_to_many else None


def latest_ordering(model, fields=LATEST_FIELDS):
    names = {f.name for f in model._meta.get_fields()}
    for name in fields:
        if name in names:
            return [f"-{name}", "-pk"]
    return ["-pk"]


def record_link(record, request=None):
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
class RecordItem:
    title: str
    url: str
    published: object = None
    origin: str | None = None  # where it was published, if not here (a national site's name)


@dataclass
class RecordGroup:
    """One record type's records for a term: how many, the newest few, the listing."""

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


def record_groups(
    serializers,
    lookup,
    terms,
    user=None,
    request=None,
    per_type=5,
    origin=None,
    latest_fields=LATEST_FIELDS,
):
    """Per type of ``serializers``: the records matching ``lookup`` (a filter, e.g.
    ``{"targets__in": [target]}``) that ``user`` may see, as a ``RecordGroup`` with the newest
    ``per_type`` and the type's listing filtered by ``terms`` (``{"country": country}``); types
    with none are left out. ``origin(url)`` names where a record was published, if anywhere
    else."""
    groups = []
    for serializer in serializers:
        records = serializer.queryset(user).filter(**lookup)
        if any(isinstance(value, (list, tuple)) and len(value) > 1 for value in lookup.values()):
            records = records.distinct()
        records = records.order_by(*latest_ordering(serializer.model, latest_fields))
        count = records.count()
        if not count:
            continue
        latest = []
        for record in records[:per_type]:
            url = record_link(record, request)
            latest.append(
                RecordItem(
                    title=serializer.get_title(record),
                    url=url,
                    published=serializer.get_published(record),
                    origin=origin(url) if origin is not None else None,
                )
            )
        groups.append(
            RecordGroup(
                serializer=serializer,
                count=count,
                latest=latest,
                listing_url=serializer.listing_url(**terms),
            )
        )
    return groups

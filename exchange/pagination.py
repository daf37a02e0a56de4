"""Cursor pagination over one or several record types.

Records are ordered by (last update, newest first; record type, A to Z; primary key, highest
first). A cursor is the position of the last record served, signed (``django.core.signing``) so
that a client can neither forge nor edit it: a tampered cursor is refused.

Merging types costs one query per type whatever the number of records: each type's next
``limit + 1`` records after the cursor are fetched, merged in the common order and cut.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q

from .api_filters import UPDATED

SALT = "exchange.api.cursor"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class CursorError(ValueError):
    pass


@dataclass(frozen=True)
class Position:
    """Where a page ended: the last record's update, type and primary key."""

    updated: datetime.datetime
    record_type: str
    pk: object


def encode(position):
    return signing.dumps(
        [position.updated.isoformat(), position.record_type, position.pk], salt=SALT
    )


def decode(cursor):
    """The ``Position`` of a cursor; ``CursorError`` if it was not made here or was changed."""
    try:
        updated, record_type, pk = signing.loads(cursor, salt=SALT)
        updated = datetime.datetime.fromisoformat(updated)
    except (signing.BadSignature, ValueError, TypeError):
        raise CursorError("This cursor is not valid: use the next link of a response.") from None
    if updated.tzinfo is None or not isinstance(record_type, str):
        raise CursorError("This cursor is not valid: use the next link of a response.")
    return Position(updated, record_type, pk)


def after(queryset, record_type, position):
    """Records of ``queryset`` (of ``record_type``) that come after ``position``."""
    if position is None:
        return queryset
    older = Q(**{f"{UPDATED}__lt": position.updated})
    same_time = Q(**{UPDATED: position.updated})
    if record_type > position.record_type:
        return queryset.filter(older | same_time)
    if record_type == position.record_type:
        return queryset.filter(older | (same_time & Q(pk__lt=position.pk)))
    return queryset.filter(older)


def sort_key(entry):
    """Sort key of ``(record_type, record)`` in the common order."""
    record_type, record = entry
    updated = getattr(record, UPDATED)
    return (-updated.timestamp(), record_type, _negated(record.pk))


def _negated(pk):
    return -pk if isinstance(pk, int) else pk


def page(querysets, limit, position=None):
    """``(entries, next_position)``: up to ``limit`` ``(serializer, record)`` after
    ``position`` from ``querysets`` (``[(serializer, queryset)]``, each annotated with its
    update), and the position to continue from (None at the end)."""
    entries = []
    for serializer, queryset in querysets:
        records = after(queryset, serializer.record_type, position).order_by(f"-{UPDATED}", "-pk")
        entries += [(serializer, record) for record in records[: limit + 1]]
    entries.sort(key=lambda entry: sort_key((entry[0].record_type, entry[1])))
    more = len(entries) > limit
    entries = entries[:limit]
    if not more or not entries:
        return entries, None
    serializer, last = entries[-1]
    return entries, Position(getattr(last, UPDATED), serializer.record_type, last.pk)

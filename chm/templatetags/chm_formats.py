"""Relative times and ranges in the visitor's language (chm.formatting), as ``<time>`` markup.

``{{ post.created_at|ago }}``
    "10 minutes ago" / "il y a 10 minutes" / "منذ 10 دقائق" in a ``<time datetime="…">`` whose
    title is the full date and time; the date itself beyond a month.
``{{ event.start|time_range:event.end }}``, ``{{ event.start_date|date_range:event.end_date }}``
    "3 December 2026, 14:00–16:00", "3–5 December 2026": each end in its own ``<time>``. Aware
    date-times are shown in the current time zone, so wrap them in ``{% timezone %}`` to show an
    event in its own zone. ``local_time_range`` also marks the start with ``data-local-time``
    for static/js/local-time.js.

Machine-readable values (``datetime`` attributes) are ISO 8601, never localized.
"""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

from chm import formatting

register = template.Library()


def _iso(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def _is_when(value):
    return isinstance(value, datetime.date)


@register.filter(expects_localtime=True)
def ago(value, now=None):
    """``<time datetime="ISO" title="full date">10 minutes ago</time>``; empty for no date."""
    if not _is_when(value):
        return ""
    full = "DATETIME_FORMAT" if isinstance(value, datetime.datetime) else "DATE_FORMAT"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        _iso(value),
        formats.date_format(value, full),
        formatting.ago(value, now if isinstance(now, datetime.datetime) else None),
    )


def _range(start, end, local_time=False):
    if not _is_when(start):
        return ""
    end = end if _is_when(end) else None
    start_text, separator, end_text = formatting.range_parts(start, end)
    start_html = format_html(
        '<time datetime="{}"{}>{}</time>',
        _iso(start),
        " data-local-time" if local_time else "",
        start_text,
    )
    if not end_text:
        return start_html
    return format_html(
        '<span class="when-range">{}{}<time datetime="{}">{}</time></span>',
        start_html,
        separator,
        _iso(end),
        end_text,
    )


@register.filter
def date_range(start, end=None):
    """Two dates in the active language's short form: "3–5 December 2026"."""
    if isinstance(start, datetime.datetime):
        start = timezone.localtime(start).date() if timezone.is_aware(start) else start.date()
    if isinstance(end, datetime.datetime):
        end = timezone.localtime(end).date() if timezone.is_aware(end) else end.date()
    return _range(start, end)


@register.filter
def time_range(start, end=None):
    """Two date-times: "3 December 2026, 14:00–16:00", or two full date-times across days."""
    return _range(start, end)


@register.filter
def local_time_range(start, end=None):
    """``time_range`` with its start marked for static/js/local-time.js, which adds the time in
    the visitor's own zone after the range."""
    return _range(start, end, local_time=True)


@register.filter
def plural_count(number):
    """The whole number that picks the plural form for ``number`` (which may be a fraction):
    ``{% blocktranslate count counter=days|plural_count with days=days|floatformat:"-1" %}``."""
    try:
        return formatting.plural_count(number)
    except (TypeError, ValueError):
        return 0

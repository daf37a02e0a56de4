"""Relative times and date/time ranges in the active language.

``ago`` says how long ago something happened ("10 minutes ago", "منذ 10 دقائق") with
``npgettext``, so each language's plural forms apply (Arabic has six); past a month it gives the
date instead, which reads better than "34 days ago". ``date_range`` and ``datetime_range``
write two dates or date-times the way each language shortens them ("3–5 December 2026",
"2026年12月3日–5日"), with the patterns in ``chm/formats/<lang>/formats.py``.

The template filters in ``chm.templatetags.chm_formats`` wrap these in ``<time>`` elements.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import get_language, npgettext, pgettext

# Beyond this, a relative time ("31 days ago") says less than the date.
RELATIVE_LIMIT = datetime.timedelta(days=30)
# Clocks disagree a little: a time this far in the future still reads "just now".
CLOCK_SKEW = datetime.timedelta(minutes=1)


def _local(value):
    """An aware datetime in the current time zone (the one a `{% timezone %}` block sets)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def ago(value, now=None):
    """ "10 minutes ago" in the active language; the date beyond a month or in the future."""
    if not isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATE_FORMAT") if isinstance(value, datetime.date) else ""
    now = now or timezone.now()
    if timezone.is_aware(value) != timezone.is_aware(now):
        zone = timezone.get_current_timezone()
        value = timezone.make_aware(value, zone) if timezone.is_naive(value) else value
        now = timezone.make_aware(now, zone) if timezone.is_naive(now) else now
    delta = now - value
    if delta < -CLOCK_SKEW or delta >= RELATIVE_LIMIT:
        return formats.date_format(_local(value), "DATE_FORMAT")
    seconds = max(int(delta.total_seconds()), 0)
    if seconds < 60:
        return pgettext("relative time", "just now")
    if seconds < 3600:
        count = seconds // 60
        text = npgettext("relative time", "%(count)s minute ago", "%(count)s minutes ago", count)
    elif seconds < 86400:
        count = seconds // 3600
        text = npgettext("relative time", "%(count)s hour ago", "%(count)s hours ago", count)
    else:
        count = seconds // 86400
        text = npgettext("relative time", "%(count)s day ago", "%(count)s days ago", count)
    return text % {"count": formats.number_format(count)}


def _pattern(name, fallback):
    """A range pattern from the active language's format module, or ``fallback`` for a language
    without one (``get_format`` returns an unknown name unchanged)."""
    pattern = formats.get_format(name)
    return pattern if isinstance(pattern, tuple | list) and len(pattern) == 3 else fallback


def range_parts(start, end):
    """``(start text, separator, end text)`` for a date or date-time range; ``end`` may be
    missing, or equal to ``start``, in which case the separator and end text are empty.

    Dates: same month "3–5 December 2026", same year "28 November – 3 December 2026", else two
    full dates. Date-times: same day "3 December 2026, 14:00–16:00", else two full date-times.
    """
    start, end = _local(start), _local(end)
    with_time = isinstance(start, datetime.datetime)
    full = "DATETIME_FORMAT" if with_time else "DATE_FORMAT"
    if end is None or end == start:
        return formats.date_format(start, full), "", ""
    if with_time and not isinstance(end, datetime.datetime):
        end = datetime.datetime.combine(end, datetime.time(), tzinfo=start.tzinfo)
    elif not with_time and isinstance(end, datetime.datetime):
        end = end.date()
    separator = formats.get_format("RANGE_SEPARATOR")
    separator = separator if separator != "RANGE_SEPARATOR" else " – "
    pattern = (full, separator, full)
    if with_time:
        if start.date() == end.date():
            pattern = _pattern("DATETIME_RANGE_SAME_DAY", (full, separator, "TIME_FORMAT"))
    elif (start.year, start.month) == (end.year, end.month):
        pattern = _pattern("DATE_RANGE_SAME_MONTH", pattern)
    elif start.year == end.year:
        pattern = _pattern("DATE_RANGE_SAME_YEAR", pattern)
    start_format, separator, end_format = pattern
    return formats.date_format(start, start_format), separator, formats.date_format(end, end_format)


def format_range(start, end):
    """The range as plain text (emails, feeds' titles): "3–5 December 2026"."""
    return "".join(range_parts(start, end))


def plural_count(number):
    """The whole number to hand ``ngettext`` for ``number`` of something ("1.5 days").

    gettext's plural rules take integers. A whole number is itself; a fraction takes the form
    CLDR gives fractions, which is "other" (Arabic's "100" form, the one for 2 in English,
    Spanish and Russian), except that French treats 0 < n < 2 as singular ("1,5 jour").
    """
    if number is None:
        return 0
    if float(number).is_integer():
        return int(number)
    language = (get_language() or "en").split("-")[0]
    if language == "fr" and 0 < number < 2:
        return 1
    return 100 if language == "ar" else 2

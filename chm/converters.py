"""The ``<id:...>`` path converter: a database id in a URL, bounded to what the database holds.

Django's ``<int:...>`` accepts any number of digits; an id beyond 64 bits then reaches the
database, where SQLite raises ``OverflowError`` (a server error) instead of "not found". Every
app's ``urls.py`` uses ``<id:...>`` for record ids, so such a URL is a 404 before any view
runs. Registered once, when the ``chm`` app is ready (``chm.apps``).
https://docs.djangoproject.com/en/5.2/topics/http/urls/#registering-custom-path-converters
"""

import re

from django.db import connection
from django.urls import register_converter

_DIGITS = re.compile(r"[0-9]+")


def id_range():
    """The smallest and largest id the database's big integer keys hold."""
    low, high = connection.ops.integer_field_range("BigAutoField")
    return max(low, 0), high


def parse_id(value):
    """``value`` (text from a URL or a query string) as a database id, or None.

    Only ASCII digits count (``str.isdigit()`` also accepts "²"), within ``id_range()``.
    """
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    low, high = id_range()
    number = int(value)
    return number if low <= number <= high else None


class DatabaseIdConverter:
    """Matches ASCII digits; a value out of the database's range matches nothing (404)."""

    regex = "[0-9]{1,20}"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value} is not a database id")  # Django: no match
        return number

    def to_url(self, value):
        return str(int(value))


def register():
    register_converter(DatabaseIdConverter, "id")

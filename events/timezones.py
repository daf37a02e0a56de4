"""Time zones of events: IANA names (zoneinfo), validation and the zones offered for conversion."""

import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Offered on every event for converting its times: UTC, the CBD Secretariat (Montreal), UN
# Headquarters, and the capitals of the six UN languages' reference countries.
CONVERSION_ZONES = [
    ("UTC", _("UTC")),
    ("America/Toronto", _("Montreal (CBD Secretariat)")),
    ("America/New_York", _("New York (UN Headquarters)")),
    ("Africa/Nairobi", _("Nairobi")),
    ("Africa/Cairo", _("Cairo")),
    ("Asia/Shanghai", _("Beijing")),
    ("Europe/London", _("London")),
    ("Europe/Paris", _("Paris")),
    ("Europe/Moscow", _("Moscow")),
    ("Europe/Madrid", _("Madrid")),
]


@lru_cache(maxsize=1)
def all_zone_names():
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def zone_choices():
    """Every IANA zone, for the event form's select (region/city, grouped by region)."""
    groups = {}
    for name in all_zone_names():
        region, _sep, _city = name.partition("/")
        groups.setdefault(region if _sep else _("Other"), []).append((name, name.replace("_", " ")))
    return [("", _("Choose the time zone of the event")), *groups.items()]


def validate_time_zone(value):
    if value not in all_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone; choose one such as Europe/Paris."),
            params={"value": value},
            code="invalid_time_zone",
        )


def get_zone(name):
    """A ZoneInfo for a valid IANA name, or None (unknown names are ignored, not errors)."""
    if name and name in all_zone_names():
        return zoneinfo.ZoneInfo(name)
    return None

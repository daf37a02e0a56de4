"""Time zones of events: IANA names (zoneinfo), validation and the zones offered for conversion."""

import importlib.resources
import zoneinfo
from functools import lru_cache
from pathlib import Path

from django.conf import settings
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


def zone_choices(empty_label=None):
    """Every IANA zone for the event forms' select: the common ones first (those offered for
    conversion), then all of them grouped by region (region/city). ``empty_label`` names the
    empty choice ("Choose the time zone of the event" by default)."""
    groups = {}
    for name in all_zone_names():
        region, _sep, _city = name.partition("/")
        groups.setdefault(region if _sep else _("Other"), []).append((name, name.replace("_", " ")))
    common = [
        (name, name if name == str(label) else f"{name.replace('_', ' ')} ({label})")
        for name, label in CONVERSION_ZONES
    ]
    return [
        ("", empty_label or _("Choose the time zone of the event")),
        (_("Common time zones"), common),
        *groups.items(),
    ]


def _zone_table():
    """The IANA ``zone.tab`` text (country code, coordinates, zone per line), from the system's
    zone database or the ``tzdata`` package, whichever zoneinfo itself would use."""
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@lru_cache(maxsize=1)
def zones_by_country():
    """ISO 3166-1 alpha-2 code → the IANA zones used in that country."""
    zones = {}
    for line in _zone_table().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coordinates, name, *_comment = line.split("\t")
        if name in all_zone_names():
            zones.setdefault(code.upper(), []).append(name)
    return zones


def default_zone(countries=()):
    """The time zone an event most likely uses: that of the first of its countries with a
    single zone (Kenya: Africa/Nairobi; not Brazil or the United States), else the site's."""
    for country in countries:
        zones = zones_by_country().get(getattr(country, "code", country).upper(), [])
        if len(zones) == 1:
            return zones[0]
    return settings.TIME_ZONE


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

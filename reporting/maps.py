"""The choropleth world map of the global views, drawn on the server as inline SVG.

The country shapes are ``data/world-110m.json``, built by ``scripts/build_reporting_map.py``
from Natural Earth's 1:110m countries (public domain) through world-atlas (ISC): one SVG path
per country, keyed by its UN M49 (= ISO 3166-1 numeric) code, about 24 KB for the world.
Countries too small for that scale (many small island States) have no shape: the table beside
the map, its accessible equivalent, lists every country with data.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

DATA = Path(__file__).resolve().parent / "data" / "world-110m.json"


@functools.cache
def world():
    """The map's size and shapes (read once per process)."""
    return json.loads(DATA.read_text())


@dataclass
class Shape:
    path: str
    country: object = None  # None: a shape outside the map's selection, drawn as background
    value: str | None = None
    url: str = ""


@dataclass
class Drawing:
    width: int
    height: int
    shapes: list
    background: str  # every other shape, as one path


def choropleth(entries, measure):
    """The shapes of ``entries`` (``profiles.MapEntry``: a country and its value), each a
    link to the country's profile; every other shape is background."""
    data = world()
    by_m49 = {entry.country.m49: entry for entry in entries if entry.country.m49}
    shapes, background = [], []
    for code, path in data["shapes"].items():
        entry = by_m49.get(code)
        if entry is None:
            background.append(path)
            continue
        shapes.append(
            Shape(
                path=path,
                country=entry.country,
                value=entry.value,
                url=reverse("reporting:country", kwargs={"code": entry.country.code.lower()}),
            )
        )
    return Drawing(
        width=data["width"],
        height=data["height"],
        shapes=shapes,
        background="".join(background),
    )

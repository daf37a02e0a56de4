"""Build reporting/data/world-110m.json, the country shapes of the reporting choropleth map.

Source: world-atlas 2.0.2 (``node_modules/world-atlas/countries-110m.json``, ISC licence), which
is Natural Earth's 1:110m Admin 0 countries (public domain) as TopoJSON, keyed by ISO 3166-1
numeric (= UN M49) code. Run ``npm ci`` first, then::

    .venv/bin/python scripts/build_reporting_map.py

The output is committed, so the site needs neither npm nor this script to draw the map. Each
country becomes one SVG path in an equirectangular projection (1 unit = 1/3 degree, Antarctica
left out), its arcs simplified (Douglas-Peucker) once per shared border so neighbours still
meet, with integer relative coordinates: about 40 KB for the world.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-110m.json"
OUTPUT = ROOT / "reporting" / "data" / "world-110m.json"

SCALE = 3  # units per degree
TOP, BOTTOM = 84, -58  # latitudes kept (Antarctica is below)
TOLERANCE = 0.8  # simplification, in units
SKIP = {"010"}  # Antarctica


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon, lat = x * sx + tx, y * sy + ty
            points.append(((lon + 180) * SCALE, (TOP - lat) * SCALE))
        arcs.append(points)
    return arcs


def _distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points, tolerance=TOLERANCE):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, furthest = None, tolerance
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > furthest:
                index, furthest = i, distance
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def unwrap(points):
    """A ring crossing the antimeridian (Russia's Chukotka, Fiji) jumps across the whole map:
    move its points on the far side next to the rest (the viewBox clips what then lies
    outside the map) instead of drawing a band across the world."""
    xs = [x for x, _y in points]
    middle = 180 * SCALE
    if max(xs) - min(xs) <= middle:
        return points
    east = sum(1 for x in xs if x >= middle)
    if east * 2 >= len(xs):
        return [(x + 2 * middle if x < middle else x, y) for x, y in points]
    return [(x - 2 * middle if x >= middle else x, y) for x, y in points]


def ring_path(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc if not points else arc[1:]
    points = unwrap(points)
    rounded = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < 4:  # too small to see at this scale
        return ""
    parts = [f"M{rounded[0][0]} {rounded[0][1]}"]
    for (x0, y0), (x1, y1) in zip(rounded, rounded[1:], strict=False):
        parts.append(f"{x1 - x0} {y1 - y0}")
    # "l" once, then implicit repeats: "M10 20l1 2 3 -1 ...z"; negative numbers need no space.
    body = " ".join(parts[1:]).replace(" -", "-")
    return f"{parts[0]}l{body}z"


def build():
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is missing: run `npm ci` first.")
    topology = json.loads(SOURCE.read_text())
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code in SKIP or not geometry.get("arcs"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(ring_path(ring, arcs) for polygon in polygons for ring in polygon)
        if not path:
            continue
        # Shapes without a code (Kosovo, Northern Cyprus, Somaliland) are drawn unlinked.
        key = code or f"x-{geometry['properties']['name']}"
        shapes[key] = shapes.get(key, "") + path
    data = {
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via world-atlas 2.0.2",
        "projection": "equirectangular, 1 unit = 1/3 degree, latitudes 84 to -58",
        "width": 360 * SCALE,
        "height": (TOP - BOTTOM) * SCALE,
        "shapes": dict(sorted(shapes.items())),
    }
    OUTPUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(shapes)} shapes, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    build()

"""A fake portal API for harvesting tests: pages of items by type, following ``next``."""

import json
from urllib.parse import parse_qs, urlsplit

BASE = "https://other.example.org"


class FakeAPI:
    """Serves ``items`` by type, two per page, and records the URLs asked for."""

    def __init__(self, items, page_size=2):
        self.items = items
        self.page_size = page_size
        self.asked = []

    def __call__(self, url):
        self.asked.append(url)
        query = parse_qs(urlsplit(url).query)
        wanted = query["type"][0]
        offset = int(query.get("offset", ["0"])[0])
        matching = [
            item
            for item in self.items
            if not isinstance(item, dict) or item.get("type", wanted) == wanted
        ]
        page = matching[offset : offset + self.page_size]
        more = offset + self.page_size < len(matching)
        following = f"{BASE}/api/v1/records/?type={wanted}&offset={offset + self.page_size}"
        # JSON round trip: the reader sees what a real response decodes to.
        return json.loads(json.dumps({"items": page, "next": following if more else None}))


def news_item(uid="n-1", **changes):
    """One news record in the API's shape (``to_api``)."""
    item = {
        "uuid": uid,
        "type": "news",
        "title": "Seagrass meadows mapped",
        "summary": "A new map of seagrass.",
        "url": f"{BASE}/news/{uid}/",
        "published": "2026-05-01T09:00:00+00:00",
        "updated": "2026-05-02T09:00:00+00:00",
        "language": "en",
        "targets": ["GBF-TARGET-03"],
        "countries": ["KE"],
        "regions": [],
        "thematic_areas": [],
        "constituencies": [],
        "date": "2026-05-01",
        "author": "Amina",
        "tags": ["oceans"],
        "body": "The **map** covers the coast.",
        "provenance": None,
    }
    item.update(changes)
    return item

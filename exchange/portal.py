"""Reading another instance of this portal through its public API (``SourceKind.PORTAL``).

``read_portal(source)`` pages through ``{source.url}/api/v1/records/?type=…&updated_since=…``
(following each page's ``next``) for every record type asked for (``source.record_types``, or
every type a portal importer is registered for) and yields one ``Incoming`` per item:
``Incoming(schema=item["type"], identifier="<uuid>@<updated>", document=item, url=item["url"])``.

- Incremental: ``updated_since`` is the start of the source's last successful run, so a
  re-harvest asks only for what changed since.
- Every HTTP call goes through ``fetch(url)`` (a module attribute tests replace): a timeout,
  a response size cap and JSON decoding; an HTTP or network error, a body that is not JSON or a
  page that is not ``{"items": [...], "next": ...}`` stops the run with a ``SourceError`` saying
  which address failed and why.
- An item that is not an object with a uuid and a type is still yielded (schema
  ``"invalid"``), so the pipeline refuses it alone with a reason in the report.
- A record that was itself harvested by the source (its ``provenance`` is not null) keeps its
  *first* origin: ``Incoming.origin`` carries the item's ``provenance.source``, the pipeline
  stores it as ``Provenance.first_origin``, the page shows "first published by …" beside
  "harvested from <this source>", and our own API passes it on to a third portal. The
  provenance row itself always names the source we read (and the identifier there), because
  that is where a re-harvest finds the record again.
"""

from urllib.parse import urlencode, urljoin

from .harvesting import (
    PORTAL,
    SOURCE_READERS,
    Incoming,
    SourceError,
    get_json,
    last_success,
    wanted_schemas,
)
from .models import SourceKind

MAX_BYTES = 10 * 1024 * 1024  # one page of the API is far smaller
PAGE_SIZE = 100
MAX_PAGES = 10_000  # a source whose "next" never ends stops here
INVALID = "invalid"  # the schema of an item that is not a record: refused by the pipeline


def _http_get(url):
    """GET ``url`` and return its decoded JSON; ``SourceError`` for anything that is not."""
    return get_json(url, MAX_BYTES)


# The one function that talks to the network; tests replace it (``monkeypatch``).
fetch = _http_get


def first_url(source, record_type, since=None):
    query = {**(source.parameters or {}), "type": record_type, "limit": PAGE_SIZE}
    if since is not None:
        query["updated_since"] = since.isoformat()
    base = source.url.rstrip("/") + "/"
    return urljoin(base, "api/v1/records/") + "?" + urlencode(query, doseq=True)


def to_incoming(item, fallback_type=""):
    """One API item as an ``Incoming``; an item that is not a record gets schema ``invalid``."""
    if not isinstance(item, dict):
        return Incoming(schema=INVALID, identifier="", document={"item": item})
    uid = item.get("uuid")
    record_type = item.get("type")
    if not isinstance(uid, str) or not uid or not isinstance(record_type, str) or not record_type:
        return Incoming(
            schema=INVALID if not isinstance(record_type, str) else record_type or fallback_type,
            identifier=uid if isinstance(uid, str) else "",
            document=item,
        )
    updated = item.get("updated") or item.get("published") or ""
    url = item.get("url") if isinstance(item.get("url"), str) else ""
    provenance = item.get("provenance")
    origin = provenance.get("source") if isinstance(provenance, dict) else ""
    return Incoming(
        schema=record_type,
        identifier=f"{uid}@{updated}" if updated else uid,
        document=item,
        url=url,
        origin=origin[:200] if isinstance(origin, str) else "",
    )


def read_pages(url):
    """Every item of a paged API listing starting at ``url``."""
    seen = set()
    for _page in range(MAX_PAGES):
        if url in seen:
            raise SourceError(f"{url}: the next page points back to a page already read.")
        seen.add(url)
        page = fetch(url)
        if not isinstance(page, dict) or not isinstance(page.get("items"), list):
            raise SourceError(f"{url}: expected an object with a list of items.")
        yield from page["items"]
        following = page.get("next")
        if not following:
            return
        if not isinstance(following, str):
            raise SourceError(f"{url}: the next page's address is not text.")
        url = urljoin(url, following)
    raise SourceError(f"{url}: more than {MAX_PAGES} pages.")


def read_portal(source):
    since = last_success(source)
    for record_type in wanted_schemas(source, PORTAL):
        for item in read_pages(first_url(source, record_type, since)):
            yield to_incoming(item, record_type)


SOURCE_READERS[SourceKind.PORTAL] = read_portal

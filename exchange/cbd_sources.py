"""Reading the CBD clearing-house: its index and documents APIs, or a file of its documents.

Two source readers, registered in ``harvesting.SOURCE_READERS``:

- ``SourceKind.CBD_FILE`` (``read_file``): ``source.url`` is a path to a JSON file holding a
  single CBD document, a JSON list of them, the examples' wrapper ``{"records": [...]}``, a
  documents API list ``{Count, Items[]}`` (items in the document-info envelope: ``identifier``,
  ``revision``, ``body``…) or an index API response ``{response: {numFound, docs[]}}``.
- ``SourceKind.CBD`` (``read_api``): pages through ``{url}/api/v2013/index`` (the schemas of
  ``source.record_types``, or every schema this portal imports; public, current records of
  the realm in ``source.parameters["realm"]``; changed since the last successful run) and
  fetches each record's body from ``{url}/api/v2013/documents/{uid}`` (a Bio-Bridge request
  from ``/api/v2016/bbi-requests/{_id}``, where the current platform keeps it).

Whatever cannot be read at all (network, HTTP error, not JSON, too large) raises
``SourceError``: the run fails and keeps what it saved. A malformed item is one ``Incoming``
with an ``error``: the pipeline refuses it with that reason and goes on.

Index-only records: news has no document body at the CBD (``cbd-formats/README.md``, "news"),
so a news index doc is handed on as it is (schema ``news``, the index fields as document);
it becomes a record only where an importer for ``("cbd", "news")`` is registered, and is
otherwise refused with the reason that news is not harvested here.

All HTTP goes through ``fetch(url, params)``, one function tests replace.
"""

import urllib.parse
from pathlib import Path

from .harvesting import (
    CBD,
    SOURCE_READERS,
    DocumentMissing,
    Incoming,
    SourceError,
    get_json,
    last_success,
    parse_json,
    wanted_schemas,
)
from .models import SourceKind

MAX_BYTES = 20 * 1024 * 1024  # a larger answer is refused, not read
ROWS = 100  # index docs per page
MAX_PAGES = 1000
# Schemas the CBD serves from the index only (no document body).
INDEX_ONLY = {"news"}
# Schemas whose body is not in the documents API (``cbd-formats/README.md``, Bio-Bridge).
BODY_URLS = {"bbiRequest": "{base}/api/v2016/bbi-requests/{uid}"}


def fetch(url, params=None):
    """GET ``url`` (with query ``params``, lists repeated) and return its parsed JSON."""
    if params:
        url = f"{url}?{urllib.parse.urlencode(params, doseq=True)}"
    return get_json(url, MAX_BYTES)


# --- one document ----------------------------------------------------------------------------


def incoming_from_document(document, url=""):
    """One CBD document (``header`` or, for a current Bio-Bridge request, ``_id`` + ``meta``)
    as an ``Incoming``; one without schema or identifier is an ``Incoming`` to refuse."""
    if not isinstance(document, dict):
        return _malformed("", "", document, "A CBD document is a JSON object.")
    header = document.get("header")
    if isinstance(header, dict):
        schema, identifier = header.get("schema"), header.get("identifier")
    elif "_id" in document and isinstance(document.get("meta"), dict):
        schema, identifier = "bbiRequest", document.get("_id")
    else:
        return _malformed("", "", document, "The document has no header.")
    if not isinstance(schema, str) or not schema:
        return _malformed("", identifier, document, "header.schema: This field is required.")
    if not isinstance(identifier, str) or not identifier:
        return _malformed(schema, "", document, "header.identifier: This field is required.")
    return Incoming(schema=schema, identifier=identifier, document=document, url=url)


def incoming_from_envelope(item, url=""):
    """A documents API item (``{identifier, revision, metadata{schema}, body…}``)."""
    if not isinstance(item, dict) or not isinstance(item.get("body"), dict):
        identifier = item.get("identifier", "") if isinstance(item, dict) else ""
        return _malformed("", identifier, item, "The list item has no document body.")
    incoming = incoming_from_document(item["body"], url)
    if incoming.error:
        return incoming
    uid = str(item.get("identifier") or incoming.original_id).partition("@")[0]
    revision = item.get("revision")
    incoming.identifier = f"{uid}@{revision}" if revision not in (None, "") else uid
    return incoming


def _malformed(schema, identifier, document, reason):
    return Incoming(
        schema=str(schema or "") or "unknown",
        identifier=str(identifier or "") or "?",
        document=document if isinstance(document, dict) else {},
        error=reason,
    )


def index_reference(doc):
    """The ``<uid>@<rev>`` of an index doc."""
    uid = str(doc.get("identifier_s") or "")
    revision = doc.get("_revision_i")
    return f"{uid}@{revision}" if uid and revision not in (None, "") else uid


def index_url(doc):
    urls = doc.get("url_ss")
    return urls[0] if isinstance(urls, list) and urls and isinstance(urls[0], str) else ""


def incoming_from_index(doc):
    """An index doc whose record has no body elsewhere (news): the doc is the document."""
    if not isinstance(doc, dict):
        return _malformed("", "", doc, "An index doc is a JSON object.")
    schema = doc.get("schema_s")
    if not doc.get("identifier_s") or not schema:
        return _malformed(schema, doc.get("identifier_s"), doc, "identifier_s or schema_s missing.")
    reference = index_reference(doc)
    return Incoming(schema=schema, identifier=reference, document=doc, url=index_url(doc))


# --- a file ----------------------------------------------------------------------------------


def documents_in(data):
    """Every ``Incoming`` in a parsed file or answer of any of the shapes the reader takes."""
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict) and "body" in item and "header" not in item:
                yield incoming_from_envelope(item)
            else:
                yield incoming_from_document(item)
    elif isinstance(data, dict) and isinstance(data.get("Items"), list):
        for item in data["Items"]:
            yield incoming_from_envelope(item)
    elif isinstance(data, dict) and isinstance(data.get("response"), dict):
        for doc in data["response"].get("docs") or []:
            if isinstance(doc, dict) and doc.get("schema_s") not in INDEX_ONLY:
                yield _malformed(
                    doc.get("schema_s"),
                    index_reference(doc),
                    doc,
                    "An index entry holds no document body: harvest this record from the CBD "
                    "API or from a file of its documents.",
                )
            else:
                yield incoming_from_index(doc)
    elif isinstance(data, dict) and isinstance(data.get("records"), list):
        yield from documents_in(data["records"])
    else:
        yield incoming_from_document(data)


def read_file(source):
    path = Path(source.url)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError(f"{path}: larger than {MAX_BYTES} bytes.")
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: {error.strerror or error}") from error
    yield from documents_in(parse_json(data, path))


# --- the API ---------------------------------------------------------------------------------


def base_url(source):
    return source.url.rstrip("/")


def index_query(source, start=0):
    schemas = " OR ".join(wanted_schemas(source, CBD))
    filters = ["_state_s:public", "NOT version_s:*"]
    parameters = source.parameters if isinstance(source.parameters, dict) else {}
    realm = parameters.get("realm")
    if realm:
        filters.append(f"realm_ss:{realm}")
    since = last_success(source)
    if since is not None:
        filters.append(f"updatedDate_dt:[{since.strftime('%Y-%m-%dT%H:%M:%SZ')} TO *]")
    return {
        "q": f"schema_s:({schemas})",
        "fq": filters,
        "sort": "updatedDate_dt asc",
        "fl": "identifier_s,schema_s,_revision_i,url_ss,updatedDate_dt",
        "rows": int(parameters.get("rows") or ROWS),
        "start": start,
        "wt": "json",
    }


def index_pages(source):
    """The docs of the index, page by page."""
    base = base_url(source)
    start = 0
    for _page in range(MAX_PAGES):
        data = fetch(f"{base}/api/v2013/index", index_query(source, start))
        response = data.get("response") if isinstance(data, dict) else None
        if not isinstance(response, dict) or not isinstance(response.get("docs"), list):
            raise SourceError(f"{base}/api/v2013/index: not an index response.")
        docs = response["docs"]
        yield from docs
        start += len(docs)
        found = response.get("numFound")
        if not docs or not isinstance(found, int) or start >= found:
            return


def read_api(source):
    base = base_url(source)
    if not base.startswith(("http://", "https://")):
        raise SourceError(f"{source.url!r} is not an http(s) address.")
    for doc in index_pages(source):
        schema = doc.get("schema_s") if isinstance(doc, dict) else None
        if schema in INDEX_ONLY or not isinstance(doc, dict) or not doc.get("identifier_s"):
            yield incoming_from_index(doc)
            continue
        uid = str(doc["identifier_s"]).partition("@")[0]
        address = BODY_URLS.get(schema, "{base}/api/v2013/documents/{uid}")
        try:
            body = fetch(address.format(base=base, uid=urllib.parse.quote(uid, safe="")))
        except DocumentMissing as error:
            yield _malformed(schema, index_reference(doc), doc, str(error))
            continue
        if isinstance(body, dict) and isinstance(body.get("body"), dict):
            incoming = incoming_from_envelope(body, index_url(doc))
        else:
            incoming = incoming_from_document(body, index_url(doc))
        if not incoming.error:
            incoming.identifier = index_reference(doc) or incoming.identifier
            if incoming.schema != schema:
                incoming.error = f"The index says {schema!r}, the document {incoming.schema!r}."
        yield incoming


SOURCE_READERS[SourceKind.CBD_FILE] = read_file
SOURCE_READERS[SourceKind.CBD] = read_api

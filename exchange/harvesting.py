"""The harvest pipeline: documents from another clearing-house become local records.

A source reader (``SOURCE_READERS``, by ``HarvestSource.kind``) yields ``Incoming`` documents;
``harvest(source, incoming)`` hands each to the ``Importer`` registered for its kind and
schema, and records what happened in a ``HarvestRun``.

Importers live in the app that owns the model: importers of another portal's API shape in its
``harvesters.py``, CBD formats in its ``cbd.py`` (both discovered at start-up like
``serializers.py``), so that this app, the lowest layer, never imports a domain
app::

    @register
    class OrganizationImporter(Importer):
        kind = "cbd"                 # or "portal": another instance's API shape (``to_dict``)
        schema = "organization"      # the CBD schema, or the portal's record type
        model = PartnerPage

        def save(self, document, record, context):
            ...  # create (record is None) or update the record; return it
                 # raise RecordRejected("why") for a document that cannot become a record

        def export(self, record):    # optional: the record as a CBD document
            ...

The rules every run keeps (issue 13):

- **One record per source record.** A document is matched to its earlier import through its
  ``Provenance`` (source + original identifier): re-harvesting updates, never duplicates; an
  unchanged document (same checksum) is not saved again.
- **A bad record is refused alone.** Each record is saved in its own transaction together with
  its provenance; if the importer raises, nothing of that record is written, the reason goes
  into the run's report and the run goes on.
- **A failing source loses nothing.** If reading the source fails half-way, the records
  already saved are complete (each was its own transaction) and the run is marked failed with
  the error; nothing is half-written.
- **References resolve when they can.** ``context.resolve("<uid>@<rev>")`` finds the local
  record harvested from that uid (from any source); one not found is kept in the provenance's
  ``unresolved_references`` and the record is saved again at the end of the run, when the
  target may have arrived later in the same run.
"""

import hashlib
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import HarvestRun, Provenance, RunStatus, SourceKind, record_content_type

logger = logging.getLogger(__name__)

# Importer kinds, by the kind of source they read.
PORTAL = "portal"
CBD = "cbd"
KIND_OF_SOURCE = {SourceKind.PORTAL: PORTAL, SourceKind.CBD: CBD, SourceKind.CBD_FILE: CBD}

_IMPORTERS = {}  # (kind, schema) -> importer instance

# Source readers: ``HarvestSource.kind`` -> callable(source) yielding ``Incoming``; raising
# ``SourceError`` when the source cannot be read. Registered by the modules that read them.
SOURCE_READERS = {}


class RecordRejected(Exception):
    """A document that cannot become a record; ``reason`` says why, for the harvest report."""

    def __init__(self, reason, errors=None):
        self.reason = str(reason)
        self.errors = errors or []
        super().__init__(self.reason)


class SourceError(Exception):
    """The source as a whole could not be read (network, HTTP error, not JSON…)."""


class DocumentMissing(SourceError):
    """The address answered 404: for one record's body, that record is refused and the run
    goes on (``cbd_sources``); anywhere else it stops the run like any ``SourceError``."""


HTTP_TIMEOUT = 30  # seconds per request


def parse_json(data, where):
    """``data`` (bytes or text) decoded as JSON; ``SourceError`` naming ``where`` if it is not."""
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(f"{where}: the response is not JSON ({error}).") from error


def get_json(url, max_bytes):
    """GET ``url`` (http or https only) and return its decoded JSON, reading at most
    ``max_bytes``: the one network call of every source reader. Anything that is not a JSON
    answer raises ``SourceError`` saying which address failed and why."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceError(f"{url}: only http and https addresses can be harvested.")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Accept": "application/json", "User-Agent": "chm-harvester/1"}
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise DocumentMissing(f"{url}: not found (HTTP 404).") from error
        raise SourceError(f"{url}: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise SourceError(f"{url}: cannot be read ({reason})") from error
    if len(body) > max_bytes:
        raise SourceError(f"{url}: the response is larger than {max_bytes} bytes.")
    return parse_json(body, url)


@dataclass
class Incoming:
    """One document from a source."""

    schema: str  # a CBD schema ("organization") or a portal record type ("news")
    identifier: str  # the identifier at the source, "<uid>" or "<uid>@<revision>"
    document: dict
    url: str = ""  # the record's own address at the source, shown on its page
    error: str = ""  # set by a reader for an item it could not read: refused with this reason
    # Where the record was first published, when the source itself harvested it from
    # elsewhere (another portal's ``provenance.source``); empty: at the source.
    origin: str = ""

    @property
    def original_id(self):
        return str(self.identifier).partition("@")[0]

    @property
    def revision(self):
        return str(self.identifier).partition("@")[2]


class Importer:
    kind = CBD
    schema = ""
    model = None
    label = ""

    def save(self, document, record, context):
        """Create (``record`` is None) or update ``record`` from ``document`` and return it.

        Runs inside a transaction with the provenance write: raise ``RecordRejected`` (or let
        a ``ValidationError`` out) and nothing of this record is written."""
        raise NotImplementedError

    def export(self, record):
        """The record as a document of this schema (only CBD importers that can export)."""
        raise NotImplementedError

    @property
    def exports(self):
        return type(self).export is not Importer.export


def register(importer_class):
    """Class decorator: the importer for its (kind, schema)."""
    if not importer_class.schema or importer_class.model is None:
        raise ValueError(f"{importer_class.__name__} needs schema and model.")
    _IMPORTERS[(importer_class.kind, importer_class.schema)] = importer_class()
    return importer_class


def unregister(kind, schema):
    _IMPORTERS.pop((kind, schema), None)


def autodiscover():
    autodiscover_modules("harvesters")
    autodiscover_modules("cbd")


def get_importer(kind, schema):
    return _IMPORTERS.get((kind, schema))


def importers(kind=None):
    return [imp for (k, _schema), imp in sorted(_IMPORTERS.items()) if kind in (None, k)]


def wanted_schemas(source, kind):
    """What a source is asked for: its own ``record_types``, or every schema an importer of
    ``kind`` is registered for."""
    wanted = [name for name in source.record_types or [] if isinstance(name, str) and name]
    return wanted or sorted({importer.schema for importer in importers(kind)})


def last_success(source):
    """When the source's last successful (or partly successful) run started, None if it has
    never had one: readers ask only for what changed since."""
    run = (
        source.runs.filter(status__in=[RunStatus.SUCCEEDED, RunStatus.PARTIAL])
        .order_by("-started_at")
        .first()
    )
    return run.started_at if run is not None else None


def cbd_exporter_for(record):
    """The CBD format a record can be exported in (an importer with ``export``), or None."""
    model = getattr(record, "specific_class", None) or type(record)
    for importer in importers(CBD):
        if importer.exports and issubclass(model, importer.model):
            return importer
    return None


def checksum(document):
    encoded = json.dumps(document, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def rejection_reason(error):
    """A readable reason from what an importer raised."""
    if isinstance(error, RecordRejected):
        return error.reason
    if isinstance(error, ValidationError):
        if hasattr(error, "message_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    return f"{type(error).__name__}: {error}"


class HarvestContext:
    """What an importer may ask while saving one record: the source and run, and references."""

    def __init__(self, source, run, fetched_at=None):
        self.source = source
        self.run = run
        self.fetched_at = fetched_at or timezone.now()
        self.unresolved = []
        self.notes = []  # what an importer noted about the record being saved (unknown terms…)
        self._pending = []  # (importer, incoming) whose references did not all resolve

    def resolve(self, reference, model=None):
        """The local record harvested from ``reference`` ("<uid>" or "<uid>@<rev>"), from
        any source, or None (the reference is then kept as unresolved)."""
        uid = str(reference).partition("@")[0]
        provenances = Provenance.objects.filter(original_id=uid)
        if model is not None:
            provenances = provenances.filter(content_type=ContentType.objects.get_for_model(model))
        for provenance in provenances.select_related("content_type"):
            record = provenance.record
            if record is not None:
                return record
        self.unresolved.append(str(reference))
        return None

    def note(self, message):
        """Something the run's report should say about the record being saved, though it was
        not refused (an unknown taxonomy term ignored…)."""
        self.notes.append(str(message))

    # --- the run ------------------------------------------------------------------------------

    def process(self, incoming, retry=False):
        if incoming.error:
            self.reject(incoming, incoming.error)
            return
        importer = get_importer(KIND_OF_SOURCE.get(self.source.kind, CBD), incoming.schema)
        if importer is None:
            self.reject(incoming, f"Records of schema {incoming.schema!r} are not harvested here.")
            return
        if not incoming.original_id:
            self.reject(incoming, "The record has no identifier.")
            return
        provenance = Provenance.objects.filter(
            source=self.source, original_id=incoming.original_id
        ).first()
        record = provenance.record if provenance is not None else None
        digest = checksum(incoming.document)
        if not retry and record is not None and provenance.checksum == digest:
            self.run.unchanged += 1
            return
        self.unresolved = []
        self.notes = []
        try:
            with transaction.atomic():
                saved = importer.save(incoming.document, record, self)
                self._write_provenance(provenance, saved, incoming, importer, digest)
        except Exception as error:  # noqa: BLE001 - one bad record never stops the run
            if not isinstance(error, (RecordRejected, ValidationError)):
                logger.exception("Harvest %s: %s could not be saved", self.source, incoming)
            self.reject(incoming, rejection_reason(error))
            return
        if retry:
            return
        for message in self.notes:
            self.run.report.append(
                {"identifier": incoming.identifier, "schema": incoming.schema, "note": message}
            )
        if record is None:
            self.run.created += 1
        else:
            self.run.updated += 1
        if self.unresolved:
            self._pending.append(incoming)

    def _write_provenance(self, provenance, record, incoming, importer, digest):
        values = {
            "content_type": record_content_type(record),
            "object_id": str(record.pk),
            "original_revision": incoming.revision,
            "original_url": incoming.url[:500],
            "schema": importer.schema,
            "first_origin": incoming.origin[:200],
            "fetched_at": self.fetched_at,
            "unresolved_references": list(dict.fromkeys(self.unresolved)),
            "checksum": digest,
        }
        if provenance is None:
            # A local record deleted and harvested again gets a new provenance row.
            Provenance.objects.create(
                source=self.source, original_id=incoming.original_id, **values
            )
        else:
            Provenance.objects.filter(pk=provenance.pk).update(**values)
        record.__dict__.pop("_provenance", None)

    def relink(self):
        """Save again the records whose references pointed at records that arrived later."""
        pending, self._pending = self._pending, []
        for incoming in pending:
            self.process(incoming, retry=True)

    def reject(self, incoming, reason):
        self.run.rejected += 1
        self.run.report.append(
            {"identifier": incoming.identifier, "schema": incoming.schema, "reason": reason}
        )


def harvest(source, incoming, fetched_at=None):
    """Import every document of ``incoming`` (an iterable of ``Incoming``) from ``source``;
    returns the finished ``HarvestRun``."""
    run = HarvestRun.objects.create(source=source)
    context = HarvestContext(source, run, fetched_at)
    try:
        for item in incoming:
            context.process(item)
        context.relink()
    except Exception as error:  # noqa: BLE001 - the run says why it stopped
        if not isinstance(error, SourceError):
            logger.exception("Harvest %s stopped", source)
        run.error = str(error) or type(error).__name__
        run.status = RunStatus.FAILED
    else:
        run.status = RunStatus.PARTIAL if run.rejected else RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.save()
    return run


def run_source(source):
    """Read ``source`` with the reader of its kind and harvest it."""
    reader = SOURCE_READERS.get(source.kind)
    if reader is None:
        run = HarvestRun.objects.create(
            source=source,
            status=RunStatus.FAILED,
            error=f"No reader for sources of kind {source.kind!r}.",
            finished_at=timezone.now(),
        )
        return run
    return harvest(source, reader(source))

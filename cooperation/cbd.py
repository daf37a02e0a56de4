"""Bio-Bridge in and out: ``bbiRequest`` ↔ ``SupportRequest``, ``bbiOpportunity`` ↔ ``Offer``
(``cbd-formats/README.md``, "Bio-Bridge"), as harvest importers (``exchange.harvesting``).

- A harvested request or offer is the source's public record: it is published here as it is
  (not endorsed or vetted again), and edited only at its source.
- Every language is kept: the record's own in its columns, the others in ``translations``.
  Text that arrives as HTML is sanitized (Markdown fields through ``html_to_markdown``, plain
  fields reduced to text).
- Terms are matched where the portal has them (assistance types by their CBD identifier, GBF
  targets, countries); the ones it does not know are kept and sent back with the matched ones.
- References (``organization``, ``primaryOrganization``: ``<uid>@<rev>``) link the partner
  harvested from that uid when there is one; the reference is kept either way and sent back.
- Fields the portal does not model (``typesDetails``, ``beneficiaryTypes``, ``areasBenifited``,
  ``contact``, ``applicationDocuments``…) are kept in ``cbd_extra`` and sent back unchanged.
- A current Bio-Bridge request has no ``header`` but ``_id`` and ``meta`` (the v2016 store):
  it goes back out in the shape it came in.
"""

from django.utils import timezone

from chm.cbd_reader import CBDFormatError, CBDReader, drop_empty, lstring_of
from chm.markdown import html_to_text, markdown_to_text
from community.partners.models import PartnerPage
from exchange.harvesting import CBD, Importer, RecordRejected, register
from exchange.models import provenance_of
from taxonomy.models import Country, Language, Target

from .models import AssistanceType, Offer, OfferStatus, RequestStatus, SupportRequest


class BBIReader(CBDReader):
    def __init__(self, document):
        super().__init__(dict(document) if isinstance(document, dict) else document)
        meta = self.document.get("meta")
        if not self.header and isinstance(meta, dict):
            languages = meta.get("languages")
            self.languages = [c for c in (languages if isinstance(languages, list) else []) if c]
            self.own = "en" if "en" in self.languages or not self.languages else self.languages[0]

    def text(self, prop, name, required=False, rich=False, limit=None):
        value = self.document.get(prop)
        if not rich and isinstance(value, dict):
            self.document[prop] = {
                language: html_to_text(text) if isinstance(text, str) and "<" in text else text
                for language, text in value.items()
            }
        return super().text(prop, name, required=required, rich=rich, limit=limit)

    def terms(self, prop, field, queryset, key, out=str):
        """A term list: the objects the portal has, and the identifiers it does not (kept)."""
        identifiers = self.identifiers(prop)
        found = {out(getattr(obj, key)): obj for obj in queryset}
        wanted = {identifier: found.get(identifier) for identifier in identifiers}
        self.many[field] = [obj for obj in wanted.values() if obj is not None]
        unknown = [identifier for identifier, obj in wanted.items() if obj is None]
        if unknown:
            self.extra.setdefault("terms", {})[prop] = unknown


class Mapping:
    """One Bio-Bridge schema onto one model."""

    schema = ""
    model = None
    texts = {}  # CBD lstring -> field (plain text)
    rich = {}  # CBD lstring -> Markdown field
    required = ()
    dates = {}  # CBD date -> field
    reference = ("", "")  # (CBD reference, PartnerPage foreign key)
    published = ""

    def read(self, document, record, context):
        read = BBIReader(document)
        read.many, read.extra = {}, {}
        record = record or self.model()
        record.language = Language.objects.filter(code=read.own).first()
        for prop, name in self.texts.items():
            limit = 255 if name == "title" else None
            setattr(record, name, read.text(prop, name, prop in self.required, limit=limit))
        for prop, name in self.rich.items():
            setattr(record, name, read.text(prop, name, prop in self.required, rich=True))
        for prop, name in self.dates.items():
            setattr(record, name, read.date(prop))
        if record.start_date and record.end_date and record.end_date < record.start_date:
            read.error("Error.InvalidValue", "endDate", "The period ends before it starts.")
        read.terms(
            "assistanceTypes",
            "assistance_types",
            AssistanceType.objects.exclude(cbd_identifier=""),
            "cbd_identifier",
            str.upper,
        )
        read.terms("gbfTargets", "targets", Target.objects.all(), "identifier")
        self.read_more(read, record)
        prop, name = self.reference
        uid, revision = read.reference(prop)
        setattr(record, name, None)
        if uid:
            reference = f"{uid}@{revision}" if revision else uid
            read.extra.setdefault("references", {})[prop] = reference
            setattr(record, name, context.resolve(reference, PartnerPage))
        identifier = read.header.get("identifier") or read.document.get("_id")
        if not isinstance(identifier, str) or not identifier:
            read.error("Error.Mandatory", "header.identifier", "This field is required.")
        else:
            record.source_identifier = identifier[:128]
        if not read.header and isinstance(read.document.get("meta"), dict):
            read.extra["meta"] = read.document["meta"]
        modelled = (
            set(self.texts)
            | set(self.rich)
            | set(self.dates)
            | {"assistanceTypes", "gbfTargets", prop, "_id", "meta"}
            | set(self.also_modelled)
        )
        record.cbd_extra = read.extra
        read.finish(_Built(record), modelled)
        return record, read.many

    also_modelled = ()

    def read_more(self, read, record):
        pass

    def save(self, document, record, context):
        try:
            record, many = self.read(document, record, context)
        except CBDFormatError as error:
            raise RecordRejected(str(error), errors=error.errors) from error
        record.status = self.published
        record.published_at = record.published_at or timezone.now()
        record.full_clean(exclude=["contact_name", "contact_email", "expires_on"])
        record.save()
        for name, values in many.items():
            getattr(record, name).set(values)
        return record

    # --- out ---------------------------------------------------------------------------------

    def export(self, record):
        extra = record.cbd_extra or {}
        own = record.language.code if record.language_id else "en"
        languages = [own] + sorted(set(record.translations or {}) - {own})
        identifier = record.source_identifier or str(record.uuid).upper()
        if "meta" in extra:
            document = {"_id": identifier, "meta": extra["meta"]}
        else:
            document = {
                "header": {"identifier": identifier, "schema": self.schema, "languages": languages}
            }
        for prop, name in self.texts.items():
            document[prop] = _lstring(record, name, languages)
        for prop, name in self.rich.items():
            document[prop] = _lstring(record, name, languages, rich=True)
        for prop, name in self.dates.items():
            value = getattr(record, name)
            document[prop] = value.isoformat() if value else None
        kept = extra.get("terms") or {}
        document["assistanceTypes"] = _terms(
            [t.cbd_identifier for t in record.assistance_types.exclude(cbd_identifier="")],
            kept.get("assistanceTypes"),
        )
        document["gbfTargets"] = _terms(
            [t.identifier for t in record.targets.all()], kept.get("gbfTargets")
        )
        prop, name = self.reference
        document[prop] = _reference(
            (extra.get("references") or {}).get(prop), getattr(record, name)
        )
        self.export_more(record, document, kept)
        document.update(extra.get("fields") or {})
        return drop_empty(document)

    def export_more(self, record, document, kept):
        pass


class _Built:
    def __init__(self, record):
        self.record = record


def _lstring(record, name, languages, rich=False):
    return lstring_of(record, name, languages[0], rich=rich, languages=languages)


def _terms(identifiers, kept):
    return [{"identifier": i} for i in sorted(identifiers) + list(kept or [])]


def _reference(kept, partner):
    if kept:
        return {"identifier": kept}
    provenance = provenance_of(partner) if partner is not None else None
    if provenance is None:
        return None
    revision = f"@{provenance.original_revision}" if provenance.original_revision else ""
    return {"identifier": provenance.original_id + revision}


class RequestMapping(Mapping):
    schema = "bbiRequest"
    model = SupportRequest
    texts = {
        "title": "title",
        "objectives": "objectives",
        "potentialOOI": "expected_outcomes",
        "existingInitiatives": "existing_initiatives",
        "coFinancing": "co_financing",
    }
    rich = {"problem": "problem"}
    required = ("title", "problem")
    dates = {"startDate": "start_date", "endDate": "end_date"}
    reference = ("organization", "requesting_organization")
    published = RequestStatus.PUBLISHED
    also_modelled = ("coverage",)

    def read_more(self, read, record):
        record.summary = markdown_to_text(record.problem)[:600]
        details = read.document.get("typesDetails")
        if isinstance(details, dict):
            record.assistance_details = "\n\n".join(
                text[read.own].strip()
                for text in details.values()
                if isinstance(text, dict) and isinstance(text.get(read.own), str)
            )
        countries = Country.objects.all()
        read.terms("coverage", "countries", countries, "code", str.lower)

    def export_more(self, record, document, kept):
        document["coverage"] = _terms(
            [c.code.lower() for c in record.countries.all()], kept.get("coverage")
        )


class OfferMapping(Mapping):
    schema = "bbiOpportunity"
    model = Offer
    texts = {
        "title": "title",
        "eligibility": "eligibility",
        "applicationProcess": "application_process",
        "potentialOutcomes": "potential_outcomes",
    }
    rich = {"description": "description"}
    required = ("title", "description")
    dates = {
        "applicationDeadline": "application_deadline",
        "startDate": "start_date",
        "endDate": "end_date",
    }
    reference = ("primaryOrganization", "provider_organization")
    published = OfferStatus.PUBLISHED


@register
class BBIRequestImporter(RequestMapping, Importer):
    kind = CBD
    label = "Bio-Bridge request"


@register
class BBIOpportunityImporter(OfferMapping, Importer):
    kind = CBD
    label = "Bio-Bridge opportunity"

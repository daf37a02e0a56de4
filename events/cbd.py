"""Events in the CBD clearing-house's shape (``event``, ``../shared/cbd-formats/README.md``),
import and export.

An ``event`` is an ``EventPage``: title and description (with their translations; the summary
is the description's first 500 characters of plain text), start and end (UTC), the address
(its street and city in the record's language; the whole address is kept), the country, the
organizing partner (the ``contactOrganization`` reference, resolved when that organization is
here and kept otherwise) and the CBD subjects that map to a thematic area. Everything else
(symbol, type, durations, websites, images, documents, logo, Aichi targets…) is kept as it came
and sent back unchanged (``chm.cbd_pages``). The CBD publishes no schema table for events
(README): mandatory here are what an event page needs, a title and its start and end.
"""

from datetime import UTC

from chm.cbd_pages import (
    PageReader,
    header,
    kept,
    lstring,
    reference_to,
    save_page,
    subject_terms,
)
from chm.cbd_reader import drop_empty
from chm.markdown import markdown_to_text
from community.partners.models import PartnerPage
from exchange.harvesting import Importer, register

from .models import EventFormat, EventIndexPage, EventPage

EVENT_FIELDS = {
    "title",
    "description",
    "startDate",
    "endDate",
    "address",
    "contactOrganization",
    "thematicAreas",
}


def _address_text(address, own):
    """The street and city of a CBD address in one language, one per line."""
    lines = []
    for part in ("address", "city"):
        value = address.get(part) if isinstance(address, dict) else None
        if isinstance(value, dict) and isinstance(value.get(own), str) and value[own].strip():
            lines.append(value[own].strip())
    return "\n".join(lines)


def _when(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@register
class EventImporter(Importer):
    schema = "event"
    model = EventPage
    label = "CBD event"

    def save(self, document, record, context):
        read = PageReader(document)
        page = EventPage(time_zone="UTC")
        page.title = read.text("title", "title", required=True, limit=255)
        page.description = read.text("description", "description", rich=True)
        page.summary = markdown_to_text(page.description)[:500] or page.title[:500]
        page.start = read.when("startDate", required=True)
        page.end = read.when("endDate", required=True)
        if page.start and page.end and page.end < page.start:
            read.error("Error.InvalidValue", "endDate", "The event ends before it starts.")
        countries = []
        address = read.value("address", dict)
        if address is not None:
            for part in ("address", "city", "state", "postalCode"):
                value = address.get(part)
                if value is not None and not isinstance(value, dict):
                    read.error("Error.InvalidType", f"address.{part}", "Expected an lstring.")
            sub = PageReader({"country": address.get("country")})
            country = sub.country_term("country") if address.get("country") else None
            for error in sub.errors:
                read.error(error["code"], "address.country", error["message"])
            countries = [country] if country else []
            page.address = _address_text(address, read.own)
            read.keep("address", address)
        page.event_format = EventFormat.IN_PERSON if page.address else EventFormat.ONLINE
        reference = read.value("contactOrganization", dict)
        identifier = reference.get("identifier") if reference else None
        if reference is not None and not isinstance(identifier, str):
            read.error("Error.InvalidType", "contactOrganization", "Expected {identifier}.")
        elif identifier:
            page.organizer_partner = context.resolve(identifier, PartnerPage)
        read.keep("contactOrganization", reference)
        many = {"countries": countries, "thematic_areas": read.subjects("thematicAreas")}
        read.finish_page(page, EVENT_FIELDS)
        if record is not None:
            page.time_zone = record.specific.time_zone
        return save_page(page, record, EventIndexPage, many)

    def export(self, record):
        record = record.specific
        own = (record.cbd_extra or {}).get("language") or record.record_language
        country = record.countries.order_by("code").first()
        address = None
        if record.address or country:
            address = drop_empty(
                {
                    "address": lstring(record, "address"),
                    "country": {"identifier": country.code.lower()} if country else None,
                }
            )
        organizer = None
        if record.organizer_partner_id:
            organizer = reference_to(record.organizer_partner)
        held = kept(record, "contactOrganization", None)
        if held and (
            organizer is None
            and not record.organizer_partner_id
            or organizer
            and held["identifier"].partition("@")[0] == organizer["identifier"].partition("@")[0]
        ):
            organizer = held
        document = {
            "header": header(record, "event"),
            "title": lstring(record, "title"),
            "description": lstring(record, "description", rich=True),
            "startDate": _when(record.start),
            "endDate": _when(record.end),
            "address": kept(
                record,
                "address",
                address,
                lambda kept: _address_text(kept, own) == record.address,
            ),
            "contactOrganization": organizer,
            "thematicAreas": subject_terms(record, "thematicAreas"),
        }
        document.update((record.cbd_extra or {}).get("fields") or {})
        return drop_empty(document)

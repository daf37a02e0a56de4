"""Importer of another portal's events (``exchange.portal``; see ``chm.harvesting``)."""

import datetime
import zoneinfo

from chm.harvesting import PortalPageImporter
from community.partners.models import PartnerPage
from exchange.harvesting import RecordRejected, register
from taxonomy.models import Language

from .models import EventFormat, EventIndexPage, EventPage, EventStatus


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise RecordRejected(f"time_zone: {name[:64]!r} is not a known time zone.") from None


@register
class EventImporter(PortalPageImporter):
    schema = "event"
    model = EventPage
    index_model = EventIndexPage
    summary_field = "summary"
    summary_limit = 500
    body_field = None
    markdown_body_field = "description"

    def fill(self, page, doc, context):
        if not page.summary:
            raise RecordRejected("summary: this field is required.")
        page.time_zone = doc.text("time_zone", limit=64) or "UTC"
        zone = _zone(page.time_zone)
        page.all_day = doc.flag("all_day")
        if page.all_day:
            first, last = doc.date("start", required=True), doc.date("end", required=True)
            page.start = datetime.datetime.combine(first, datetime.time(), zone)
            page.end = datetime.datetime.combine(
                last + datetime.timedelta(days=1), datetime.time(), zone
            )
        else:
            page.start = doc.datetime("start", required=True)
            page.end = doc.datetime("end", required=True)
        if page.end < page.start:
            raise RecordRejected("end: the event ends before it starts.")
        page.event_format = doc.choice("format", EventFormat.choices, default=EventFormat.IN_PERSON)
        page.status = doc.choice("status", EventStatus.choices, default=EventStatus.SCHEDULED)
        page.venue = doc.text("venue", limit=200)
        page.address = doc.text("address")
        page.online_url = doc.url("online_url")
        page.registration_url = doc.url("registration_url")
        page.registration_deadline = doc.date("registration_deadline")
        page.organizer_name = doc.text("organizer", limit=200)
        partner = doc.text("organizer_partner")
        page.organizer_partner = context.resolve(partner, PartnerPage) if partner else None
        page.languages.set(Language.objects.filter(code__in=doc.strings("event_languages")))

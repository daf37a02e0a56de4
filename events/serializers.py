from django.utils.translation import gettext_lazy as _

from wagtail.rich_text import get_text_for_indexing

from chm.markdown import markdown_to_text
from community.partners.models import PartnerPage
from exchange.links import absolute_url
from exchange.serializers import RecordSerializer, register

from .models import EventFormat, EventIndexPage, EventPage, EventStatus

ATTENDANCE_MODES = {
    EventFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
EVENT_STATUSES = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.RESCHEDULED: "https://schema.org/EventRescheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


@register
class EventPageSerializer(RecordSerializer):
    """Events: public once published (drafts under review are seen only in the admin and by
    their submitter on "my submissions"), so the default page rules apply."""

    record_type = "event"
    model = EventPage
    schema_type = "Event"
    label = _("Event")

    def listing_base_url(self):
        index = EventIndexPage.objects.live().public().order_by("path").first()
        return index.url if index is not None else None

    def queryset(self, user=None):
        return super().queryset(user).select_related("organizer_partner", "organizer_member")

    def dependencies(self):
        # An event's document carries its partner organization's name as organizer, which
        # changes when the organization is renamed, unpublished, published again or deleted.
        return {
            PartnerPage: lambda partner: EventPage.objects.filter(organizer_partner_id=partner.pk)
        }

    def get_text(self, obj):
        body = " ".join(get_text_for_indexing(str(block.render())) for block in obj.body)
        organizer = obj.organizer
        description = markdown_to_text(obj.description)
        parts = (obj.summary, description, body, obj.venue, organizer and organizer.name)
        return " ".join(part for part in parts if part).strip()

    def _dates(self, obj):
        if obj.all_day:
            return obj.start_date.isoformat(), obj.end_date.isoformat()
        return obj.start_local.isoformat(), obj.end_local.isoformat()

    def extra_fields(self, obj, request=None):
        start, end = self._dates(obj)
        organizer = obj.organizer
        return {
            "start": start,
            "end": end,
            "time_zone": obj.time_zone,
            "all_day": obj.all_day,
            "format": obj.event_format,
            "status": obj.status,
            "venue": obj.venue,
            "address": obj.address,
            "online_url": obj.online_url or None,
            "organizer": organizer.name if organizer else None,
            # The partner organization shown as organizer (its record's uuid), if any.
            "organizer_partner": organizer.identifier if organizer else None,
            "registration_url": obj.registration_url or None,
            "registration_deadline": (
                obj.registration_deadline.isoformat() if obj.registration_deadline else None
            ),
            "event_languages": [language.code for language in obj.languages.all()],
        }

    def jsonld_extra(self, obj, data, request=None):
        locations = []
        if obj.is_in_person:
            place = {"@type": "Place", "name": obj.venue or obj.address}
            if obj.address:
                place["address"] = " ".join(obj.address.split())
            locations.append(place)
        if obj.is_online:
            locations.append({"@type": "VirtualLocation", "url": obj.online_url or data["url"]})
        document = {
            "startDate": data["start"],
            "endDate": data["end"],
            "eventAttendanceMode": ATTENDANCE_MODES[obj.event_format],
            "eventStatus": EVENT_STATUSES.get(obj.status, EVENT_STATUSES[EventStatus.SCHEDULED]),
            "location": locations[0] if len(locations) == 1 else locations,
        }
        organizer = obj.organizer
        if organizer is not None:
            document["organizer"] = {"@type": organizer.kind, "name": organizer.name}
            if organizer.identifier:
                document["organizer"]["identifier"] = organizer.identifier
            if organizer.url:
                document["organizer"]["url"] = absolute_url(organizer.url, request)
        if obj.registration_url:
            document["offers"] = {
                "@type": "Offer",
                "url": obj.registration_url,
                "price": 0,
                "priceCurrency": "USD",
                "availability": "https://schema.org/InStock",
            }
        if data["event_languages"]:
            document["inLanguage"] = data["event_languages"]
        if obj.image_id:
            document["image"] = absolute_url(obj.image.get_rendition("fill-1200x675").url, request)
        return document

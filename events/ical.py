"""iCalendar (RFC 5545) for one event or a subscribable feed, built with ``icalendar``.

Timed events carry DTSTART/DTEND with their TZID and a matching VTIMEZONE, so calendar apps
show them right wherever the subscriber is; all-day events carry dates (VALUE=DATE, DTEND the
day after the last day, as the RFC requires).
"""

import datetime

from icalendar import Calendar, Event, vCalAddress, vText

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from exchange.links import absolute_url, page_url

from .models import EventStatus

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.RESCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def event_component(event, request=None):
    component = Event()
    component.add("uid", f"{event.uuid}")
    component.add("dtstamp", event.last_published_at or timezone.now())
    component.add("summary", event.title)
    if event.all_day:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.end_local.date())
    else:
        component.add("dtstart", event.start_local)
        component.add("dtend", event.end_local)
    url = page_url(event, request)
    if url:
        component.add("url", url)
    description = event.summary
    if event.online_url:
        description += f"\n\n{event.online_url}"
    if url:
        description += f"\n\n{url}"
    component.add("description", description)
    if event.location_text:
        component.add("location", event.location_text)
    organizer = event.organizer
    if organizer is not None:
        address = absolute_url(organizer.url, request) if organizer.url else url
        address = address or "urn:invalid"
        cal_address = vCalAddress(address)
        cal_address.params["cn"] = vText(organizer.name)
        component.add("organizer", cal_address)
    component.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
    for target in event.targets.all():
        component.add("categories", target.identifier)
    return component


def build_calendar(events, name, request=None):
    calendar = Calendar()
    calendar.add("prodid", "-//Biodiversity Clearing-House//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "UTC")
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for event in events:
        calendar.add_component(event_component(event, request))
    if events:
        # VTIMEZONE rules covering just the events' span keep the file small.
        first = min(event.start for event in events).date() - datetime.timedelta(days=1)
        last = max(event.end for event in events).date() + datetime.timedelta(days=2)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar


def calendar_response(events, name, request, filename):
    calendar = build_calendar(list(events), name, request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Language"] = get_language() or "en"
    return response

"""Events as a visitor sees them: times in the event's zone, views, filters, feeds, JSON-LD."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from defusedxml import ElementTree as ET

from django.utils import timezone
from django.utils.html import strip_tags

from community.members.factories import ProfileFactory
from events.factories import EventPageFactory
from events.models import EventFormat
from taxonomy.models import Country, Target
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db

MONTREAL = ZoneInfo("America/Toronto")
NAIROBI = ZoneInfo("Africa/Nairobi")


def _in_days(days, hour, zone):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), zone)


@pytest.fixture
def workshop(events_index):
    """Upcoming, in person in Nairobi, 09:00-17:00 East Africa Time (UTC+3, no DST), on a
    winter day in New York (UTC-5)."""
    start = datetime.datetime(2030, 1, 15, 9, tzinfo=NAIROBI)
    event = EventPageFactory(
        parent=events_index,
        title="Nairobi workshop",
        start=start,
        end=start + datetime.timedelta(hours=8),
        time_zone="Africa/Nairobi",
        organizer_name="UNEP",
    )
    event.countries.set([Country.objects.get(code="KE")])
    event.targets.set([Target.objects.get(number=14)])
    event.save_revision().publish()
    return event


@pytest.fixture
def webinar(events_index):
    start = _in_days(3, 14, ZoneInfo("Europe/Paris"))
    return EventPageFactory(
        parent=events_index,
        title="Indicators webinar",
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Europe/Paris",
        event_format=EventFormat.ONLINE,
        venue="",
        address="",
        online_url="https://meet.example.org/indicators",
        organizer_name="",
        organizer_member=ProfileFactory(display_name="Olga Petrova"),
    )


@pytest.fixture
def past_meeting(events_index):
    start = _in_days(-30, 9, MONTREAL)
    return EventPageFactory(
        parent=events_index,
        title="Last month's meeting",
        start=start,
        end=start + datetime.timedelta(hours=8),
        time_zone="America/Toronto",
    )


def test_event_times_are_shown_in_the_events_zone(client, workshop):
    html = client.get(workshop.url).content.decode()
    start_iso = workshop.start.astimezone(NAIROBI).isoformat()
    assert f'<time datetime="{start_iso}" data-local-time>' in html
    assert start_iso.endswith("T09:00:00+03:00")
    assert "9 a.m." in html and "5 p.m." in html
    assert "(Africa/Nairobi)" in html


def test_event_times_convert_to_a_chosen_zone(client, workshop):
    html = client.get(f"{workshop.url}?tz=America/New_York").content.decode()
    start_ny = workshop.start.astimezone(ZoneInfo("America/New_York"))
    assert start_ny.hour == 1
    # One day, so the end gives only its time (chm_formats.time_range).
    assert "In America/New_York: Jan. 15, 2030, 1 a.m.–9 a.m." in strip_tags(html)
    assert '<option value="America/New_York" selected>' in html


def test_unknown_zone_is_ignored(client, workshop):
    response = client.get(f"{workshop.url}?tz=Mars/Olympus")
    assert response.status_code == 200
    assert "In Mars" not in response.content.decode()
    assert "(Africa/Nairobi)" in response.content.decode()


def test_all_day_event_shows_dates(client, events_index):
    day = timezone.localdate() + datetime.timedelta(days=20)
    event = EventPageFactory(
        parent=events_index,
        title="Biodiversity day",
        all_day=True,
        start=datetime.datetime.combine(day, datetime.time(), MONTREAL),
        end=datetime.datetime.combine(day + datetime.timedelta(days=2), datetime.time(), MONTREAL),
    )
    html = client.get(event.url).content.decode()
    assert f'<time datetime="{day:%Y-%m-%d}">' in html
    last = day + datetime.timedelta(days=1)
    assert f'<time datetime="{last:%Y-%m-%d}">' in html
    assert "all day" in html
    document = json_ld(html)
    assert document["startDate"] == day.isoformat() and document["endDate"] == last.isoformat()


def test_upcoming_and_past_views(client, events_index, workshop, webinar, past_meeting):
    upcoming = client.get(events_index.url).content.decode()
    assert upcoming.index("Indicators webinar") < upcoming.index("Nairobi workshop")
    assert "Last month" not in upcoming
    past = client.get(f"{events_index.url}past/").content.decode()
    assert "Last month&#x27;s meeting" in past and "Nairobi workshop" not in past


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("event_format=online", {"Indicators webinar"}),
        ("event_format=in-person", {"Nairobi workshop"}),
        ("country=KE", {"Nairobi workshop"}),
        ("target=14", {"Nairobi workshop"}),
    ],
)
def test_event_filters(client, events_index, workshop, webinar, query, expected):
    html = client.get(f"{events_index.url}?{query}").content.decode()
    assert {e.title for e in (workshop, webinar) if e.title in html} == expected


def test_filter_by_organizer(client, events_index, workshop, webinar):
    html = client.get(events_index.url).content.decode()
    assert "Olga Petrova" in html  # offered as an organizer
    filtered = client.get(f"{events_index.url}?organizer={webinar.organizer_member.uuid}")
    assert "Indicators webinar" in filtered.content.decode()
    assert "Nairobi workshop" not in filtered.content.decode()


def test_month_calendar_places_events_on_their_days(client, events_index, workshop):
    html = client.get(f"{events_index.url}calendar/2030/1/").content.decode()
    assert '<table class="calendar">' in html
    assert "Events in January 2030" in html
    cell = html.split('<span class="calendar__day">15</span>', 1)[1].split("</td>")[0]
    assert "Nairobi workshop" in cell


def test_calendar_day_follows_the_chosen_zone(client, events_index):
    # 20:00 on 10 March in Honolulu is 06:00 UTC on 11 March.
    start = datetime.datetime(2030, 3, 10, 20, tzinfo=ZoneInfo("Pacific/Honolulu"))
    EventPageFactory(
        parent=events_index,
        title="Evening dialogue",
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Pacific/Honolulu",
    )
    url = f"{events_index.url}calendar/2030/3/"

    def cell(html, day):
        return html.split(f'<span class="calendar__day">{day}</span>', 1)[1].split("</td>")[0]

    own = client.get(url).content.decode()
    in_utc = client.get(f"{url}?tz=UTC").content.decode()
    assert "Evening dialogue" in cell(own, 10) and "Evening dialogue" not in cell(own, 11)
    assert "Evening dialogue" in cell(in_utc, 11) and "Evening dialogue" not in cell(in_utc, 10)


def test_bad_calendar_month_is_not_found(client, events_index):
    assert client.get(f"{events_index.url}calendar/2026/13/").status_code == 404


def test_event_ics_parses_back_with_the_right_times(client, workshop):
    response = client.get(f"{workshop.url}ical/")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == str(workshop.uuid)
    assert event["DTSTART"].params["TZID"] == "Africa/Nairobi"
    assert event.decoded("DTSTART") == workshop.start
    assert event.decoded("DTEND") == workshop.end
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=3)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Nairobi"]
    assert str(event["SUMMARY"]) == "Nairobi workshop"
    assert "Palais des congrès" in str(event["LOCATION"])
    assert event["ORGANIZER"].params["CN"] == "UNEP"
    assert str(event["URL"]).endswith(workshop.url)


def test_all_day_ics_uses_dates(client, events_index):
    day = timezone.localdate() + datetime.timedelta(days=5)
    event = EventPageFactory(
        parent=events_index,
        all_day=True,
        start=datetime.datetime.combine(day, datetime.time(), MONTREAL),
        end=datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), MONTREAL),
    )
    body = client.get(f"{event.url}ical/").content.decode()
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in body
    assert f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}" in body


def test_calendar_feed_is_subscribable_and_filtered(client, events_index, workshop, webinar):
    index_html = client.get(f"{events_index.url}?event_format=online").content.decode()
    assert f'href="webcal://testserver{events_index.url}ical/?event_format=online"' in index_html
    response = client.get(f"{events_index.url}ical/?event_format=online")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Indicators webinar"]
    everything = icalendar.Calendar.from_ical(client.get(f"{events_index.url}ical/").content)
    assert len(everything.walk("VEVENT")) == 2
    assert {tz["TZID"] for tz in everything.walk("VTIMEZONE")} == {"Africa/Nairobi", "Europe/Paris"}


def test_event_feeds_are_valid_xml(client, events_index, workshop, webinar, past_meeting):
    rss = ET.fromstring(client.get(f"{events_index.url}rss/?country=KE").content)
    assert [i.findtext("title") for i in rss.find("channel").findall("item")] == [
        f"Nairobi workshop ({workshop.start_date:%Y-%m-%d})"
    ]
    atom = ET.fromstring(client.get(f"{events_index.url}atom/").content)
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2  # the past meeting is not in the feed of upcoming events


def test_in_person_event_json_ld(client, workshop):
    document = json_ld(client.get(workshop.url).content.decode())
    assert document["@type"] == "Event"
    assert document["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert document["eventStatus"] == "https://schema.org/EventScheduled"
    assert document["location"]["@type"] == "Place"
    assert document["location"]["name"] == "Palais des congrès"
    assert document["organizer"] == {"@type": "Organization", "name": "UNEP"}
    assert document["startDate"] == workshop.start.astimezone(NAIROBI).isoformat()


def test_online_and_hybrid_event_json_ld(client, webinar):
    document = json_ld(client.get(webinar.url).content.decode())
    assert document["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert document["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/indicators",
    }
    assert document["organizer"]["@type"] == "Person"
    assert document["organizer"]["name"] == "Olga Petrova"
    webinar.event_format = EventFormat.HYBRID
    webinar.venue = "CBD Secretariat"
    webinar.save_revision().publish()
    document = json_ld(client.get(webinar.url).content.decode())
    assert document["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in document["location"]] == ["Place", "VirtualLocation"]


def test_private_organizer_profile_is_neither_named_nor_linked(client, webinar):
    """Issue 15 item 5: a private profile shows as the neutral name its member chose."""
    profile = webinar.organizer_member
    profile.visibility = profile.Visibility.PRIVATE
    profile.save()
    html = client.get(webinar.url).content.decode()
    assert "Olga Petrova" not in html
    assert profile.get_absolute_url() not in html
    assert "a member" in html
    profile.public_name = "An Arctic researcher"
    profile.save()
    html = client.get(webinar.url).content.decode()
    assert "An Arctic researcher" in html and "Olga Petrova" not in html


def test_admin_times_are_entered_in_the_events_zone(editor_client, workshop):
    from django.urls import reverse

    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[workshop.pk]))
    assert "2030-01-15 09:00" in response.content.decode()

"""The event forms' time zone: common zones first, a default from the event's country."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from django.urls import reverse

from community.members.factories import ProfileFactory
from events.factories import EventPageFactory
from events.forms import EventSubmissionForm
from events.models import EventPage
from events.timezones import default_zone, zone_choices
from taxonomy.models import Country

pytestmark = pytest.mark.django_db


def test_default_zone_is_the_first_single_zone_country_else_the_sites(settings):
    settings.TIME_ZONE = "UTC"
    us, kenya, france = (Country.objects.get(code=c) for c in ("US", "KE", "FR"))
    assert default_zone([kenya]) == "Africa/Nairobi"
    assert default_zone([us, france]) == "Europe/Paris"
    assert default_zone([us]) == "UTC"
    assert default_zone([]) == "UTC"


def test_common_zones_come_first():
    choices = zone_choices()
    assert choices[0][0] == ""
    label, common = choices[1]
    assert str(label) == "Common time zones"
    assert [value for value, _label in common][:3] == ["UTC", "America/Toronto", "America/New_York"]


def test_admin_event_takes_its_zone_from_its_country(editor_client, events_index):
    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", events_index.pk])
    response = editor_client.get(add_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="" selected>From the event’s country</option>' in html
    assert response.context["form"]["time_zone"].value() in ("", None)
    kenya = Country.objects.get(code="KE")
    data = {
        "title": "Nairobi workshop",
        "slug": "nairobi-workshop",
        "summary": "A workshop.",
        "start": "2030-04-01 10:00",
        "end": "2030-04-01 12:00",
        "time_zone": "",
        "event_format": "in-person",
        "status": "scheduled",
        "countries": [str(kenya.pk)],
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="nairobi-workshop")
    assert event.time_zone == "Africa/Nairobi"
    assert event.start == datetime.datetime(2030, 4, 1, 10, tzinfo=ZoneInfo("Africa/Nairobi"))


def test_admin_keeps_an_existing_events_zone(editor_client, events_index):
    event = EventPageFactory(parent=events_index, time_zone="Asia/Tokyo")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert response.context["form"]["time_zone"].value() == "Asia/Tokyo"
    assert '<option value="Asia/Tokyo" selected>' in response.content.decode()


def test_member_form_preselects_the_zone_of_the_members_country(db):
    profile = ProfileFactory(country=Country.objects.get(code="KE"))
    form = EventSubmissionForm(user=profile.user)
    assert form["time_zone"].value() == "Africa/Nairobi"
    assert form.fields["time_zone"].choices[1][0] == "Common time zones"
    other = ProfileFactory(country=None)
    assert EventSubmissionForm(user=other.user)["time_zone"].value() == "UTC"

import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories

from django.utils import timezone

from .models import EventFormat, EventIndexPage, EventPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    live = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """An in-person event in Montreal, a week from now, 09:00-17:00 local time."""

    title = factory.Faker("sentence", nb_words=5)
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = factory.Faker("sentence", nb_words=14)
    time_zone = "America/Toronto"
    start = factory.LazyAttribute(
        lambda o: datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=7),
            datetime.time(9),
            ZoneInfo(o.time_zone),
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=8))
    event_format = EventFormat.IN_PERSON
    venue = "Palais des congrès"
    address = "1001 Place Jean-Paul-Riopelle, Montréal"
    organizer_name = factory.Faker("company")
    live = True

    class Meta:
        model = EventPage

"""Events: an index with upcoming, past and calendar views, and event pages.

Start and end are stored as aware UTC datetimes together with the event's IANA time zone, so
listings sort and filter on one column while every page shows the times where the event
happens. An all-day event runs from local midnight of its first day to local midnight after
its last day (its dates are what is shown and exported).
"""

import calendar
import datetime
from dataclasses import dataclass

from modelcluster.fields import ParentalManyToManyField

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from chm.blocks import BaseStreamBlock
from chm.cbd_pages import CBDRecordFields
from chm.i18n import ReaderLanguageUrlMixin
from chm.listings import ListingFeedsMixin, ListingMixin
from chm.markdown import render_markdown
from chm.submissions import SubmittablePage
from taxonomy.models import CLASSIFICATION_SEARCH_FIELDS, ClassifiedPage, classification_panel

from .feeds import EventFeed
from .timezones import (
    CONVERSION_ZONES,
    default_zone,
    get_zone,
    validate_time_zone,
    zone_choices,
)


class EventFormat(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


@dataclass
class Organizer:
    """Who organizes an event, whatever it is stored as (a partner, a member or a name)."""

    name: str
    url: str | None = None
    kind: str = "Organization"
    identifier: str | None = None  # a partner organization's record uuid


class EventPageForm(WagtailAdminPageForm):
    """Editors type start and end as wall-clock times *in the event's time zone*.

    The time zone is a select with the common zones first. A new event starts on "From the
    event’s country": when saved, it takes the zone of the first of the event's countries
    that has a single one, else the site's (``events.timezones.default_zone``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "time_zone" in self.fields:
            field = self.fields["time_zone"]
            self.fields["time_zone"] = forms.ChoiceField(
                label=field.label,
                help_text=_("Start and end are in this zone."),
                choices=zone_choices(empty_label=_("From the event’s country")),
                required=False,
            )
            if self.instance.pk is None:
                self.initial["time_zone"] = ""
        zone = get_zone(self.instance.time_zone)
        if zone is not None:
            for name in ("start", "end"):
                value = getattr(self.instance, name)
                if value is not None and name in self.fields:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        if "time_zone" in self.fields and not cleaned.get("time_zone"):
            cleaned["time_zone"] = default_zone(cleaned.get("countries") or [])
        zone = get_zone(cleaned.get("time_zone"))
        for name in ("start", "end"):
            value = cleaned.get(name)
            if zone is not None and value is not None:
                wall = timezone.make_naive(value)  # as typed, in the admin user's zone
                cleaned[name] = wall.replace(tzinfo=zone)
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The event cannot end before it starts."))
        return cleaned


class EventIndexPage(
    ReaderLanguageUrlMixin, ListingFeedsMixin, ListingMixin, RoutablePageMixin, Page
):
    """Upcoming and past events, a month calendar, and feeds (RSS, Atom, iCalendar).

    Every view lists the same filtered events (``chm.listings.ListingMixin``); the route says
    which of them to show and how (``listing_context``).
    """

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["chm.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    listed_record_type = "event"
    per_page = 20
    feed_class = EventFeed

    class Meta:
        verbose_name = _("events index page")

    @property
    def filter_form_class(self):
        from .forms import EventFilterForm

        return EventFilterForm

    def base_queryset(self):
        return (
            self.records_below(EventPage)
            .live()
            .public()
            .select_related("organizer_partner", "organizer_member", "image")
        )

    def upcoming(self, queryset, now=None):
        return queryset.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, queryset, now=None):
        return queryset.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def listing_context(self, request, records, view="upcoming", year=None, month=None):
        """Upcoming or past events a page at a time, or a month's calendar, with times shown
        in the visitor's chosen zone."""
        zone = request_zone(request)
        context = {"view": view, "display_zone": zone, "conversion_zones": CONVERSION_ZONES}
        if view == "calendar":
            today = timezone.localdate(timezone=zone or datetime.UTC)
            context.update(month_calendar(records, year or today.year, month or today.month, zone))
            context["today"] = today
        else:
            records = self.past(records) if view == "past" else self.upcoming(records)
            context.update(super().listing_context(request, records))
        return context

    @path("", name="upcoming")
    def upcoming_view(self, request):
        return self.render(request, view="upcoming")

    @path("past/", name="past")
    def past_view(self, request):
        return self.render(request, view="past")

    @path("calendar/", name="calendar")
    @path("calendar/<int:year>/<int:month>/", name="calendar_month")
    def calendar_view(self, request, year=None, month=None):
        # A missing (or zero) year or month means the current one (see listing_context).
        if not (1 <= (month or 1) <= 12 and 1900 <= (year or 1900) <= 2200):
            raise Http404
        return self.render(
            request,
            view="calendar",
            year=year,
            month=month,
            template="events/event_calendar_page.html",
        )

    @path("ical/", name="ics")
    def ics_feed(self, request):
        from .ical import calendar_response

        _form, queryset = self.filtered_children(request)
        # Subscribers see what is coming and what has just happened (the last 30 days).
        since = timezone.now() - datetime.timedelta(days=30)
        events = queryset.filter(end__gte=since).order_by("start")[:500]
        return calendar_response(events, self.title, request, filename="events.ics")


class EventPage(
    ReaderLanguageUrlMixin,
    RoutablePageMixin,
    SubmittablePage,
    ClassifiedPage,
    CBDRecordFields,
    Page,
):
    """One event, in person, online or hybrid, submitted by a member or written by editors."""

    submission_noun = _("event")
    submissions_url_name = "events:my_submissions"

    summary = models.TextField(_("summary"), max_length=500)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown. Written by the member who submitted the event."),
    )
    # The language the submitter wrote the title, summary and description in (issue 11): a
    # member may submit into the English tree in any language. It describes this page only:
    # a translation is in its own locale's language (content_language_code).
    written_in = models.ForeignKey(
        "taxonomy.Language",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written in"),
        help_text=_("The language of the member's text, if not this page's own language."),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(_("image alternative text"), max_length=250, blank=True)

    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), db_index=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. America/Toronto. Start and end are in this zone."),
    )
    all_day = models.BooleanField(_("all-day event"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )

    event_format = models.CharField(
        _("format"), max_length=12, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(_("joining link"), max_length=500, blank=True)

    # Organizer: a partner organization, the member who organizes it and/or a free-text name;
    # ``organizer`` decides which one is shown (the partner first).
    organizer_partner = models.ForeignKey(
        "partners.PartnerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("organizing partner"),
        help_text=_("The partner organization on whose behalf the event is published."),
    )
    organizer_name = models.CharField(_("organizer"), max_length=200, blank=True)
    organizer_member = models.ForeignKey(
        "members.Profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organized_events",
        verbose_name=_("organizing member"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="submitted_events",
        verbose_name=_("submitted by"),
    )

    registration_url = models.URLField(_("registration link"), max_length=500, blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    languages = ParentalManyToManyField(
        "taxonomy.Language", blank=True, related_name="events", verbose_name=_("languages")
    )

    base_form_class = EventPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
                FieldPanel("all_day"),
                FieldPanel("status"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("event_format"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organizer_partner"),
                FieldPanel("organizer_name"),
                FieldPanel("organizer_member"),
            ],
            heading=_("Organizer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_url"),
                FieldPanel("registration_deadline"),
                FieldPanel("languages"),
            ],
            heading=_("Taking part"),
        ),
        FieldPanel("description"),
        FieldPanel("written_in"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        classification_panel(),
    ]
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("description"),
            index.SearchField("body"),
            index.SearchField("venue"),
            index.SearchField("organizer_name"),
            index.RelatedFields(
                "organizer_partner", [index.SearchField("title"), index.SearchField("acronym")]
            ),
            index.FilterField("start"),
            index.FilterField("end"),
            index.FilterField("event_format"),
        ]
        + CLASSIFICATION_SEARCH_FIELDS
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event page")
        ordering = ["start"]

    @property
    def content_language_code(self):
        """The language this page's text is in: the submitter's, where they said so, on the
        page they submitted (a translation is written in its own locale's language)."""
        from wagtail.models import Locale

        if self.written_in_id and self.locale_id == Locale.get_default().pk:
            return self.written_in.code
        return self.locale.language_code if self.locale_id else "en"

    @property
    def record_language(self):
        return self.content_language_code

    # --- time -------------------------------------------------------------------------------

    @property
    def zone(self):
        return get_zone(self.time_zone) or datetime.UTC

    @property
    def start_local(self):
        return self.start.astimezone(self.zone)

    @property
    def end_local(self):
        return self.end.astimezone(self.zone)

    @property
    def start_date(self):
        return self.start_local.date()

    @property
    def end_date(self):
        """The last day of the event (inclusive)."""
        if self.all_day:
            return (self.end_local - datetime.timedelta(seconds=1)).date()
        return self.end_local.date()

    def in_zone(self, zone):
        """Start and end shown in another zone (for "what time is it for me")."""
        zone = zone or self.zone
        return self.start.astimezone(zone), self.end.astimezone(zone)

    @property
    def is_past(self):
        return self.end < timezone.now()

    # --- place and people ---------------------------------------------------------------------

    @property
    def is_online(self):
        return self.event_format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def is_in_person(self):
        return self.event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def location_text(self):
        parts = [self.venue, " ".join(self.address.split())] if self.is_in_person else []
        parts = [p for p in parts if p]
        if self.is_online:
            parts.append(self.online_url or str(_("Online")))
        return ", ".join(parts)

    @cached_property
    def organizer(self):
        """The one place that says who organizes the event (see the note on the fields).

        A published partner organization comes first (linked to its page); an unpublished one
        is passed over, as if unset, so nobody is sent to a page they cannot open.
        """
        partner = self.organizer_partner
        if partner is not None and partner.live:
            return Organizer(partner.title, partner.url, "Organization", str(partner.uuid))
        member = self.organizer_member
        if self.organizer_name:
            return Organizer(self.organizer_name)
        if member is not None:
            from community.members.permissions import shown_member

            # The page is the same for every reader: name and link the member only as far as
            # any visitor may see the profile (else the neutral name the member chose).
            shown = shown_member(None, member)
            return Organizer(shown.name, shown.url, "Person")
        return None

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def registration_open(self):
        if not self.registration_url:
            return False
        if self.registration_deadline:
            return self.registration_deadline >= timezone.localdate(timezone=self.zone)
        return not self.is_past

    def get_submitter(self):
        return self.submitted_by

    # --- iCalendar ----------------------------------------------------------------------------

    @path("ical/", name="ics")
    def ics(self, request):
        from .ical import calendar_response

        return calendar_response([self], self.title, request, filename=f"{self.slug}.ics")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        zone = request_zone(request)
        context["display_zone"] = zone
        context["conversion_zones"] = CONVERSION_ZONES
        if zone is not None:
            context["converted_start"], context["converted_end"] = self.in_zone(zone)
        return context


def request_zone(request):
    """The visitor's chosen display zone (``?tz=Europe/Paris``), or None for the event's own."""
    return get_zone(request.GET.get("tz", "").strip())


def month_calendar(queryset, year, month, zone=None):
    """Weeks of days for a month, each day with the events happening on it.

    Each event is placed on its days in ``zone`` (or its own zone when None).
    """
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    margin = datetime.timedelta(days=1)  # zones differ by at most a day from UTC
    window_start = datetime.datetime.combine(first - margin, datetime.time(), datetime.UTC)
    window_end = datetime.datetime.combine(last + margin * 2, datetime.time(), datetime.UTC)
    events = list(queryset.filter(start__lt=window_end, end__gt=window_start).order_by("start"))
    by_day = {}
    for event in events:
        if event.all_day or zone is None:
            start_day, end_day = event.start_date, event.end_date
        else:
            start_local, end_local = event.in_zone(zone)
            start_day, end_day = start_local.date(), end_local.date()
        day = max(start_day, first)
        while day <= min(end_day, last):
            by_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    previous = datetime.date(year, month, 1) - datetime.timedelta(days=1)
    following = datetime.date(year, month, 28) + datetime.timedelta(days=7)
    return {
        "month": datetime.date(year, month, 1),
        "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
        "weekday_names": [WEEKDAYS[i] for i in range(7)],
        "previous_month": previous.replace(day=1),
        "next_month": following.replace(day=1),
        "month_events": sorted(
            {
                e.pk: e
                for day, day_events in by_day.items()
                if day.month == month
                for e in day_events
            }.values(),
            key=lambda e: e.start,
        ),
    }

"""The events listing's filters and the front-end form members submit events with."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chm.forms import IndexFilterForm
from community.members.models import Profile
from taxonomy.models import Country, Language, Target, ThematicArea

from .models import EventFormat, EventPage
from .timezones import validate_time_zone, zone_choices

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/webp"}


class EventFilterForm(IndexFilterForm):
    event_format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *EventFormat.choices],
    )
    organizer = forms.ModelChoiceField(
        Profile.objects.none(),
        required=False,
        to_field_name="uuid",
        label=_("Organizer"),
        empty_label=_("All organizers"),
    )
    tz = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["target", "country", "region", "thematic_area", "event_format", "organizer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = EventPage.objects.live()
        if self.index_page is not None:
            events = events.child_of(self.index_page)
        self.fields["organizer"].queryset = Profile.objects.filter(
            pk__in=events.exclude(organizer_member=None).values("organizer_member")
        )

    def filter_extra(self, queryset, data):
        if data.get("event_format"):
            queryset = queryset.filter(event_format=data["event_format"])
        if data.get("organizer"):
            queryset = queryset.filter(organizer_member=data["organizer"])
        return queryset


class EventSubmissionForm(forms.Form):
    """What a member fills in to propose an event; nothing is saved unless all of it is valid.

    Dates and times are wall-clock values in the chosen time zone; ``clean`` turns them into
    aware datetimes (``start`` and ``end`` in ``cleaned_data``).
    """

    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in listings and feeds."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown is allowed: *emphasis*, **bold**, [links](https://example.org)."),
    )

    all_day = forms.BooleanField(label=_("All-day event"), required=False)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Not needed for all-day events."),
    )
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_time = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Where the event takes place (for online events: the organizer's zone)."),
        error_messages={"required": _("Choose the time zone the dates and times are in.")},
    )

    event_format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, widget=forms.RadioSelect
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    online_url = forms.URLField(
        label=_("Joining link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For online and hybrid events."),
    )

    # Organizer group. After the partners app merges, an `organizer_partner` choice of the
    # member's partner organizations goes here (see EventPage.organizer).
    organizer_name = forms.CharField(
        label=_("Organizer"),
        max_length=200,
        required=False,
        help_text=_("Your organization's name; leave empty to be shown as the organizer."),
    )

    registration_url = forms.URLField(
        label=_("Registration link"), required=False, max_length=500, assume_scheme="https"
    )
    registration_deadline = forms.DateField(
        label=_("Registration deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    languages = forms.ModelMultipleChoiceField(
        Language.objects.filter(is_un_language=True),
        label=_("Languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = forms.ModelMultipleChoiceField(
        Target.objects.all(),
        label=_("KMGBF targets"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        Country.objects.all(), label=_("Countries"), required=False
    )
    thematic_areas = forms.ModelMultipleChoiceField(
        ThematicArea.objects.all(),
        label=_("Thematic areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        help_text=_("Optional. JPEG, PNG or WebP, at most 5 MB."),
    )
    image_alt = forms.CharField(
        label=_("Image description"),
        max_length=250,
        required=False,
        help_text=_("Describe the image for people who cannot see it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()

    def clean_time_zone(self):
        value = self.cleaned_data["time_zone"]
        validate_time_zone(value)
        return value

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image:
            return image
        if image.size > IMAGE_MAX_BYTES:
            raise ValidationError(
                _("The image is too large (%(size)s). The maximum is %(max)s.")
                % {"size": filesizeformat(image.size), "max": filesizeformat(IMAGE_MAX_BYTES)}
            )
        content_type = getattr(image, "content_type", None)
        pil_format = getattr(getattr(image, "image", None), "format", None)
        if content_type not in IMAGE_CONTENT_TYPES or pil_format not in {"JPEG", "PNG", "WEBP"}:
            raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
        return image

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        start_date, end_date = cleaned.get("start_date"), cleaned.get("end_date")
        all_day = cleaned.get("all_day")
        if not all_day:
            for name in ("start_time", "end_time"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Enter a time, or tick “All-day event”."))
        if zone_name and start_date and end_date and not self.errors:
            from zoneinfo import ZoneInfo

            zone = ZoneInfo(zone_name)
            if all_day:
                start = datetime.datetime.combine(start_date, datetime.time(), zone)
                end = datetime.datetime.combine(
                    end_date + datetime.timedelta(days=1), datetime.time(), zone
                )
                invalid = end_date < start_date
            else:
                start = datetime.datetime.combine(start_date, cleaned["start_time"], zone)
                end = datetime.datetime.combine(end_date, cleaned["end_time"], zone)
                invalid = end <= start
            if invalid:
                self.add_error("end_date", _("The event must end after it starts."))
            else:
                cleaned["start"], cleaned["end"] = start, end
            deadline = cleaned.get("registration_deadline")
            if deadline and deadline > end_date:
                self.add_error(
                    "registration_deadline",
                    _("The registration deadline must be before the event ends."),
                )
        event_format = cleaned.get("event_format")
        in_person = event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID)
        if in_person and not cleaned.get("venue") and not cleaned.get("address"):
            self.add_error("venue", _("Give the venue or address of an in-person event."))
        online = event_format in (EventFormat.ONLINE, EventFormat.HYBRID)
        if online and not cleaned.get("online_url") and "online_url" not in self.errors:
            self.add_error("online_url", _("Give the joining link of an online event."))
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return cleaned

"""The events listing's filters and the front-end form members submit events with."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chm.forms import ModelChoiceField, ModelMultipleChoiceField
from chm.listings import ListingFilterForm
from community.members.models import Profile
from community.members.permissions import shown_member
from community.partners.models import PartnerPage
from community.partners.permissions import can_publish_for, organizations_user_can_publish_for
from taxonomy.forms import WrittenInFormMixin
from taxonomy.models import Country, Language, Target, ThematicArea

from .models import EventFormat, EventPage
from .timezones import default_zone, validate_time_zone, zone_choices

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/webp"}


class EventFilterForm(ListingFilterForm):
    event_format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *EventFormat.choices],
    )
    # One select, grouped: partner organizations, then members. Both are named by their
    # uuid (``?organizer=<uuid>``), so a partner page can link to its own events.
    organizer = forms.ChoiceField(label=_("Organizer"), required=False)
    tz = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["target", "country", "region", "thematic_area", "event_format", "organizer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = EventPage.objects.live()
        if self.index_page is not None:
            events = events.child_of(self.index_page)
        self._organizing_partners = PartnerPage.objects.live().filter(
            pk__in=events.exclude(organizer_partner=None).values("organizer_partner")
        )
        # Members shown as the organizer: their events are not published for a partner.
        self._organizing_members = Profile.objects.filter(
            pk__in=events.filter(self.shown_as_member()).values("organizer_member")
        )
        self.fields["organizer"].choices = self._organizer_choices  # evaluated when used

    @staticmethod
    def shown_as_member():
        """Events whose organizer is not a (published) partner organization."""
        return Q(organizer_partner=None) | Q(organizer_partner__live=False)

    def _organizer_choices(self):
        partners = [(str(p.uuid), p.title) for p in self._organizing_partners.order_by("title")]
        # The listing is the same page for everyone (and may be cached), so members are named
        # as a visitor may see them; one who has not chosen a neutral name is left out rather
        # than offered as a row of identical "a member" entries.
        members = []
        for profile in self._organizing_members:
            shown = shown_member(None, profile)
            if shown.url or profile.public_name.strip():
                members.append((str(profile.uuid), shown.name))
        members.sort(key=lambda choice: choice[1].casefold())
        choices = [("", _("All organizers"))]
        if partners:
            choices.append((_("Organizations"), partners))
        if members:
            choices.append((_("Members"), members))
        return choices

    def clean_organizer(self):
        """The chosen partner organization or member profile (None: any organizer)."""
        value = self.cleaned_data["organizer"]
        if not value:
            return None
        return (
            self._organizing_partners.filter(uuid=value).first()
            or self._organizing_members.filter(uuid=value).first()
        )

    def filter_extra(self, queryset, data):
        if data.get("event_format"):
            queryset = queryset.filter(event_format=data["event_format"])
        organizer = data.get("organizer")
        if isinstance(organizer, PartnerPage):
            queryset = queryset.filter(organizer_partner=organizer)
        elif organizer is not None:
            queryset = queryset.filter(self.shown_as_member(), organizer_member=organizer)
        return queryset


class EventSubmissionForm(WrittenInFormMixin, forms.Form):
    """What a member fills in to propose an event; nothing is saved unless all of it is valid.

    Dates and times are wall-clock values in the chosen time zone; ``clean`` turns them into
    aware datetimes (``start`` and ``end`` in ``cleaned_data``).
    """

    written_in_after = "description"

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

    # Organizer group: the organizations the member administers (see EventPage.organizer).
    # Members who administer none do not get this field.
    organizer_partner = ModelChoiceField(
        PartnerPage.objects.none(),
        label=_("On behalf of"),
        required=False,
        empty_label=_("Myself"),
        help_text=_("Publish the event for an organization you administer."),
        error_messages={
            "invalid_choice": _("You can only publish events for organizations you administer.")
        },
    )
    organizer_name = forms.CharField(
        label=_("Organizer"),
        max_length=200,
        required=False,
        help_text=_(
            "Your organization's name; leave empty to be shown as the organizer. Not used when "
            "the event is published on behalf of an organization."
        ),
    )

    registration_url = forms.URLField(
        label=_("Registration link"), required=False, max_length=500, assume_scheme="https"
    )
    registration_deadline = forms.DateField(
        label=_("Registration deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    languages = ModelMultipleChoiceField(
        Language.objects.filter(is_un_language=True),
        label=_("Languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = ModelMultipleChoiceField(
        Target.objects.all(),
        label=_("KMGBF targets"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = ModelMultipleChoiceField(
        Country.objects.all(), label=_("Countries"), required=False
    )
    thematic_areas = ModelMultipleChoiceField(
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["time_zone"].choices = zone_choices()
        # Preselected as in the admin: the zone of the member's country if it has one, else
        # the site's; the common zones are listed first.
        profile_country = getattr(getattr(user, "profile", None), "country", None)
        self.fields["time_zone"].initial = default_zone(
            [profile_country] if profile_country else []
        )
        organizations = organizations_user_can_publish_for(user)
        if organizations.exists():
            self.fields["organizer_partner"].queryset = organizations
        else:
            del self.fields["organizer_partner"]

    def clean_organizer_partner(self):
        partner = self.cleaned_data.get("organizer_partner")
        if partner is not None and not can_publish_for(self.user, partner):
            raise ValidationError(self.fields["organizer_partner"].error_messages["invalid_choice"])
        return partner

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
        if "organizer_partner" not in self.fields and self.data.get("organizer_partner"):
            # Only a tampered form sends this: the member administers no organization.
            self.add_error(None, _("You can only publish events for organizations you administer."))
        if cleaned.get("organizer_partner") is not None:
            cleaned["organizer_name"] = ""
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

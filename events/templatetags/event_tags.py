"""Events shown on other apps' pages: the home page's upcoming events and a partner
organization's events. The events app owns these queries, so the pages that show them import
nothing from it (``{% load event_tags %}`` in their templates)."""

from urllib.parse import urlencode

from django import template
from django.utils import timezone

from wagtail.models import Site

from ..models import EventPage
from ..services import events_index

register = template.Library()


def _upcoming(events):
    # Each card names its organizer (``EventPage.organizer``): read with the events, as the
    # events index does, not once per card.
    return (
        events.filter(end__gte=timezone.now())
        .select_related("organizer_partner", "organizer_member", "image")
        .order_by("start", "pk")
    )


@register.simple_tag(takes_context=True)
def upcoming_events(context, limit=3):
    """The next published events in the current site's tree (in the page's language), so a
    national site shows its own: ``{% upcoming_events 3 as events %}``."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page.localized if site is not None else context.get("page")
    if root is None:
        return []
    return list(_upcoming(EventPage.objects.live().public().descendant_of(root))[:limit])


@register.simple_tag
def organization_events(partner, limit=5):
    """A partner organization's next published events and the events listing filtered to it:
    ``{"upcoming": [...], "all_url": ...}`` (``all_url`` is None when it has no events)."""
    events = EventPage.objects.live().public().filter(organizer_partner=partner)
    upcoming = list(_upcoming(events)[:limit])
    index = events_index()
    all_url = None
    if index is not None and index.url and (upcoming or events.exists()):
        all_url = f"{index.url}?{urlencode({'organizer': str(partner.uuid)})}"
    return {"upcoming": upcoming, "all_url": all_url}

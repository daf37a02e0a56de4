from urllib.parse import urlencode

from django import template

from ..models import PartnerMembership
from ..permissions import can_edit_partner, can_publish_for, visible_members

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_people(context, partner):
    """The organization's members whose profiles the visitor may see."""
    return visible_members(context["request"].user, partner)


@register.simple_tag(takes_context=True)
def partner_experts(context, partner):
    """Experts on the roster who name this organization and whom the visitor may see."""
    from community.experts.permissions import listed_experts

    return (
        listed_experts(context["request"].user)
        .filter(organization=partner, show_organization=True)
        .select_related("profile")[:50]
    )


@register.simple_tag
def partner_events(partner, limit=5):
    """The organization's next published events and the events listing filtered to it."""
    from django.utils import timezone

    from events.models import EventPage
    from events.services import events_index

    events = EventPage.objects.live().public().filter(organizer_partner=partner)
    upcoming = list(events.filter(end__gte=timezone.now()).order_by("start", "pk")[:limit])
    index = events_index()
    all_url = None
    if index is not None and index.url and (upcoming or events.exists()):
        all_url = f"{index.url}?{urlencode({'organizer': str(partner.uuid)})}"
    return {"upcoming": upcoming, "all_url": all_url}


@register.simple_tag(takes_context=True)
def partner_actions(context, partner):
    user = context["request"].user
    membership = None
    if user.is_authenticated:
        membership = PartnerMembership.objects.filter(partner=partner, user=user).first()
    return {
        "can_edit": can_edit_partner(user, partner),
        "can_publish_events": can_publish_for(user, partner),
        "membership": membership,
    }


@register.simple_tag(takes_context=True)
def my_organizations(context):
    """The signed-in member's organizations and pending requests, for the dashboard."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"memberships": [], "requests": []}
    return {
        "memberships": PartnerMembership.objects.filter(user=user, partner__live=True)
        .select_related("partner")
        .order_by("partner__title"),
        "requests": user.organization_requests.filter(status="pending"),
    }

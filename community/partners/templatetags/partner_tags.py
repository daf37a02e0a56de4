"""Partner things for templates: people, actions, the directory's map, my organizations.

An organization's events and experts come from those apps' own tags (``event_tags``,
``expert_tags``), so this app imports neither.
"""

from django import template
from django.conf import settings

from ..models import PartnerMembership
from ..permissions import can_edit_partner, can_publish_for, visible_members

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_people(context, partner):
    """The organization's members whose profiles the visitor may see."""
    return visible_members(context["request"].user, partner)


@register.simple_tag
def partner_map():
    """Whether the directory shows its map (``make vendor`` built its assets) and its tiles."""
    from .. import views

    return {
        "available": views.map_assets_available(),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


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

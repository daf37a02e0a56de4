"""Cooperation's template tags: what other apps' pages show of requests and offers (they load
``cooperation_tags``; cooperation never imports their templates), and small helpers of
cooperation's own pages."""

from django import template

from .. import permissions
from ..serializers import OfferSerializer, shown_provider

register = template.Library()

# -- public pages (part C) ---------------------------------------------------------------------

# How many of an organization's or expert's records their page shows before linking onwards.
WIDGET_LIMIT = 5


@register.simple_tag(takes_context=True)
def offer_provider(context, offer):
    """``{% offer_provider offer as provider %}``: ``provider.name`` and ``provider.url`` as
    the viewer may see them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    name, url = shown_provider(user, offer)
    return {"name": name, "url": url}


@register.filter
def offer_summary(offer):
    """An offer's plain-text summary (the start of its description)."""
    return OfferSerializer().get_summary(offer)


def _cards(queryset):
    return queryset.select_related("language").prefetch_related(
        "targets", "countries", "assistance_types"
    )


@register.inclusion_tag("cooperation/includes/organization_cooperation.html", takes_context=True)
def organization_cooperation(context, partner_page):
    """``{% organization_cooperation page %}`` on a partner organization's page: its listed
    requests for support and offers of support."""
    requests = _cards(
        permissions.listed_requests().filter(requesting_organization_id=partner_page.pk)
    ).order_by("-published_at", "-pk")
    offers = _cards(
        permissions.listed_offers().filter(provider_organization_id=partner_page.pk)
    ).order_by("-published_at", "-pk")
    return {
        "request": context.get("request"),
        "partner": partner_page,
        "requests": list(requests[:WIDGET_LIMIT]),
        "offers": list(offers[:WIDGET_LIMIT]),
        "more_requests": requests.count() > WIDGET_LIMIT,
        "more_offers": offers.count() > WIDGET_LIMIT,
    }


@register.inclusion_tag("cooperation/includes/expert_offers.html", takes_context=True)
def expert_offers(context, expert_profile):
    """``{% expert_offers expert %}`` on an expert's profile: the offers they make."""
    offers = _cards(permissions.listed_offers().filter(provider_expert_id=expert_profile.pk))
    return {
        "request": context.get("request"),
        "expert": expert_profile,
        "offers": list(offers.order_by("-published_at", "-pk")[:WIDGET_LIMIT]),
    }

"""Cooperation's template tags: what other apps' pages show of requests and offers (they load
``cooperation_tags``; cooperation never imports their templates), and small helpers of
cooperation's own pages."""

from django import template
from django.urls import NoReverseMatch

from .. import matching, permissions
from ..models import REQUEST_OPEN_STATES, MatchStatus, Offer
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


# -- the matchmaker (part B) -------------------------------------------------------------------

# How many requests an offer's owner or an expert is shown as ones they could answer.
ANSWERABLE_LIMIT = 10


@register.filter
def record_url(record):
    """A record's page, or "" when it has none (a partner page's URL, an expert's profile)."""
    if record is None:
        return ""
    url = getattr(record, "url", None)  # Wagtail pages
    if url:
        return url
    try:
        return record.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


@register.filter
def explained(parts):
    """A score's named parts as phrases in the reader's language (``matching.explain``)."""
    return matching.explain(parts)


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("cooperation/includes/matchmaking.html", takes_context=True)
def cooperation_matchmaking(context, request_record):
    """``{% cooperation_matchmaking request_record %}`` on a request's page: to the parties
    and the helpdesk, the matches they may see with why in words; to everyone, on an open
    request with no good suggestion, what is missing."""
    user = _user(context)
    rows = []
    if user is not None and user.is_authenticated:
        matches = (
            permissions.visible_matches(user)
            .filter(request=request_record)
            .select_related("offer", "expert__profile", "organization")
            .order_by("-score", "pk")
        )
        rows = [{"match": match, "why": matching.explain(match.parts)} for match in matches]
    gaps = []
    if request_record.status in REQUEST_OPEN_STATES:
        has_good = request_record.matches.exclude(
            status__in=[MatchStatus.DISMISSED, MatchStatus.DECLINED]
        ).exists() or any(
            s.qualifies for s in matching.rank(request_record, limit=matching.SUGGESTION_LIMIT)
        )
        if not has_good:
            gaps = [gap.sentence() for gap in matching.gaps(request_record)]
    return {
        "request": context.get("request"),
        "request_record": request_record,
        "rows": rows,
        "gaps": gaps,
        "is_helpdesk": user is not None and permissions.is_helpdesk(user),
    }


@register.inclusion_tag("cooperation/includes/requests_you_could_answer.html", takes_context=True)
def requests_you_could_answer(context, record):
    """``{% requests_you_could_answer offer_or_expert %}``: for the offer's owner or the
    expert themselves, the open requests their record could answer, with why."""
    user = _user(context)
    rows = []
    shown = False
    if user is not None and user.is_authenticated and record is not None:
        if isinstance(record, Offer):
            shown = permissions.owns_offer(user, record)
            kind = "offer"
        else:
            shown = getattr(getattr(record, "profile", None), "user_id", None) == user.pk
            kind = "expert"
        if shown:
            rows = [
                {
                    "request_record": request_record,
                    "score": score,
                    "why": matching.explain(parts),
                    "good": matching.qualifies(parts),
                }
                for request_record, score, parts in matching.requests_for(
                    kind, record.pk, limit=ANSWERABLE_LIMIT
                )
            ]
    return {"request": context.get("request"), "record": record, "rows": rows, "shown": shown}

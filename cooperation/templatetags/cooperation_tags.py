"""Cooperation's template tags."""

from django import template
from django.urls import NoReverseMatch

from .. import matching, permissions
from ..models import REQUEST_OPEN_STATES, MatchStatus, Offer

register = template.Library()

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

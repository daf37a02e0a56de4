"""A member's own cooperation: their requests and offers with where each stands and what comes
next, the approved matches on either side with their feedback, and a focal point's endorsement
queue. "My cooperation" (``views.mine``), the member dashboard card and nothing else read it,
so the page and the card always agree."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.members.roles import focal_point_countries

from . import permissions, services
from .models import (
    MATCH_VISIBLE_STATES,
    REQUEST_LISTED_STATES,
    MatchFeedback,
    MatchStatus,
    OfferStatus,
    RequestStatus,
    Side,
    SupportRequest,
)

# When a listed record is this close to its end, its owner is asked to renew or extend it.
RENEWAL_WINDOW = datetime.timedelta(days=30)

REQUEST_NEXT_STEPS = {
    RequestStatus.DRAFT: _("Finish it and submit it for review."),
    RequestStatus.SUBMITTED: _(
        "Waiting for the national focal point's endorsement (or, where a country has none, "
        "for the helpdesk)."
    ),
    RequestStatus.ENDORSED: _("Endorsed. The helpdesk is checking that it is eligible."),
    RequestStatus.NOT_ENDORSED: _("Not endorsed. The helpdesk decides whether it is eligible."),
    RequestStatus.VETTED: _("Eligible. The helpdesk will publish it."),
    RequestStatus.PUBLISHED: _(
        "Published. The helpdesk reviews the suggested matches before they reach you."
    ),
    RequestStatus.MATCHED: _("Matched. Start the work when you and your partner are ready."),
    RequestStatus.IN_PROGRESS: _("In progress. Mark it completed when the work is done."),
    RequestStatus.COMPLETED: _("Completed. Report the outcome so others can learn from it."),
    RequestStatus.OUTCOME_REPORTED: _("Done. Its outcome is shown as a success story."),
    RequestStatus.INELIGIBLE: _("The helpdesk found it ineligible."),
    RequestStatus.WITHDRAWN: _("Withdrawn."),
    RequestStatus.EXPIRED: _("Expired: it has left the listings. Renew it to list it again."),
}

OFFER_NEXT_STEPS = {
    OfferStatus.DRAFT: _("Finish it and submit it for review."),
    OfferStatus.SUBMITTED: _("The helpdesk reviews it before it is published."),
    OfferStatus.PUBLISHED: _("Published. Requests it could answer are suggested to you."),
    OfferStatus.CLOSED: _("Closed."),
    OfferStatus.EXPIRED: _("Expired: it has left the listings. Renew it to list it again."),
}

LISTED_OFFER_STATES = (OfferStatus.PUBLISHED,)


@dataclass
class RecordRow:
    """One of the member's requests or offers, with what the page says about it."""

    record: object
    next_step: str
    actions: list
    can_edit: bool
    can_report_outcome: bool = False
    can_extend: bool = False
    days_left: int | None = None  # set when a listed record is near its end

    @property
    def ending_soon(self):
        return self.days_left is not None


@dataclass
class MatchRow:
    match: object
    sides: list
    mine: dict = field(default_factory=dict)  # side → the member's feedback
    other_answered: bool = False
    awaiting_feedback: bool = False


def _days_left(record, listed, today):
    if record.status in listed and record.expires_on - today <= RENEWAL_WINDOW:
        return max((record.expires_on - today).days, 0)
    return None


def request_rows(user):
    today = timezone.localdate()
    records = (
        permissions.owned_requests(user)
        .select_related("requesting_organization")
        .prefetch_related("countries")
        .order_by("-updated_at")
    )
    rows = []
    for record in records:
        actions = [
            a for a in permissions.available_actions(user, record) if a.name != "report_outcome"
        ]
        rows.append(
            RecordRow(
                record=record,
                next_step=REQUEST_NEXT_STEPS.get(record.status, ""),
                actions=actions,
                can_edit=record.status == RequestStatus.DRAFT
                and permissions.can_edit_request(user, record),
                can_report_outcome=permissions.may_act(user, record, "report_outcome"),
                can_extend=services.can_extend(user, record),
                days_left=_days_left(record, REQUEST_LISTED_STATES, today),
            )
        )
    return rows


def offer_rows(user):
    today = timezone.localdate()
    records = (
        permissions.owned_offers(user)
        .select_related("provider_organization", "provider_expert__profile")
        .order_by("-updated_at")
    )
    return [
        RecordRow(
            record=record,
            next_step=OFFER_NEXT_STEPS.get(record.status, ""),
            actions=permissions.available_actions(user, record),
            can_edit=record.status == OfferStatus.DRAFT
            and permissions.can_edit_offer(user, record),
            can_extend=services.can_extend(user, record),
            days_left=_days_left(record, LISTED_OFFER_STATES, today),
        )
        for record in records
    ]


def sides_of(user, match):
    """The sides of ``match`` ``user`` is on (usually one; none for the helpdesk)."""
    sides = []
    if permissions.owns_request(user, match.request):
        sides.append(Side.REQUESTER)
    if permissions.is_provider(user, match):
        sides.append(Side.PROVIDER)
    return sides


def match_rows(user):
    """The approved matches on either side of the member (not those the helpdesk sees as
    helpdesk: those are in the admin)."""
    if not (user.is_authenticated and user.is_active):
        return []
    matches = (
        permissions.visible_matches(user)
        .filter(status__in=MATCH_VISIBLE_STATES)
        .select_related(
            "request__requesting_organization",
            "offer__provider_organization",
            "offer__provider_expert__profile",
            "expert__profile",
            "organization",
        )
        .prefetch_related(Prefetch("feedback", queryset=MatchFeedback.objects.all()))
        .order_by("-updated_at")
    )
    rows = []
    for match in matches:
        sides = sides_of(user, match)
        if not sides:
            continue
        given = {f.side: f for f in match.feedback.all()}
        mine = {side: given[side] for side in sides if side in given}
        others = [side for side in Side.values if side not in sides]
        rows.append(
            MatchRow(
                match=match,
                sides=sides,
                mine=mine,
                other_answered=any(side in given for side in others),
                awaiting_feedback=match.status == MatchStatus.APPROVED and len(mine) < len(sides),
            )
        )
    return rows


def endorsement_queue(user):
    """The submitted requests of the countries ``user`` is national focal point for."""
    countries = focal_point_countries(user)
    return SupportRequest.objects.filter(
        status=RequestStatus.SUBMITTED, countries__in=countries
    ).distinct()


def is_focal_point(user):
    return focal_point_countries(user).exists()


def summary(user):
    """The counts the dashboard card shows."""
    requests = permissions.owned_requests(user)
    offers = permissions.owned_offers(user)
    rows = match_rows(user)
    today = timezone.localdate()
    ending = (
        requests.filter(
            status__in=REQUEST_LISTED_STATES, expires_on__lte=today + RENEWAL_WINDOW
        ).count()
        + offers.filter(
            status__in=LISTED_OFFER_STATES, expires_on__lte=today + RENEWAL_WINDOW
        ).count()
    )
    expired = (
        requests.filter(status=RequestStatus.EXPIRED).count()
        + offers.filter(status=OfferStatus.EXPIRED).count()
    )
    focal_point = is_focal_point(user)
    return {
        "drafts": requests.filter(status=RequestStatus.DRAFT).count()
        + offers.filter(status=OfferStatus.DRAFT).count(),
        "requests": requests.count(),
        "offers": offers.count(),
        "in_review": requests.filter(
            status__in=(
                RequestStatus.SUBMITTED,
                RequestStatus.ENDORSED,
                RequestStatus.NOT_ENDORSED,
                RequestStatus.VETTED,
            )
        ).count()
        + offers.filter(status=OfferStatus.SUBMITTED).count(),
        "matches": len(rows),
        "awaiting_feedback": sum(1 for row in rows if row.awaiting_feedback),
        "ending_soon": ending,
        "expired": expired,
        "outcomes_due": requests.filter(status=RequestStatus.COMPLETED).count(),
        "is_focal_point": focal_point,
        "endorsements": endorsement_queue(user).count() if focal_point else 0,
    }

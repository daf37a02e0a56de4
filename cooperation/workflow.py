"""The lifecycles of requests, offers and matches, as data.

Each ``Action`` names the states it starts from, the state it leads to, who may take it and
whether a comment (a reason) is required. ``services.apply`` is the only code that changes a
record's status: it looks the action up here, asks ``permissions.may_act`` whether this user
may take it on this record, and refuses anything else with ``TransitionError`` (a clear,
translated message) without changing anything.

Roles (``Action.roles``):

- ``owner``: the member who posted the record (or, for an organization's record, an
  administrator of that organization);
- ``focal_point``: a national focal point of one of the request's countries;
- ``helpdesk``: editors with ``cooperation.act_as_helpdesk`` (the Bio-Bridge helpdesk);
- ``party``: for a match, the requester or the provider;
- ``system``: scheduled jobs and the service layer itself (expiry, a match agreed).
"""

from dataclasses import dataclass

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from .models import MatchStatus, OfferStatus, RequestStatus

R, OS, M = RequestStatus, OfferStatus, MatchStatus


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str
    roles: tuple
    comment_required: bool = False
    # For the buttons: does the action need the comment box shown?
    asks_comment: bool = False

    def starts_from(self, status):
        return status in self.sources


class TransitionError(Exception):
    """An action refused: not allowed from this state, not for this user, or missing its
    reason. ``str(error)`` is the translated message shown to the user."""


REQUEST_ACTIONS = {
    a.name: a
    for a in (
        Action("submit", _("Submit for review"), (R.DRAFT,), R.SUBMITTED, ("owner",)),
        Action(
            "endorse",
            _("Endorse"),
            (R.SUBMITTED,),
            R.ENDORSED,
            ("focal_point",),
            asks_comment=True,
        ),
        Action(
            "not_endorse",
            _("Do not endorse"),
            (R.SUBMITTED,),
            R.NOT_ENDORSED,
            ("focal_point",),
            comment_required=True,
        ),
        # From "submitted" only when none of the request's countries has a focal point (see
        # permissions.may_act): the helpdesk then vets without an endorsement.
        Action(
            "vet",
            _("Vet (eligible)"),
            (R.SUBMITTED, R.ENDORSED, R.NOT_ENDORSED),
            R.VETTED,
            ("helpdesk",),
            asks_comment=True,
        ),
        Action("publish", _("Publish"), (R.VETTED,), R.PUBLISHED, ("helpdesk",)),
        Action(
            "return",
            _("Return to the requester for changes"),
            (R.SUBMITTED, R.ENDORSED, R.NOT_ENDORSED, R.VETTED),
            R.DRAFT,
            ("helpdesk",),
            comment_required=True,
        ),
        Action(
            "mark_ineligible",
            _("Mark as ineligible"),
            (R.SUBMITTED, R.ENDORSED, R.NOT_ENDORSED, R.VETTED),
            R.INELIGIBLE,
            ("helpdesk",),
            comment_required=True,
        ),
        # Taken by the service when both sides agree on a match.
        Action("match", _("Matched"), (R.PUBLISHED,), R.MATCHED, ("system", "helpdesk")),
        # Also taken by the service when a match of the request starts or is completed.
        Action(
            "start",
            _("Start the work"),
            (R.MATCHED,),
            R.IN_PROGRESS,
            ("owner", "helpdesk", "system"),
        ),
        Action(
            "complete",
            _("Mark as completed"),
            (R.IN_PROGRESS,),
            R.COMPLETED,
            ("owner", "helpdesk", "system"),
        ),
        Action(
            "report_outcome",
            _("Report the outcome"),
            (R.COMPLETED,),
            R.OUTCOME_REPORTED,
            ("owner", "helpdesk"),
        ),
        Action(
            "withdraw",
            _("Withdraw"),
            (
                R.DRAFT,
                R.SUBMITTED,
                R.ENDORSED,
                R.NOT_ENDORSED,
                R.VETTED,
                R.PUBLISHED,
                R.MATCHED,
            ),
            R.WITHDRAWN,
            ("owner", "helpdesk"),
            asks_comment=True,
        ),
        Action("expire", _("Expire"), (R.PUBLISHED, R.MATCHED), R.EXPIRED, ("system",)),
        Action("renew", _("Renew"), (R.EXPIRED,), R.PUBLISHED, ("owner", "helpdesk")),
    )
}

OFFER_ACTIONS = {
    a.name: a
    for a in (
        Action("submit", _("Submit for review"), (OS.DRAFT,), OS.SUBMITTED, ("owner",)),
        Action("publish", _("Publish"), (OS.SUBMITTED,), OS.PUBLISHED, ("helpdesk",)),
        Action(
            "return",
            _("Return to the provider for changes"),
            (OS.SUBMITTED,),
            OS.DRAFT,
            ("helpdesk",),
            comment_required=True,
        ),
        Action(
            "close",
            _("Close"),
            (OS.PUBLISHED,),
            OS.CLOSED,
            ("owner", "helpdesk"),
            asks_comment=True,
        ),
        Action("expire", _("Expire"), (OS.PUBLISHED,), OS.EXPIRED, ("system",)),
        Action("renew", _("Renew"), (OS.EXPIRED,), OS.PUBLISHED, ("owner", "helpdesk")),
    )
}

MATCH_ACTIONS = {
    a.name: a
    for a in (
        Action(
            "approve",
            _("Approve and show to both sides"),
            (M.SUGGESTED,),
            M.APPROVED,
            ("helpdesk",),
        ),
        Action(
            "dismiss",
            _("Dismiss"),
            (M.SUGGESTED,),
            M.DISMISSED,
            ("helpdesk",),
            asks_comment=True,
        ),
        # Either party accepts once the other side has marked the match relevant; the
        # helpdesk may record an agreement made outside the portal.
        Action(
            "accept",
            _("Agree to work together"),
            (M.APPROVED,),
            M.ACCEPTED,
            ("party", "helpdesk"),
        ),
        Action(
            "decline",
            _("Decline"),
            (M.APPROVED,),
            M.DECLINED,
            ("party", "helpdesk"),
            asks_comment=True,
        ),
        Action("start", _("Start the work"), (M.ACCEPTED,), M.IN_PROGRESS, ("party", "helpdesk")),
        Action(
            "complete",
            _("Mark as completed"),
            (M.IN_PROGRESS,),
            M.COMPLETED,
            ("party", "helpdesk"),
            asks_comment=True,
        ),
    )
}


def actions_for(record):
    """The action table of a record's type."""
    from .models import Match, Offer

    if isinstance(record, Offer):
        return OFFER_ACTIONS
    if isinstance(record, Match):
        return MATCH_ACTIONS
    return REQUEST_ACTIONS


# Sent by ``services`` once a transition has committed: ``sender`` is the record's model,
# with ``record``, ``action`` (its name) and ``actor`` (None for the system). The matchmaker
# listens to it (a request published: suggest; an offer published or closed: reindex).
transitioned = Signal()

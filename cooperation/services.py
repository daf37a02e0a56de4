"""What happens when members, focal points and the helpdesk act on cooperation records.

``apply`` is the only code that changes a request's, offer's or match's status. It is one
transaction: the record is locked, the action is checked against ``workflow`` (is it allowed
from this state?) and ``permissions.may_act`` (by this user?), the record moves, a
``Transition`` row records who, when and why, and the follow-up effects of the action run:
``_EFFECTS`` set fields of the record before it is saved (and may still refuse), ``_CASCADES``
move related records once it is saved (a withdrawn request's pending matches are declined, an
accepted match moves its request to "matched", ...), all in the same transaction. A refused
action raises ``TransitionError`` with a translated message and changes nothing.
``workflow.transitioned`` is sent for each transition once the transaction has committed.

``extend`` pushes a listed record's end date out without changing its status.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import permissions
from .models import (
    MATCH_ACTIVE_STATES,
    Match,
    MatchStatus,
    Offer,
    RequestStatus,
    SupportRequest,
    Transition,
    default_expiry,
)
from .workflow import TransitionError, actions_for, transitioned

# A record published (or renewed) with less than this left before its end date gets a full
# new lifetime instead: nobody should publish a record that expires next week.
MIN_LISTING = datetime.timedelta(days=30)
# How close to its end date a listed record may be extended.
EXTEND_WINDOW = datetime.timedelta(days=30)

SYSTEM = None  # the actor of scheduled and automatic transitions


def _lock(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def _record_field(record):
    if isinstance(record, Offer):
        return "offer"
    if isinstance(record, Match):
        return "match"
    return "request"


def check(user, record, action_name, comment=""):
    """Raise ``TransitionError`` unless ``user`` may take ``action_name`` on ``record`` now
    with this comment. ``user`` None is the system."""
    action = actions_for(record).get(action_name)
    if action is None:
        raise TransitionError(_("Unknown action."))
    if not action.starts_from(record.status):
        raise TransitionError(
            _("This cannot be done now: the record is %(status)s.")
            % {"status": record.get_status_display().lower()}
        )
    if user is SYSTEM:
        if "system" not in action.roles:
            raise TransitionError(_("This action needs a person to take it."))
    elif not permissions.may_act(user, record, action_name):
        if (
            isinstance(record, Match)
            and action_name == "accept"
            and permissions.is_party(user, record)
        ):
            raise TransitionError(
                _(
                    "The other side has not yet marked this suggestion relevant: you can agree "
                    "to work together once they have."
                )
            )
        raise TransitionError(_("You may not do this."))
    if action.comment_required and not comment.strip():
        raise TransitionError(_("Please give a reason."))
    return action


def apply(user, record, action_name, comment="", **changes):
    """Take ``action_name`` on ``record`` as ``user`` (None: the system), with a comment.

    ``changes`` are field values the action sets with the move (the outcome text when an
    outcome is reported, a new end date when a record is renewed). Returns the updated record.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(record)
        action = check(user, locked, action_name, comment)
        from_status = locked.status
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.status = action.target
        effect = _EFFECTS.get((type(locked), action_name))
        if effect is not None:
            effect(locked, user, comment, changes)
        locked.save()
        _record_transition(locked, action_name, from_status, user, comment)
        cascade = _CASCADES.get((type(locked), action_name))
        if cascade is not None:
            cascade(locked, user, comment)
    return locked


def _record_transition(record, action_name, from_status, user, comment):
    """Write the Transition row and announce it once the transaction commits."""
    row = Transition.objects.create(
        **{_record_field(record): record},
        action=action_name,
        from_status=from_status,
        to_status=record.status,
        actor=user,
        comment=comment,
    )
    transaction.on_commit(
        lambda: transitioned.send(
            sender=type(record),
            record=record,
            action=action_name,
            actor=user,
            transition=row,
        )
    )
    return row


def _site_language_text(message):
    """A system comment stored on a Transition, in the site's default language (the audit
    trail is read by the helpdesk; emails explain the action in each reader's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


# -- extending a listed record -----------------------------------------------------------------


def can_extend(user, record):
    """Whether ``user`` may push ``record``'s end date out now: its owner (or the helpdesk),
    while it is listed and could expire, within ``EXTEND_WINDOW`` of its end."""
    return _extend_refusal(user, record) is None


def _extend_refusal(user, record):
    expire = actions_for(record).get("expire")
    if expire is None or not expire.starts_from(record.status):
        return _("Only a listed record can be extended.")
    if not ({"owner", "helpdesk"} & permissions.roles_of(user, record)):
        return _("You may not do this.")
    if record.expires_on - timezone.localdate() > EXTEND_WINDOW:
        return _(
            "This record is listed until %(date)s: it can be extended from 30 days before "
            "that date."
        ) % {"date": date_format(record.expires_on)}
    return None


def extend(user, record, comment=""):
    """Extend a listed request or offer by a full lifetime (``default_expiry()``), recorded as
    a Transition "extend" whose from and to status are the same. Raises ``TransitionError``
    (and changes nothing) unless ``can_extend``."""
    if isinstance(record, Match):
        raise TransitionError(_("Only a request or an offer can be extended."))
    with transaction.atomic():
        locked = _lock(record)
        refusal = _extend_refusal(user, locked)
        if refusal is not None:
            raise TransitionError(refusal)
        locked.expires_on = default_expiry()
        locked.renewal_reminder_sent_on = None
        locked.save(update_fields=["expires_on", "renewal_reminder_sent_on", "updated_at"])
        _record_transition(locked, "extend", locked.status, user, (comment or "").strip())
    return locked


# -- offers' capacity --------------------------------------------------------------------------


def capacity_left(offer):
    """How many more requests ``offer`` can take: its capacity less its accepted and
    in-progress matches."""
    used = offer.matches.filter(status__in=MATCH_ACTIVE_STATES).count()
    return offer.capacity - used


# -- effects: what an action does besides moving the status ------------------------------------
# Each takes (record, user, comment, changes) and runs before the record is saved.


def _published(record, user, comment, changes):
    if record.published_at is None:
        record.published_at = timezone.now()
    if record.expires_on is None or record.expires_on - timezone.localdate() < MIN_LISTING:
        record.expires_on = default_expiry()


def _renewed(record, user, comment, changes):
    today = timezone.localdate()
    if "expires_on" in changes:
        given = changes["expires_on"]
        if not isinstance(given, datetime.date) or given <= today:
            raise TransitionError(_("A renewed record must be listed until a future date."))
    else:
        record.expires_on = default_expiry()
    record.renewal_reminder_sent_on = None


def _endorsed(record, user, comment, changes):
    record.endorsed_by = user
    record.endorsement_comment = comment


def _ineligible(record, user, comment, changes):
    record.ineligible_reason = comment


def _outcome_reported(record, user, comment, changes):
    if not record.outcome.strip():
        raise TransitionError(_("Please describe the outcome."))
    record.outcome_reported_at = timezone.now()


def _match_accepted(match, user, comment, changes):
    if match.offer_id:
        offer = Offer.objects.select_for_update().get(pk=match.offer_id)
        if capacity_left(offer) <= 0:
            raise TransitionError(
                _(
                    "This offer has no capacity left: it already takes on as many requests as "
                    "its provider can support."
                )
            )


def _match_completed(match, user, comment, changes):
    if comment:
        match.outcome = comment


_EFFECTS = {
    (SupportRequest, "publish"): _published,
    (SupportRequest, "renew"): _renewed,
    (SupportRequest, "endorse"): _endorsed,
    (SupportRequest, "not_endorse"): _endorsed,
    (SupportRequest, "mark_ineligible"): _ineligible,
    (SupportRequest, "report_outcome"): _outcome_reported,
    (Offer, "publish"): _published,
    (Offer, "renew"): _renewed,
    (Match, "accept"): _match_accepted,
    (Match, "complete"): _match_completed,
}


# -- cascades: what an action moves besides its own record -------------------------------------
# Each takes (record, user, comment) and runs after the record and its Transition are saved.


def _request_withdrawn(request_record, user, comment):
    """Matches still waiting on the helpdesk are dismissed, approved ones declined, each with
    its own Transition (by the withdrawing user) saying why."""
    reason = _site_language_text(gettext_lazy("The request was withdrawn."))
    moves = {
        MatchStatus.SUGGESTED: MatchStatus.DISMISSED,
        MatchStatus.APPROVED: MatchStatus.DECLINED,
    }
    actions = {MatchStatus.SUGGESTED: "dismiss", MatchStatus.APPROVED: "decline"}
    pending = Match.objects.select_for_update().filter(request=request_record, status__in=moves)
    for match in pending:
        from_status = match.status
        match.status = moves[from_status]
        match.save(update_fields=["status", "updated_at"])
        _record_transition(match, actions[from_status], from_status, user, reason)


def _move_request(match, action_name, from_status):
    """The system moves a match's request along with it, when the request is where the
    workflow expects it."""
    request_record = match.request
    request_record.refresh_from_db(fields=["status"])
    if request_record.status == from_status:
        apply(SYSTEM, request_record, action_name)


def _match_accepted_cascade(match, user, comment):
    _move_request(match, "match", RequestStatus.PUBLISHED)


def _match_started_cascade(match, user, comment):
    _move_request(match, "start", RequestStatus.MATCHED)


def _match_completed_cascade(match, user, comment):
    # The request is done when none of its matches is still under way.
    if not match.request.matches.filter(status__in=MATCH_ACTIVE_STATES).exists():
        _move_request(match, "complete", RequestStatus.IN_PROGRESS)


_CASCADES = {
    (SupportRequest, "withdraw"): _request_withdrawn,
    (Match, "accept"): _match_accepted_cascade,
    (Match, "start"): _match_started_cascade,
    (Match, "complete"): _match_completed_cascade,
}

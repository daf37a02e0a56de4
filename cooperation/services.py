"""What happens when members, focal points and the helpdesk act on cooperation records.

``apply`` is the only code that changes a request's, offer's or match's status. It is one
transaction: the record is locked, the action is checked against ``workflow`` (is it allowed
from this state?) and ``permissions.may_act`` (by this user?), the record moves, a
``Transition`` row records who, when and why, and the follow-up effects of the action run
(``_EFFECTS``). A refused action raises ``TransitionError`` with a translated message and
changes nothing. ``workflow.transitioned`` is sent once the transaction has committed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .models import Match, Offer, SupportRequest, Transition
from .workflow import TransitionError, actions_for, transitioned

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
            effect(locked, user, comment)
        locked.save()
        Transition.objects.create(
            **{_record_field(locked): locked},
            action=action_name,
            from_status=from_status,
            to_status=locked.status,
            actor=user,
            comment=comment,
        )
        transaction.on_commit(
            lambda: transitioned.send(
                sender=type(locked), record=locked, action=action_name, actor=user
            )
        )
    return locked


# -- effects: what an action does besides moving the status ------------------------------------


def _published(record, user, comment):
    if record.published_at is None:
        record.published_at = timezone.now()


def _endorsed(record, user, comment):
    record.endorsed_by = user
    record.endorsement_comment = comment


def _ineligible(record, user, comment):
    record.ineligible_reason = comment


def _outcome_reported(record, user, comment):
    if not record.outcome.strip():
        raise TransitionError(_("Please describe the outcome."))
    record.outcome_reported_at = timezone.now()


_EFFECTS = {
    (SupportRequest, "publish"): _published,
    (SupportRequest, "endorse"): _endorsed,
    (SupportRequest, "not_endorse"): _endorsed,
    (SupportRequest, "mark_ineligible"): _ineligible,
    (SupportRequest, "report_outcome"): _outcome_reported,
    (Offer, "publish"): _published,
}

"""One transaction per user action on a reporting record.

Views and the admin call these; none of them trusts the country a form or a URL names: the
country is read from the stored record (``_lock``), and a new record's country must be one
``user`` reports for.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from . import permissions
from .models import ReviewStatus, ReviewStep
from .workflow import ACTIONS, ReviewError, reviewed


def _lock(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def record_step(record, action, from_status, actor, comment="", revision=None):
    """Write a ``ReviewStep`` and announce it once the transaction commits."""
    step = ReviewStep.objects.create(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        action=action,
        from_status=from_status,
        to_status=record.review_status,
        actor=actor,
        comment=comment,
        revision=revision,
    )
    transaction.on_commit(
        lambda: reviewed.send(
            sender=type(record), record=record, action=action, actor=actor, step=step
        )
    )
    return step


def steps_for(record):
    return ReviewStep.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).select_related("actor", "revision")


def create(user, record):
    """Save a new record (built by a form, children included) as a draft of ``user``'s."""
    if not permissions.can_create(user, record.country):
        raise PermissionDenied(_("You may not add records for this country."))
    with transaction.atomic():
        record.live = False
        record.review_status = ReviewStatus.DRAFT
        record.created_by = user
        record.full_clean()
        record.save()
        revision = record.save_revision(user=user, log_action="wagtail.create", clean=False)
        record_step(record, "create", "", user, revision=revision)
    return record


# What belongs to the record as a whole, not to the version being edited.
_RECORD_WIDE = (
    "country_id",
    "review_status",
    "submitted_by_id",
    "created_by_id",
    "created_at",
    "cbd_identifier",
    "cbd_extra",
    "live",
    "has_unpublished_changes",
    "latest_revision_id",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
)


def save_changes(user, edited):
    """Save an edited version (``edited``: the record as the form left it, children held in
    memory) as the record's latest revision.

    A record never published keeps its columns in step with its draft; a published record's
    columns keep the published version until a reviewer publishes this one. A submitted or
    published record goes back to draft. The country never changes here.
    """
    with transaction.atomic():
        stored = _lock(edited)
        if not permissions.can_edit(user, stored):
            raise PermissionDenied(_("You may not edit this record."))
        for name in _RECORD_WIDE:
            setattr(edited, name, getattr(stored, name))
        from_status = stored.review_status
        edited.review_status = ReviewStatus.DRAFT
        edited.full_clean()
        if not stored.live:
            edited.save()
        else:
            type(stored).objects.filter(pk=stored.pk).update(review_status=ReviewStatus.DRAFT)
        revision = edited.save_revision(user=user, log_action=True, clean=False)
        if from_status != ReviewStatus.DRAFT:
            record_step(edited, "edit", from_status, user, revision=revision)
    return edited


def check(user, record, action_name, comment=""):
    """Raise ``ReviewError`` unless ``user`` may take ``action_name`` on ``record`` now."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise ReviewError(_("Unknown action."))
    if action_name == "unpublish" and not record.live:
        raise ReviewError(_("This record is not published."))
    if not action.starts_from(record.review_status):
        raise ReviewError(
            _("This cannot be done now: the record is %(status)s.")
            % {"status": record.get_review_status_display().lower()}
        )
    if not permissions.may_act(user, record, action_name):
        if action_name == "publish" and permissions.can_edit(user, record):
            raise ReviewError(
                _("Another focal point of the country, or an editor, reviews what you submit.")
            )
        raise ReviewError(_("You may not do this."))
    if action.comment_required and not comment.strip():
        raise ReviewError(_("Please give a reason."))
    return action


def apply(user, record, action_name, comment=""):
    """Take a review step on ``record`` as ``user``; returns the updated record."""
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(record)
        action = check(user, locked, action_name, comment)
        from_status = locked.review_status
        revision = locked.latest_revision
        model = type(locked)
        changes = {"review_status": action.target}
        if action_name == "submit":
            changes["submitted_by"] = user
        model.objects.filter(pk=locked.pk).update(**changes)
        for field, value in changes.items():
            setattr(locked, field, value)
        if action_name == "publish":
            revision.publish(user=user, skip_permission_checks=True)
            locked = model.objects.get(pk=locked.pk)
        elif action_name == "unpublish":
            locked.review_step_recorded = True  # here, not by signals.on_unpublished
            locked.unpublish(user=user)
            locked.refresh_from_db()
        record_step(locked, action_name, from_status, user, comment, revision)
    return locked


def published_steps(record):
    """The record's publications, oldest first: each step's revision is a published version."""
    return steps_for(record).filter(action="publish", revision__isnull=False)

"""Background work of reporting (django-tasks): the review emails.

When a record is submitted, the country's OTHER national focal points hear that it awaits
their review; when it is published or returned, the focal point who submitted it hears it,
with the reviewer's comment. Each email is in its recipient's language. Recipients are checked
again at send time (still active, with an address, still able to edit the record's country);
a failing mail server makes the task fail (logged), never the step that caused it.
"""

import logging

from django_tasks import task

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from chm.mail import send_mail
from chm.submissions import submitter_language
from community.members.models import FocalPoint
from community.members.permissions import shown_member
from exchange.links import absolute_url

from . import permissions
from .models import ReviewStep
from .workflow import ACTIONS

logger = logging.getLogger(__name__)

REVIEWERS = "reviewers"
SUBMITTER = "submitter"


def _reachable(users, exclude=None):
    seen, result = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active or not user.email:
            continue
        if exclude is not None and user.pk == exclude.pk:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def recipients(step, record):
    """``[(user, audience), …]`` a review step is emailed to."""
    if step.action == "submit":
        assignments = (
            FocalPoint.objects.active()
            .filter(country_id=record.country_id)
            .select_related("user")
            .order_by("pk")
        )
        users = _reachable([a.user for a in assignments], exclude=step.actor)
        return [(user, REVIEWERS) for user in users if permissions.can_review(user, record)]
    if step.action in ("publish", "return"):
        users = _reachable([record.submitted_by], exclude=step.actor)
        return [(user, SUBMITTER) for user in users if permissions.can_edit(user, record)]
    return []


def _kind_label(record):
    return str(record._meta.verbose_name)


def _send(step, record, recipient, audience):
    action = ACTIONS.get(step.action)
    with translation.override(submitter_language(recipient)):
        if audience == REVIEWERS:
            why = _(
                "It awaits the review of another national focal point of the country: please "
                "publish it, or return it with a comment saying what should change."
            )
        elif step.action == "publish":
            why = _("It is now public on the portal.")
        else:
            why = _("Please make the changes asked for and submit it again.")
        context = {
            "recipient_name": shown_member(recipient, recipient).name,
            "record": record,
            "record_title": record.title,
            "kind_label": _kind_label(record),
            "country": record.country.label,
            "action_label": str(action.label) if action else step.action,
            "actor_name": shown_member(recipient, step.actor).name
            if step.actor
            else _("an editor"),
            "when": step.created_at,
            "comment": step.comment,
            "why": why,
            "url": absolute_url(record.get_absolute_url()),
        }
        subject = render_to_string("reporting/emails/review_subject.txt", context)
        body = render_to_string("reporting/emails/review_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


@task()
def notify_review_step(step_id):
    """Email whoever a review step concerns; returns how many were sent. Nothing is sent if
    the step or its record is gone."""
    step = ReviewStep.objects.select_related("actor", "content_type").filter(pk=step_id).first()
    if step is None:
        return 0
    model = step.content_type.model_class()
    record = (
        model.objects.select_related("country", "submitted_by").filter(pk=step.object_id).first()
    )
    if record is None:
        return 0
    sent, failures = 0, []
    for recipient, audience in recipients(step, record):
        try:
            _send(step, record, recipient, audience)
        except Exception as error:  # noqa: BLE001 - any mail failure; re-raised below
            logger.exception("Reporting email for step %s to user %s failed", step.pk, recipient.pk)
            failures.append(error)
        else:
            sent += 1
    if failures:
        raise failures[0]
    return sent

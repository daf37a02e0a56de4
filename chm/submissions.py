"""The member-submission flow: pages members submit and editors review in Wagtail's workflows.

A moderated record type (an event, an organization request, ...) is a page class that mixes in
``SubmittablePage`` and says who submitted it and what approval, rejection or withdrawal
changes besides the page. Everything else is shared and lives here:

- ``unique_slug`` names the new draft among its siblings;
- ``submit_for_review`` saves the draft as a logged revision and starts the parent's
  workflow (Wagtail's moderation, see https://docs.wagtail.org/en/stable/extending/
  customizing_workflows.html);
- ``submission_status`` tells the submitter where the page stands ("my submissions");
- one receiver per workflow outcome (approved, rejected, cancelled) finds the page's specific
  class, calls its hook and queues ``chm.tasks.notify_submitter`` once the transaction commits:
  one pair of email templates, in the submitter's language.

The submitter's language is the one they use the site in when they submit, kept where Wagtail
keeps a user's language for its own emails (``wagtail.users.UserProfile.preferred_language``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import page_published, workflow_approved, workflow_cancelled, workflow_rejected
from wagtail.users.models import UserProfile

APPROVED, REJECTED, CANCELLED = "approved", "rejected", "cancelled"


class SubmittablePage:
    """Mixin for a page type that members submit for editors' review.

    The shared receivers call these hooks on the page's specific class. Override
    ``get_submitter`` (nobody by default: pages editors write themselves are left alone),
    ``submission_noun`` and ``submissions_url_name``; override the ``on_submission_*`` hooks only
    when an outcome changes more than the page (the page itself is published or not by Wagtail).
    The hooks run inside the transaction of the editor's action.
    """

    #: What the submitter calls this kind of record, in the emails ("Your event ...").
    submission_noun = _("record")
    #: URL name of the page where the submitter follows their submissions ("my submissions").
    submissions_url_name = None

    def get_submitter(self):
        """The user who submitted this page, or ``None`` if no member did."""
        return None

    def get_submissions_url(self):
        return reverse(self.submissions_url_name) if self.submissions_url_name else "/"

    def get_submission_note(self, outcome):
        """An extra paragraph for the submitter's email about ``outcome`` (none by default)."""
        return ""

    def on_submission_approved(self, workflow_state, user):
        """Editors approved the page (it is now published)."""

    def on_submission_rejected(self, workflow_state, user, comment):
        """Editors asked for changes; ``comment`` is theirs (maybe empty)."""

    def on_submission_cancelled(self, workflow_state, user):
        """The review was withdrawn, by the submitter or an editor, before any decision."""


def unique_slug(parent, title, fallback):
    """A slug for a new child of ``parent`` from ``title`` (``fallback`` if it has no letters),
    numbered ``-2``, ``-3``... past the slugs its siblings already use."""
    base = slugify(title)[:70] or fallback
    slug, number = base, 2
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def submit_for_review(page, user):
    """Save ``page`` (already added to the tree as a draft) as a revision by ``user`` and start
    its workflow with ``user`` as the requester. Returns the workflow state, or ``None`` when no
    workflow applies (the draft then waits for an editor to publish it).

    Call it inside the transaction of the whole user action, so a failure leaves nothing behind.
    """
    page.save_revision(user=user, log_action=True)
    _prepare_submitter(user)
    workflow = page.get_workflow()
    if workflow is None:
        return None
    return workflow.start(page, user)


def _prepare_submitter(user):
    """Members without admin access hear the outcome from us (``chm.tasks``), with links to
    "my submissions"; Wagtail's own approval emails would link them to an admin they cannot
    open, so those are switched off for them, and the language they use the site in is kept
    for our emails. People with admin access keep the settings they chose in the admin."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    language = translation.get_language() or ""
    if (
        profile.approved_notifications
        or profile.rejected_notifications
        or profile.preferred_language != language
    ):
        profile.approved_notifications = profile.rejected_notifications = False
        profile.preferred_language = language
        profile.save(
            update_fields=["approved_notifications", "rejected_notifications", "preferred_language"]
        )


def submitter_language(user):
    """The site language to write to ``user`` in: the one they last submitted in (or chose in
    the admin), else the site's default."""
    profile = UserProfile.objects.filter(user=user).first()
    language = profile.preferred_language if profile else ""
    try:
        return translation.get_supported_language_variant(language or "")
    except LookupError:
        from django.conf import settings

        return settings.LANGUAGE_CODE


@dataclass
class SubmissionStatus:
    code: str  # "moderation", "published", "rejected", "withdrawn", "draft", "unpublished"
    label: str
    comment: str = ""


def latest_workflow_state(page):
    return (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
        .first()
    )


def submission_status(page):
    """Where a submitted page stands, as its submitter should see it."""
    state = latest_workflow_state(page)
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return SubmissionStatus("moderation", _("In moderation"))
    if page.live:
        return SubmissionStatus("published", _("Approved and published"))
    if state is None:
        return SubmissionStatus("draft", _("Draft"))
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = state.current_task_state.comment if state.current_task_state else ""
        return SubmissionStatus("rejected", _("Not approved"), comment or "")
    if state.status == WorkflowState.STATUS_CANCELLED:
        return SubmissionStatus("withdrawn", _("Withdrawn"))
    return SubmissionStatus("unpublished", _("Approved, no longer published"))


# --- one receiver per workflow outcome ------------------------------------------------------


def _submitted_page(workflow_state):
    """The specific page a member submitted that ``workflow_state`` reviews, else ``None``."""
    content = workflow_state.content_object
    page = getattr(content, "specific", content)
    if isinstance(page, SubmittablePage) and page.get_submitter() is not None:
        return page
    return None


def _notify(page, outcome, comment=""):
    from .tasks import notify_submitter

    page_id = page.pk
    transaction.on_commit(lambda: notify_submitter.enqueue(page_id, outcome, comment))


def _approved(page, workflow_state, user):
    page.on_submission_approved(workflow_state, user)
    _notify(page, APPROVED)


@receiver(workflow_approved, dispatch_uid="chm-submission-approved")
def on_workflow_approved(sender, instance, user=None, **kwargs):
    page = _submitted_page(instance)
    if page is not None:
        _approved(page, instance, user)


@receiver(workflow_rejected, dispatch_uid="chm-submission-rejected")
def on_workflow_rejected(sender, instance, user=None, **kwargs):
    page = _submitted_page(instance)
    if page is None:
        return
    task_state = instance.current_task_state
    comment = (task_state.comment if task_state else "") or ""
    page.on_submission_rejected(instance, user, comment)
    _notify(page, REJECTED, comment)


@receiver(workflow_cancelled, dispatch_uid="chm-submission-cancelled")
def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    """A review ends without a decision: withdrawn by its submitter or an editor, unless it
    ended because an editor published the page directly (Wagtail cancels the workflow then,
    which is an approval), or it had already been sent back with changes requested (the
    submitter was told then; this only closes or restarts that round)."""
    page = _submitted_page(instance)
    if page is None:
        return
    if page.live and page.last_published_at and page.last_published_at >= instance.created_at:
        _approved(page, instance, user)
        return
    task_state = instance.current_task_state
    if task_state is not None and task_state.status == TaskState.STATUS_REJECTED:
        return
    page.on_submission_cancelled(instance, user)
    _notify(page, CANCELLED)


@receiver(page_published, dispatch_uid="chm-submission-published")
def on_page_published(sender, instance, **kwargs):
    """A submission no workflow applied to is approved by its first publication."""
    if not isinstance(instance, SubmittablePage):
        return
    if instance.first_published_at != instance.last_published_at:
        return
    if instance.get_submitter() is None or WorkflowState.objects.for_instance(instance).exists():
        return
    _approved(instance, None, None)

"""Workflow outcomes of submitted events reach their submitters by email (via a task).

A partner organization's changes reach the search documents of its events through
``EventPageSerializer.dependencies()``, which the search index follows."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import workflow_approved, workflow_rejected

from .models import EventIndexPage, EventPage


def _submitted_event(workflow_state):
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    if isinstance(page, EventPage) and page.submitted_by_id:
        return page
    return None


@receiver(workflow_approved, dispatch_uid="events-workflow-approved")
def on_workflow_approved(sender, instance, user=None, **kwargs):
    from .tasks import notify_submitter

    page = _submitted_event(instance)
    if page is not None:
        transaction.on_commit(lambda: notify_submitter.enqueue(page.pk, "approved"))


@receiver(workflow_rejected, dispatch_uid="events-workflow-rejected")
def on_workflow_rejected(sender, instance, user=None, **kwargs):
    from .tasks import notify_submitter

    page = _submitted_event(instance)
    if page is not None:
        task_state = instance.current_task_state
        comment = task_state.comment if task_state else ""
        transaction.on_commit(lambda: notify_submitter.enqueue(page.pk, "rejected", comment))


@receiver(post_save, sender=EventIndexPage, dispatch_uid="events-index-workflow")
def on_index_created(sender, instance, created, raw=False, **kwargs):
    """A new events index is reviewed by the partner event workflow from the start."""
    if created and not raw:
        from .services import assign_workflow

        assign_workflow(instance)

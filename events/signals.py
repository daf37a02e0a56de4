"""Workflow outcomes of submitted events reach their submitters by email (via a task); a
partner organization's changes reach the search documents of its events."""

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, workflow_approved, workflow_rejected

from community.partners.models import PartnerPage

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


def _reindex_events_of(partner):
    page_ids = list(
        EventPage.objects.filter(organizer_partner_id=partner.pk).values_list("pk", flat=True)
    )
    if page_ids:
        from .tasks import reindex_events

        transaction.on_commit(lambda: reindex_events.enqueue(page_ids))


@receiver(page_published, sender=PartnerPage, dispatch_uid="events-partner-published")
@receiver(page_unpublished, sender=PartnerPage, dispatch_uid="events-partner-unpublished")
def on_partner_changed(sender, instance, **kwargs):
    """Events show their partner's current name (or, once it is unpublished, not at all)."""
    _reindex_events_of(instance)


@receiver(pre_delete, sender=PartnerPage, dispatch_uid="events-partner-deleted")
def on_partner_deleted(sender, instance, **kwargs):
    """The events stay (their link is cleared); find them before the link is gone."""
    _reindex_events_of(instance)

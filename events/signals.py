"""A new events index is reviewed by the partner event workflow; a partner organization's
changes reach the search documents of its events. (Workflow outcomes of submitted events are
handled by the shared flow in ``chm.submissions``.)"""

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from community.partners.models import PartnerPage

from .models import EventIndexPage, EventPage


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

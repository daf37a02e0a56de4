"""A new events index is reviewed by the partner event workflow.

Workflow outcomes of submitted events are handled by the shared flow in ``chm.submissions``; a
partner organization's changes reach the search documents of its events through
``EventPageSerializer.dependencies()``, which the search index follows."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import EventIndexPage


@receiver(post_save, sender=EventIndexPage, dispatch_uid="events-index-workflow")
def on_index_created(sender, instance, created, raw=False, **kwargs):
    """A new events index is reviewed by the partner event workflow from the start."""
    if created and not raw:
        from .services import assign_workflow

        assign_workflow(instance)

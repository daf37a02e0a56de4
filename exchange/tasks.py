"""Harvesting in the background (django-tasks).

``harvest_source(source_id)`` runs one source (the admin's "Harvest now" enqueues it);
``harvest_due_sources()`` runs every enabled source whose schedule is due. In production cron
(or the worker's scheduler) runs ``manage.py harvest --due`` every hour, which does the same
as ``harvest_due_sources`` in the foreground.
"""

from django_tasks import task

from .harvesting import run_source
from .models import HarvestSource


@task()
def harvest_source(source_id):
    """Harvest one source; returns the run's id (None: the source is gone or disabled)."""
    source = HarvestSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return None
    return run_source(source).pk


def due_sources(now=None):
    return [source for source in HarvestSource.objects.filter(enabled=True) if source.is_due(now)]


@task()
def harvest_due_sources():
    """Harvest every source whose schedule is due; returns the runs' ids."""
    return [run_source(source).pk for source in due_sources()]

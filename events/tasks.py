"""Background work of the events app (django-tasks)."""

from django_tasks import task


@task()
def reindex_events(page_ids):
    """Refresh the search documents of some events, e.g. those of a partner organization, which
    carry its name as organizer: it changes when the organization is renamed, unpublished,
    published again or deleted."""
    from search.records import refresh

    for pk in page_ids:
        refresh("events", "eventpage", str(pk))

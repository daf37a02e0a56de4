"""Index updates run as django-tasks background tasks.

With the production database task backend the task row is written in the same transaction as
the change that caused it, so a worker never indexes a record that was rolled back.
"""

from django_tasks import task

from .backends import get_backend
from .records import refresh


@task()
def index_record(app_label, model_name, pk):
    """Add, replace or remove one record, whichever its current state calls for."""
    return refresh(app_label, model_name, str(pk))


@task()
def remove_record(uuid):
    get_backend().remove(uuid)


@task()
def index_page_tree(page_id):
    """Re-index a page and its descendants (after a move or a privacy change)."""
    from wagtail.models import Page

    from exchange.serializers import serializer_for

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    count = 0
    for item in Page.objects.descendant_of(page, inclusive=True).specific().iterator():
        if serializer_for(item) is not None:
            refresh(item._meta.app_label, item._meta.model_name, str(item.pk))
            count += 1
    return count

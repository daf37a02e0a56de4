"""Fast creation of many demo pages under one parent, for ``seed_demo --size N``.

``add_child`` costs a few queries per page (tree locking, revisions, search indexing), far too
slow for tens of thousands of pages. Here the tree paths are computed in Python, the
``wagtailcore_page`` rows are bulk-inserted, then the specific rows and the many-to-many links.
Demo use only: the pages have no revisions and are not in the search index until
``manage.py update_index``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

BATCH = 1000


@transaction.atomic
def bulk_add_children(parent, pages, relations=None):
    """Add unsaved specific ``pages`` (e.g. NewsPage) as live children of ``parent``.

    ``relations`` maps a many-to-many field name to one list of related objects per page.
    """
    if not pages:
        return []
    model = type(pages[0])
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    content_type_id = ContentType.objects.get_for_model(model).pk
    bases = []
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type_id = content_type_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = now
        base = Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
        bases.append(base)
    Page.objects.bulk_create(bases, batch_size=BATCH)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
    fields = list(model._meta.local_concrete_fields)
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(pages[start : start + BATCH], fields=fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    for name, related_lists in (relations or {}).items():
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": page.pk, f"{target}_id": obj.pk})
                for page, objects in zip(pages, related_lists, strict=True)
                for obj in objects
            ],
            batch_size=BATCH * 2,
        )
    return pages

"""Keep the index fresh for every registered record type, without naming any of them.

Pages change the index when they are published, unpublished, moved or deleted, or their
privacy changes (saving a draft does not). Other records change it whenever they are saved,
deleted or their many-to-many classification changes.

A record whose document is built partly from another object (a thread from its posts, an
event from its partner organization's name) declares it in its serializer's
``dependencies()``; the same moments of that other object (publishing, unpublishing and
deleting a page; saving and deleting anything else) refresh the dependent records.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from exchange.serializers import all_serializers, serializer_for

from .tasks import index_page_tree, index_record, remove_record


def _registered(model):
    return any(issubclass(model, s.model) for s in all_serializers())


def _enqueue_refresh(instance):
    index_record.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))


def on_page_changed(sender, instance, **kwargs):
    if serializer_for(instance) is not None:
        _enqueue_refresh(instance)
    _refresh_dependents(instance)


def on_page_tree_changed(sender, instance, **kwargs):
    index_page_tree.enqueue(instance.pk)


def on_restriction_changed(sender, instance, **kwargs):
    if instance.page_id:
        index_page_tree.enqueue(instance.page_id)


def on_restriction_groups_changed(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        on_restriction_changed(sender, instance)


def _dependents(instance):
    """``(app_label, model_name, pk)`` of the records whose documents are built partly from
    ``instance``, as the registered serializers' ``dependencies()`` declare them."""
    found = {}
    for serializer in all_serializers():
        for model, records_of in serializer.dependencies().items():
            if isinstance(instance, model):
                for record in records_of(instance):
                    key = (record._meta.app_label, record._meta.model_name, str(record.pk))
                    found[key] = None
    return list(found)


def _refresh(keys):
    for key in keys:
        index_record.enqueue(*key)


def _refresh_dependents(instance):
    _refresh(_dependents(instance))


def on_saved(sender, instance, raw=False, **kwargs):
    if raw or isinstance(instance, Page):
        return
    if serializer_for(instance) is not None:
        _enqueue_refresh(instance)
    _refresh_dependents(instance)


def on_deleting(sender, instance, **kwargs):
    """Find the dependents before the deletion: by ``post_delete`` an ``on_delete=SET_NULL``
    link (an event's organizer) is already cleared. Refresh them once the deletion is
    committed, so their documents no longer carry what was deleted."""
    dependents = _dependents(instance)
    if dependents:
        transaction.on_commit(lambda: _refresh(dependents), robust=True)


def on_deleted(sender, instance, **kwargs):
    if serializer_for(instance) is None:
        return
    uuid = getattr(instance, "uuid", None)
    if uuid is not None:
        remove_record.enqueue(str(uuid))


def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or isinstance(instance, Page):
        return
    if not reverse:
        if serializer_for(instance) is not None:
            _enqueue_refresh(instance)
    elif pk_set and _registered(model):
        for pk in pk_set:
            index_record.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


def connect():
    page_published.connect(on_page_changed, dispatch_uid="search_page_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="search_page_unpublished")
    page_slug_changed.connect(on_page_tree_changed, dispatch_uid="search_page_slug")
    post_page_move.connect(on_page_tree_changed, dispatch_uid="search_page_moved")
    post_save.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction"
    )
    post_delete.connect(
        on_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search_restriction_deleted",
    )
    m2m_changed.connect(
        on_restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="search_restriction_groups",
    )
    post_save.connect(on_saved, dispatch_uid="search_record_saved")
    pre_delete.connect(on_deleting, dispatch_uid="search_record_deleting")
    post_delete.connect(on_deleted, dispatch_uid="search_record_deleted")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="search_record_m2m")

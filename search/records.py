"""The bridge between the record registry (exchange.serializers) and the search backends.

Nothing here knows a record type: every type registered with ``@register`` is indexed from
``serializer.search_document(obj)``, kept out when ``serializer.is_indexable(obj)`` says so,
and limited to its ``audiences``.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from exchange.serializers import all_serializers, serializer_for

from .backends import get_backend
from .permissions import is_searchable


def candidates(serializer):
    """Records of one type that may belong in the index (the serializer has the last word)."""
    queryset = serializer.model._default_manager.all()
    if hasattr(queryset, "live"):
        queryset = queryset.live()
    if hasattr(queryset, "specific"):
        queryset = queryset.specific()
    return queryset.order_by("pk")


def document_for(obj):
    """The search document of a record, or None if it must not be in the index."""
    serializer = serializer_for(obj)
    if serializer is None or not serializer.is_indexable(obj):
        return None
    # Stored links are in the default language; results are shown in the reader's
    # (search.views), whoever or whatever process indexed the record.
    with translation.override(settings.LANGUAGE_CODE):
        document = serializer.search_document(obj)
    return document if is_searchable(document) else None


def load(app_label, model_name, pk):
    model = apps.get_model(app_label, model_name)
    return model._default_manager.filter(pk=pk).first()


def refresh(app_label, model_name, pk):
    """Bring the index in line with one record: add, replace or remove it."""
    backend = get_backend()
    obj = load(app_label, model_name, pk)
    if obj is None:
        model = apps.get_model(app_label, model_name)
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        backend.remove_object(content_type.pk, pk)
        return "removed"
    if hasattr(obj, "specific"):
        obj = obj.specific
    document = document_for(obj)
    if document is None:
        if getattr(obj, "uuid", None) is not None:
            backend.remove(str(obj.uuid))
        return "removed"
    backend.index(document, obj)
    return "indexed"


def iter_documents(serializers=None):
    """``(document, obj)`` for every record that belongs in the index."""
    for serializer in serializers or all_serializers():
        for obj in candidates(serializer).iterator(chunk_size=500):
            document = document_for(obj)
            if document is not None:
                yield document, obj


def count_candidates(serializers=None):
    return sum(candidates(s).count() for s in serializers or all_serializers())

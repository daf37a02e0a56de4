"""``get_backend()``: the one place that decides which search backend runs.

``ELASTICSEARCH_URL`` set: Elasticsearch (elasticsearch-dsl); otherwise the database backend
(PostgreSQL full-text search, or a simpler equivalent on SQLite).
"""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from .base import Hit, Query, Results, SearchBackend, index_document, safe_highlight

__all__ = [
    "Hit",
    "Query",
    "Results",
    "SearchBackend",
    "get_backend",
    "index_document",
    "safe_highlight",
]


@cache
def get_backend():
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if url:
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url, prefix=settings.ELASTICSEARCH_INDEX_PREFIX)
    from .database import DatabaseBackend

    return DatabaseBackend()


@receiver(setting_changed)
def _reset_backend(setting, **kwargs):
    if setting in {"ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX_PREFIX"}:
        get_backend.cache_clear()

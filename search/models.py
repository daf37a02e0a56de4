"""The database search backend's index: one denormalized row per searchable record.

Rows are written only by ``search.backends.database`` from a serializer's
``search_document(obj)``, so a record type registered in ``exchange.serializers`` needs no
search code. On PostgreSQL a trigger keeps ``search_vector`` (weighted title A, summary B,
text C, in the record's language configuration; matching) and ``rank_vector`` (title and
summary; ranking) and ``facet_ids`` (the facet tokens as ``FacetToken`` numbers; counting) in
step with the row, and GIN indexes cover
the vector, the facet tokens, the audiences and title trigrams (migration 0002). On SQLite the
vector column stays empty and the backend matches words with ``LIKE`` instead.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TSVectorField(SearchVectorField):
    """``tsvector`` on PostgreSQL; a plain (unused) text column elsewhere."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class FacetIdsField(models.Field):
    """``integer[]`` on PostgreSQL; a plain (unused) text column elsewhere. Filled by a trigger
    from ``facets`` through ``FacetToken`` (migration 0003), never by Django."""

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"


class FacetToken(models.Model):
    """A number for each facet token ever indexed (PostgreSQL). Counting facets groups the
    matches' ``facet_ids`` integers, several times cheaper than unnesting JSONB strings."""

    token = models.TextField(unique=True)

    class Meta:
        verbose_name = _("facet token")
        verbose_name_plural = _("facet tokens")

    def __str__(self):
        return self.token


class SearchDocument(models.Model):
    uuid = models.UUIDField(_("record identifier"), unique=True)
    record_type = models.CharField(_("record type"), max_length=40, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("URL"), max_length=2000, blank=True)
    published = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Facet values as "field:value" tokens (["type:news", "country:KE", "target:GBF-TARGET-03"])
    # so one GIN index answers every facet filter and one GROUP BY counts every facet.
    facets = models.JSONField(_("facet values"), default=list, blank=True)
    # Who may see the record (exchange.serializers audience tokens).
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    # An event's dates for display (search.backends.base.when_of); {} for other records.
    when = models.JSONField(_("dates"), default=dict, blank=True)
    # The same tokens as FacetToken numbers, kept in step by a trigger (PostgreSQL only).
    facet_ids = FacetIdsField(null=True, blank=True, editable=False)
    search_vector = TSVectorField(null=True, blank=True, editable=False)
    # Title and summary only: small enough to stay inline in the row, so ranking thousands of
    # matches does not read every record's whole text back from TOAST storage.
    rank_vector = TSVectorField(null=True, blank=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="search_doc_object"),
        ]

    def __str__(self):
        return self.title


class Frequency(models.TextChoices):
    """How often a saved search's new records are emailed."""

    NONE = "none", _("No email")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class SavedSearch(models.Model):
    """A member's search, kept as the unified search's normalised query string (``query``).

    A search saved from a listing is stored as its unified-search equivalent, so one engine
    (``get_backend().search``) evaluates every saved search, for its digest and its feed.
    ``last_sent_at`` is the digest's high-water mark: records published after it and up to
    the next digest's run are new; it moves only once an email has been sent (or when there
    was nothing new), so a failing mail server loses nothing. ``feed_token`` is the secret in
    the private feed URL, which a feed reader fetches without a session.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("query"), max_length=2000)
    frequency = models.CharField(
        _("email digest"), max_length=10, choices=Frequency.choices, default=Frequency.NONE
    )
    last_sent_at = models.DateTimeField(_("new records counted from"), default=timezone.now)
    feed_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "query"], name="search_saved_unique_query"),
        ]

    def __str__(self):
        return self.name

    def search_url(self):
        return f"{reverse('search:search')}?{self.query}"

    def feed_url(self):
        return reverse("search:saved_feed", args=[self.feed_token])

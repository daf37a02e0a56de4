"""Where harvested records come from, and what each harvest did.

A ``HarvestSource`` is another clearing-house this portal reads: another instance of this
portal (through its ``/api/v1/``), or the CBD clearing-house (its index and documents APIs, or
a file of its documents). Every harvested record carries one ``Provenance`` row: which source,
the record's identifier and revision there, its address there and when it was fetched. A record
with a provenance is edited at its source only; here it is read-only (``is_harvested``).

Each run of a source leaves a ``HarvestRun``: counts and the reason for every record it
refused, shown in the admin.
"""

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    PORTAL = "portal", _("Another instance of this portal (its API)")
    CBD = "cbd", _("CBD clearing-house (index and documents APIs)")
    CBD_FILE = "cbd-file", _("CBD documents in a JSON file")


class Schedule(models.TextChoices):
    MANUAL = "manual", _("Only when started by hand")
    HOURLY = "hourly", _("Every hour")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")


SCHEDULE_INTERVALS = {
    Schedule.HOURLY: datetime.timedelta(hours=1),
    Schedule.DAILY: datetime.timedelta(days=1),
    Schedule.WEEKLY: datetime.timedelta(weeks=1),
}


SLACK = datetime.timedelta(minutes=5)


class HarvestSource(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Names the source on the command line: manage.py harvest SLUG."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    url = models.CharField(
        _("address"),
        max_length=500,
        help_text=_(
            "The portal's base URL (https://chm.example.org), the CBD API's base URL "
            "(https://api.cbd.int/), or a file path for a file of CBD documents."
        ),
    )
    # What to ask for: record types of a portal ("news", "event"…) or CBD schemas
    # ("organization", "nationalTarget7"…). Empty: everything the portal can import.
    record_types = models.JSONField(_("record types"), default=list, blank=True)
    # Extra query parameters for the source (a portal's filters, the CBD index's realm…).
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    schedule = models.CharField(
        _("schedule"), max_length=10, choices=Schedule.choices, default=Schedule.MANUAL
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    # Set on a national site's own records' source (chm.national_sites): records harvested
    # from it show that national site as their origin.
    origin_name = models.CharField(
        _("origin shown on records"),
        max_length=200,
        blank=True,
        help_text=_("Shown on harvested records as where they were published; default: name."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")

    def __str__(self):
        return self.name

    @property
    def origin(self):
        return self.origin_name or self.name

    def last_run(self):
        return self.runs.order_by("-started_at").first()

    def is_due(self, now=None):
        """Whether its schedule asks for a run now: enabled, not manual, and its last run
        started at least one interval ago (or it never ran)."""
        interval = SCHEDULE_INTERVALS.get(self.schedule)
        if not self.enabled or interval is None:
            return False
        last = self.last_run()
        # A few minutes' slack, so that an hourly cron never skips a run it started late.
        return last is None or last.started_at + interval <= (now or timezone.now()) + SLACK


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    PARTIAL = "partial", _("Finished, some records refused")
    FAILED = "failed", _("Failed")


class HarvestRun(models.Model):
    source = models.ForeignKey(
        HarvestSource, on_delete=models.CASCADE, related_name="runs", verbose_name=_("source")
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("refused"), default=0)
    # One entry per refused record: {"identifier": …, "schema": …, "reason": …}
    report = models.JSONField(_("report"), default=list, blank=True)
    # Why the whole run stopped, if it did (the source could not be read…).
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class Provenance(models.Model):
    """Where one harvested record came from. One per local record; one per source record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey(
        HarvestSource,
        on_delete=models.PROTECT,
        related_name="provenances",
        verbose_name=_("source"),
    )
    # The identifier at the source without its revision ("<uid>" of "<uid>@<rev>"), and the
    # revision fetched.
    original_id = models.CharField(_("original identifier"), max_length=200)
    original_revision = models.CharField(_("original revision"), max_length=50, blank=True)
    original_url = models.URLField(_("original address"), max_length=500, blank=True)
    schema = models.CharField(_("schema"), max_length=60, blank=True)
    # Where the record was first published when the source had itself harvested it (a portal
    # harvesting a portal): shown as "first published by …"; empty: at the source.
    first_origin = models.CharField(_("first published by"), max_length=200, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)
    # References to other records ("<uid>@<rev>") that did not resolve to a local record when
    # this one was saved: kept, so they are sent back unchanged and resolved on a later run.
    unresolved_references = models.JSONField(default=list, blank=True)
    # A fingerprint of the document last imported: an unchanged document is not re-saved.
    checksum = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "original_id"], name="exchange_provenance_one_per_source"
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="exchange_provenance_one_per_record"
            ),
        ]
        indexes = [models.Index(fields=["original_id"])]
        verbose_name = _("provenance")
        verbose_name_plural = _("provenances")

    def __str__(self):
        return f"{self.source}: {self.original_id}"

    @property
    def origin(self):
        """Where the record was first published: its first origin, else the source's."""
        return self.first_origin or self.source.origin


def record_content_type(record):
    """The content type provenance is stored under: a page's specific type (a page fetched as
    a plain ``Page`` still finds its provenance)."""
    model = getattr(record, "specific_class", None) or type(record)
    return ContentType.objects.get_for_model(model)


def provenance_of(record):
    """The provenance of a local record, or None when it was written here (remembered on the
    instance)."""
    if record is None or record.pk is None:
        return None
    if "_provenance" not in record.__dict__:
        record.__dict__["_provenance"] = (
            Provenance.objects.select_related("source")
            .filter(content_type=record_content_type(record), object_id=str(record.pk))
            .first()
        )
    return record.__dict__["_provenance"]


def is_harvested(record):
    """Whether a record came from another clearing-house (and so is read-only here)."""
    return provenance_of(record) is not None

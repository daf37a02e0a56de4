"""How a country's national targets, as a whole, cover one KMGBF goal or target: the CBD
``nationalTarget7Mapping`` ("part 2" of the national targets in the Online Reporting Tool),
one per country and global goal or target, with the reference period of each headline
indicator.

A plain model rather than a revisioned reporting record: the CBD keeps one per country and
goal or target, and this portal gets them from the CBD (harvest, ``cbd_mapping``) and shows
them on the country profile; they are not edited here. Imported from ``models``.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Country, Goal, HeadlineIndicator, Language, Target


class TargetMapping(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="target_mappings",
        verbose_name=_("country"),
    )  # government
    # globalGoalOrTarget: one of the two.
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="national_mappings",
        verbose_name=_("global goal"),
    )
    target = models.ForeignKey(
        Target,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="national_mappings",
        verbose_name=_("global target"),
    )
    language = models.ForeignKey(
        Language,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written in"),
    )
    # Markdown, sanitized from the CBD's HTML.
    elements_covered = models.TextField(
        _("elements of the global target covered")
    )  # elementOfGlobalTargetsInfo
    additional_information = models.TextField(
        _("additional information"), blank=True
    )  # additionalInformation
    # Other languages of the texts: {"fr": {"elements_covered": "…"}}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    cbd_identifier = models.CharField(
        _("CBD identifier"), max_length=128, blank=True, db_index=True
    )
    # Fields of the CBD document not modelled here (additionalDocuments, notes): sent back.
    cbd_extra = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["country__name", "goal__identifier", "target__identifier"]
        verbose_name = _("coverage of a global goal or target")
        verbose_name_plural = _("coverage of global goals and targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True, target__isnull=False)
                | Q(goal__isnull=False, target__isnull=True),
                name="reporting_mapping_goal_or_target",
            ),
            models.UniqueConstraint(
                fields=["country", "target"],
                condition=Q(target__isnull=False),
                name="reporting_mapping_once_per_target",
            ),
            models.UniqueConstraint(
                fields=["country", "goal"],
                condition=Q(goal__isnull=False),
                name="reporting_mapping_once_per_goal",
            ),
        ]

    def __str__(self):
        return f"{self.country}: {self.goal_or_target}"

    @property
    def goal_or_target(self):
        return self.goal or self.target

    def localized(self, field, language=None):
        """``field``'s text in ``language`` if the record has it there, else its own."""
        from django.utils.translation import get_language

        language = (language or get_language() or "en").split("-")[0]
        own = self.language.code if self.language_id else "en"
        if language != own:
            text = (self.translations.get(language) or {}).get(field)
            if text:
                return text, language
        return getattr(self, field), own


class ReferencePeriod(models.Model):
    """The reference period of one headline indicator for the mapping's goal or target
    (``referencePeriod[]``: ``{headlineIndicator, hasReferencePeriod, referencePeriodInfo}``)."""

    mapping = models.ForeignKey(
        TargetMapping, on_delete=models.CASCADE, related_name="reference_periods"
    )
    headline_indicator = models.ForeignKey(
        HeadlineIndicator,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("headline indicator"),
    )
    has_reference_period = models.BooleanField(_("has a reference period"), default=False)
    info = models.TextField(_("reference period"), blank=True)
    # The text in the record's other languages: {"fr": "…"}.
    translations = models.JSONField(default=dict, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("reference period")
        verbose_name_plural = _("reference periods")

    def __str__(self):
        return f"{self.headline_indicator}: {self.info}"

"""Reference vocabularies that every public record is classified by.

Terms keep the identifiers the CBD clearing-house uses (``GBF-TARGET-01``, ISO 3166-1 alpha-2,
ISO 639-1, M49 region codes) so records can be exchanged with it and with national sites. Each
term is one row with its English label (and text) plus ``translations``: the other five UN
languages, each with its provenance (an official text and its source, or a draft awaiting
review). See ``taxonomy/translations.py`` for the shape and the rules.
"""

import uuid

from django_countries import countries as country_names
from modelcluster.fields import ParentalManyToManyField

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from . import translations as i18n
from .widgets import FilterableCheckboxSelectMultiple, country_region, target_section


class TermQuerySet(models.QuerySet):
    def by_identifiers(self, identifiers):
        return self.filter(**{f"{self.model.identifier_field}__in": list(identifiers)})


class Term(index.Indexed, models.Model):
    """Common behaviour of taxonomy terms: a stable identifier and labels (and, for some, a
    full text) in the six UN languages, each translation with its provenance.

    Templates use ``label`` and ``localized_text`` (active language, English fallback) and
    ``label_is_draft`` / ``text_is_draft`` to mark an unreviewed translation, and
    ``label_language`` / ``text_language`` for the ``lang`` of what is shown.
    """

    identifier_field = "identifier"
    label_field = "title"
    # The English column translated as "text" (full text or description), if the term has one.
    text_field = None
    # Where the English text comes from; English is the reference text of every term.
    english_source = ""

    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        # Unchanged so that models elsewhere built on Term need no migration; the taxonomy's
        # own admin edits translations through per-language fields (admin_forms.py).
        help_text=_('Label per language code, e.g. {"fr": "...", "es": "..."}.'),
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Imports may still hand over CBD lstrings ({"fr": "label"}): store them as drafts.
        # Terms of other apps built on Term (cooperation's AssistanceType) keep plain lstrings,
        # which their own admin edits; reading accepts both shapes.
        if self._meta.app_label == "taxonomy":
            self.translations = i18n.upgrade(self.translations)
        super().save(*args, **kwargs)

    def translation_entry(self, language=None):
        """The stored translation for ``language`` (default: the active one), or None."""
        return i18n.entry(self.translations, language or i18n.active_language())

    def _shown(self, key, language=None):
        language = i18n.language_key(language or i18n.active_language())
        if language != i18n.SOURCE_LANGUAGE:
            found = self.translation_entry(language)
            if found and found[key]:
                return found[key], language, found["status"]
        if key == "label":
            english = getattr(self, self.label_field)
        else:
            english = getattr(self, self.text_field) if self.text_field else ""
        return english, i18n.SOURCE_LANGUAGE, i18n.OFFICIAL

    @property
    def label(self):
        """The label in the active language, falling back to English."""
        return self._shown("label")[0]

    @property
    def localized_text(self):
        """The full text (goal, target) or description in the active language, falling back to
        English; empty for terms without one."""
        return self._shown("text")[0]

    @property
    def label_language(self):
        """The language ``label`` is really in (English when it fell back)."""
        return self._shown("label")[1]

    @property
    def text_language(self):
        return self._shown("text")[1]

    @property
    def label_direction(self):
        """ "rtl" or "ltr": the writing direction of ``label_language``."""
        return i18n.direction(self.label_language)

    @property
    def text_direction(self):
        return i18n.direction(self.text_language)

    @property
    def label_is_draft(self):
        """True when ``label`` shows a translation nobody has reviewed yet."""
        return self._shown("label")[2] == i18n.DRAFT

    @property
    def text_is_draft(self):
        return self._shown("text")[2] == i18n.DRAFT

    def provenance(self, language=None):
        """A ``Provenance`` (status "official", "draft" or "missing", and source) for one
        language, by default the active one."""
        language = i18n.language_key(language or i18n.active_language())
        if language == i18n.SOURCE_LANGUAGE:
            return i18n.Provenance(language, i18n.OFFICIAL, self.english_source)
        found = self.translation_entry(language)
        if found is None or not found["label"]:
            return i18n.Provenance(language, i18n.MISSING)
        return i18n.Provenance(language, found["status"], found["source"])

    def translation_status(self, language=None):
        """ "official", "draft" or "missing" for ``language`` (default: the active one)."""
        return self.provenance(language).status

    def translation_overview(self):
        """The provenance of the label in each of the six languages, in settings order."""
        return [self.provenance(code) for code in i18n.LANGUAGES]

    @property
    def code(self):
        return getattr(self, self.identifier_field)

    def __str__(self):
        return str(self.label)


class Goal(Term):
    identifier = models.CharField(_("identifier"), max_length=20, unique=True)
    letter = models.CharField(_("letter"), max_length=1, unique=True)
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("full text"))

    text_field = "text"
    english_source = "CBD decision 15/4"

    panels = [
        FieldPanel("identifier"),
        FieldPanel("letter"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("translations"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.FilterField("letter"),
    ]

    class Meta:
        ordering = ["letter"]
        verbose_name = _("KMGBF goal")
        verbose_name_plural = _("KMGBF goals")

    def __str__(self):
        return f"{_('Goal')} {self.letter}: {self.label}"


class Target(Term):
    class Section(models.TextChoices):
        REDUCING_THREATS = "reducing-threats", _("Reducing threats to biodiversity")
        MEETING_NEEDS = "meeting-needs", _("Meeting people's needs through sustainable use")
        TOOLS_SOLUTIONS = "tools-solutions", _("Tools and solutions for implementation")

    identifier = models.CharField(_("identifier"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("full text"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)

    text_field = "text"
    english_source = "CBD decision 15/4"

    panels = [
        FieldPanel("identifier"),
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("section"),
        FieldPanel("text"),
        FieldPanel("translations"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.FilterField("number"),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = _("KMGBF target")
        verbose_name_plural = _("KMGBF targets")

    def __str__(self):
        return f"{self.number}. {self.label}"


class HeadlineIndicator(Term):
    identifier_field = "code"
    english_source = "CBD decision 15/5"

    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=300)
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headline_indicators",
        verbose_name=_("goal"),
    )
    targets = models.ManyToManyField(
        Target, blank=True, related_name="headline_indicators", verbose_name=_("targets")
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("goal"),
        FieldPanel("targets"),
        FieldPanel("translations"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("code")]

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("headline indicator")
        verbose_name_plural = _("headline indicators")

    sort_key = models.CharField(max_length=20, editable=False, db_index=True)

    def save(self, *args, **kwargs):
        self.sort_key = headline_sort_key(self.code)
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.code} {self.label}"


def headline_sort_key(code):
    """Goals' indicators (A.1) before targets' (1.1), targets in numeric order."""
    head, _sep, tail = code.partition(".")
    if head.isdigit():
        return f"1-{int(head):03d}-{tail.zfill(3)}"
    return f"0-{head}-{tail.zfill(3)}"


class Region(Term):
    """A UN M49 region (Africa) or sub-/intermediate region (Eastern Africa)."""

    english_source = "UN M49"

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUBREGION = "subregion", _("Subregion")

    identifier = models.CharField(_("M49 code"), max_length=3, unique=True)
    title = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subregions",
        verbose_name=_("parent region"),
    )

    panels = [
        FieldPanel("identifier"),
        FieldPanel("title"),
        FieldPanel("level"),
        FieldPanel("parent"),
        FieldPanel("translations"),
    ]
    search_fields = [index.SearchField("title"), index.FilterField("level")]

    class Meta:
        ordering = ["level", "title"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(Term):
    """A country or territory by ISO 3166-1 alpha-2 code, placed in its M49 region."""

    identifier_field = "code"
    label_field = "name"
    english_source = "ISO 3166-1"

    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    m49 = models.CharField(_("M49 code"), max_length=3, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="countries",
        limit_choices_to={"level": "region"},
        verbose_name=_("region"),
    )
    subregion = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subregion_countries",
        limit_choices_to={"level": "subregion"},
        verbose_name=_("subregion"),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("m49"),
        FieldPanel("region"),
        FieldPanel("subregion"),
        FieldPanel("translations"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("code"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    @property
    def label(self):
        # django-countries carries translated names for every UN language.
        found = self.translation_entry()
        if found and found["label"]:
            return found["label"]
        return str(country_names.name(self.code) or self.name)

    @property
    def flag(self):
        """The flag emoji, built from regional indicator symbols (no image download)."""
        return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in self.code.upper())


class ThematicArea(Term):
    identifier_field = "slug"
    label_field = "name"

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    text_field = "description"
    english_source = "CHM portal vocabulary"

    panels = [
        FieldPanel("slug"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("translations"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")


class Constituency(Term):
    identifier_field = "slug"
    label_field = "name"

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    text_field = "description"
    english_source = "CHM portal vocabulary"

    panels = [
        FieldPanel("slug"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("translations"),
    ]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")


class Language(Term):
    identifier_field = "code"
    label_field = "name"

    code = models.CharField(_("ISO 639-1 code"), max_length=7, unique=True)
    name = models.CharField(_("name"), max_length=60)
    native_name = models.CharField(_("native name"), max_length=60, blank=True)
    is_un_language = models.BooleanField(_("UN official language"), default=False)

    english_source = "ISO 639-1"

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("native_name"),
        FieldPanel("is_un_language"),
        FieldPanel("translations"),
    ]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["-is_un_language", "name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


# --- Classifying records -------------------------------------------------------------------

CLASSIFICATION_PANEL_FIELDS = ["targets", "countries", "thematic_areas"]


# Wagtail search fields every classified page adds, so its own search can filter by taxonomy.
CLASSIFICATION_SEARCH_FIELDS = [
    index.RelatedFields("targets", [index.FilterField("number")]),
    index.RelatedFields("countries", [index.FilterField("code")]),
]


def classification_panel():
    """The editor's classification panel, open: checkbox lists that keep earlier choices,
    targets grouped by section and countries by region, each filterable as you type."""
    return MultiFieldPanel(
        [
            FieldPanel(
                "targets",
                widget=FilterableCheckboxSelectMultiple(
                    group_by=target_section, filter_label=_("Filter targets")
                ),
            ),
            FieldPanel(
                "countries",
                widget=FilterableCheckboxSelectMultiple(
                    group_by=country_region,
                    select_related=["region"],
                    filter_label=_("Filter countries"),
                ),
            ),
            FieldPanel(
                "thematic_areas",
                widget=FilterableCheckboxSelectMultiple(filter_label=_("Filter thematic areas")),
            ),
        ],
        heading=_("Classification"),
    )


class ClassificationMixin:
    """Reads the classification the same way for pages and plain models."""

    def classification(self):
        """The record's taxonomy as identifiers: the shape the API, JSON-LD and search use."""
        if "countries" in getattr(self, "_prefetched_objects_cache", {}):
            # Prefetched with their regions (the API's lists): no query per record.
            countries = list(self.countries.all())
        else:
            countries = list(self.countries.select_related("region", "subregion"))
        regions = {}
        for country in countries:
            for region in (country.region, country.subregion):
                if region is not None:
                    regions[region.identifier] = region
        return {
            "targets": [t.identifier for t in self.targets.all()],
            "countries": [c.code for c in countries],
            "regions": sorted(regions),
            "thematic_areas": [a.slug for a in self.thematic_areas.all()],
            "language": self.record_language,
        }


def _m2m_name(kind):
    return "%(app_label)s_%(class)s_" + kind


class ClassifiedPage(ClassificationMixin, models.Model):
    """Abstract base for Wagtail pages: stable uuid and the shared taxonomy.

    Uses ``ParentalManyToManyField`` so revisions, previews and moderation keep the
    classification (https://docs.wagtail.org/en/stable/reference/pages/model_recipes.html).
    """

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True, db_index=True)
    targets = ParentalManyToManyField(
        Target, blank=True, related_name=_m2m_name("pages"), verbose_name=_("KMGBF targets")
    )
    countries = ParentalManyToManyField(
        Country, blank=True, related_name=_m2m_name("pages"), verbose_name=_("countries")
    )
    thematic_areas = ParentalManyToManyField(
        ThematicArea, blank=True, related_name=_m2m_name("pages"), verbose_name=_("thematic areas")
    )

    # A copy or a translation is a new record with its own identity: its own uuid and, on the
    # pages exchanged with the CBD clearing-house (``chm.cbd_pages.CBDRecordFields``), no CBD
    # identifier or kept CBD fields of the record it was copied from.
    exclude_fields_in_copy = ["uuid", "cbd_identifier", "cbd_extra"]

    class Meta:
        abstract = True

    @property
    def record_language(self):
        return self.locale.language_code if getattr(self, "locale_id", None) else "en"

    def get_context(self, request, *args, **kwargs):
        # The page's JSON-LD, its classification list and its links to the framework each
        # read the targets, countries, thematic areas (and tags): fetched once for all of
        # them. Not in a preview, whose draft keeps its classification in memory.
        if self.pk and not getattr(request, "is_preview", False):
            lookups = [
                models.Prefetch("countries", Country.objects.select_related("region", "subregion")),
                "targets",
                "thematic_areas",
            ]
            if hasattr(self, "tags"):
                lookups.append("tags")
            models.prefetch_related_objects([self], *lookups)
        return super().get_context(request, *args, **kwargs)


class ClassifiedModel(ClassificationMixin, models.Model):
    """Abstract base for non-page records (requests, offers, profiles...)."""

    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True, db_index=True)
    targets = models.ManyToManyField(
        Target, blank=True, related_name=_m2m_name("records"), verbose_name=_("KMGBF targets")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name=_m2m_name("records"), verbose_name=_("countries")
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea,
        blank=True,
        related_name=_m2m_name("records"),
        verbose_name=_("thematic areas"),
    )
    language = models.ForeignKey(
        Language,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=_m2m_name("records"),
        verbose_name=_("language"),
    )

    class Meta:
        abstract = True

    @property
    def record_language(self):
        return self.language.code if self.language_id else None


class LocalContextsLabel(Term):
    """A Local Contexts Traditional Knowledge (TK) or Biocultural (BC) label.

    Communities apply these labels to say how knowledge about them may be used
    (https://localcontexts.org/labels/traditional-knowledge-labels/). The set and its short
    descriptions come from Local Contexts (``taxonomy/local_contexts_labels.py``); the
    identifier (``tk-attribution``) is the slug of the label's page on localcontexts.org.
    """

    class Kind(models.TextChoices):
        TK = "tk", _("Traditional Knowledge label")
        BC = "bc", _("Biocultural label")

    identifier = models.SlugField(_("identifier"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("Local Contexts page"), blank=True)

    label_field = "name"
    text_field = "description"
    english_source = "Local Contexts"

    panels = [
        FieldPanel("identifier"),
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldPanel("translations"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("kind")]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Local Contexts label")
        verbose_name_plural = _("Local Contexts labels")

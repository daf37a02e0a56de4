"""CBD clearing-house documents as this portal's pages (organization, resource, event) and back.

The building blocks the page importers of ``community.partners.cbd``, ``chm.cbd`` and
``events.cbd`` share, on top of ``chm.cbd_reader``:

- ``CBDRecordFields``: the fields a page keeps for exchange: ``cbd_identifier`` (the identifier
  at the CBD; a record written here exports under its uuid), ``translations`` and ``cbd_extra``.
- **Every language of an lstring is kept in ``translations``** (``{"fr": {"title": "…"}}``), the
  record's own language in its columns, as ``reporting`` does. Why not Wagtail locale
  translations of the page: a translated page needs the whole translated tree (every index page
  in every locale) and its text belongs to wagtail-localize's segments, which an editor's
  translation run would overwrite with the page's source text; a harvested record is read-only
  here, so its translations come from its source, whole, and go back unchanged.
- **Nothing is dropped**: the fields the portal does not model go to ``cbd_extra["fields"]``
  as they came and leave unchanged; a field the portal models only in part (several e-mails, a
  month of publication, the full thesaurus term) keeps its document value in
  ``cbd_extra["kept"]``, which leaves again as long as the column still says the same thing.
- Terms: GBF targets by ``GBF-TARGET-NN``, countries by ISO code, CBD subjects
  (``CBD-SUBJECT-*``) onto thematic areas where one maps; other thesaurus domains this portal
  does not hold (organization and resource types, regions) must at least be term identifiers.
- ``save_page``: creates a page live under its type's index page on the default site, or
  publishes a new revision of the page harvested before, with its classification.
"""

import re
from datetime import UTC

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from chm.cbd_reader import (
    OTHER_TERM,
    UN_LANGUAGES,
    CBDReader,
    document_languages,
    header_of,
    lstring_of,
)
from taxonomy.models import Country, Target, ThematicArea

TERM_ID = re.compile(r"^[0-9A-Fa-f]{8}-?([0-9A-Fa-f]{4}-?){3}[0-9A-Fa-f]{12}$")
GBF_TARGET = re.compile(r"^GBF-TARGET-(\d{2})$")
CBD_SUBJECT = re.compile(r"^CBD-SUBJECT-[A-Z][A-Z-]*$")
# CBD subjects (thesaurus CBD-SUBJECTS) that have a thematic area here; the others are kept.
SUBJECT_AREAS = {
    "CBD-SUBJECT-AGR": "agriculture-fisheries-forestry",
    "CBD-SUBJECT-FOR": "agriculture-fisheries-forestry",
    "CBD-SUBJECT-WTR": "inland-waters",
    "CBD-SUBJECT-CPB-HTPI": "biosafety",
}
AREA_SUBJECTS = {}
for _subject, _slug in SUBJECT_AREAS.items():
    AREA_SUBJECTS.setdefault(_slug, _subject)


class CBDRecordFields(models.Model):
    """What a page keeps to be exchanged with the CBD clearing-house (see the module)."""

    cbd_identifier = models.CharField(
        _("CBD identifier"), max_length=128, blank=True, db_index=True, editable=False
    )
    translations = models.JSONField(default=dict, blank=True, editable=False)
    cbd_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class PageReader(CBDReader):
    """``CBDReader`` with the building blocks of the CHM reference schemas."""

    def __init__(self, document):
        super().__init__(document)
        self.kept = {}
        self.many = {}

    def strings(self, prop, required=False):
        values = self.value(prop, list, required) or []
        if any(not isinstance(v, str) for v in values):
            self.error("Error.InvalidType", prop, "Expected a list of text.")
            return []
        return [v.strip() for v in values if v.strip()]

    def links(self, prop, required=False):
        found = []
        for index, link in enumerate(self.value(prop, list, required) or []):
            url = link.get("url") if isinstance(link, dict) else None
            if not isinstance(url, str) or not url.strip():
                self.error("Error.InvalidType", f"{prop}[{index}]", "Expected {url, name}.")
                continue
            language = link.get("language")
            if language and language not in UN_LANGUAGES:
                self.error("Error.UnspecifiedLocale", f"{prop}[{index}]", "Unknown language.")
            found.append(link)
        return found

    def when(self, prop, required=False):
        """An ISO datetime (a date alone is midnight UTC)."""
        value = self.value(prop, str, required)
        if value is None:
            return None
        parsed = parse_datetime(value) if "T" in value or " " in value else None
        if parsed is None and len(value) == 10:
            parsed = parse_datetime(value + "T00:00:00Z")
        if parsed is None:
            self.error("Error.InvalidValue", prop, "Expected a date and time (ISO 8601).")
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def month(self, prop, required=False):
        """A ``YYYY-MM`` (or ``YYYY-MM-DD``, or ``YYYY``) date as its year."""
        value = self.value(prop, str, required)
        if value is None:
            return None
        match = re.match(r"^(\d{4})(-(0[1-9]|1[0-2]))?(-\d{2})?$", value)
        if match is None or not 1900 <= int(match.group(1)) <= 2100:
            self.error("Error.InvalidValue", prop, "Expected a month as YYYY-MM.")
            return None
        return int(match.group(1))

    def country_term(self, prop, required=False):
        value = self.value(prop, dict, required)
        if value is None:
            return None
        code = str(value.get("identifier") or "").upper()
        country = Country.objects.filter(code=code).first() if len(code) == 2 else None
        if country is None:
            self.error("Error.UnexpectedTerm", prop, f"Unknown country {code.lower()!r}.")
        return country

    def targets(self, prop):
        numbers = {}
        for identifier in self.identifiers(prop):
            match = GBF_TARGET.match(identifier)
            if match is None or not 1 <= int(match.group(1)) <= 23:
                self.error("Error.UnexpectedTerm", prop, f"Unknown GBF target {identifier!r}.")
                continue
            numbers[int(match.group(1))] = identifier
        return list(Target.objects.filter(number__in=numbers))

    def subjects(self, prop, required=False):
        """CBD subjects as thematic areas; every subject identifier is kept to go back out."""
        if required and not self.document.get(prop):
            self.error("Error.Mandatory", prop, "This field is required.")
        subjects = []
        for identifier in self.identifiers(prop):
            if not CBD_SUBJECT.match(identifier):
                self.error("Error.UnexpectedTerm", prop, f"Unknown CBD subject {identifier!r}.")
                continue
            subjects.append(identifier)
        self.keep(prop, subjects)
        slugs = {SUBJECT_AREAS[s] for s in subjects if s in SUBJECT_AREAS}
        return list(ThematicArea.objects.filter(slug__in=slugs))

    def term(self, prop, required=False):
        """A term of a thesaurus domain this portal does not hold: an identifier, kept whole."""
        value = self.value(prop, dict, required)
        if value is None:
            return None
        identifier = value.get("identifier")
        if not isinstance(identifier, str) or not TERM_ID.match(identifier):
            self.error("Error.UnexpectedTerm", prop, f"Unknown term {identifier!r}.")
            return None
        custom = value.get("customValue")
        if custom is not None and not isinstance(custom, dict):
            self.error("Error.InvalidType", f"{prop}.customValue", "Expected an lstring.")
        self.keep(prop, value)
        return value

    def references(self, prop, context, model=None, required=False):
        """``{identifier}`` references resolved to local records (None where absent: the
        reference is kept and resolves on a later save)."""
        values = self.value(prop, list, required) or []
        found = []
        for index, item in enumerate(values):
            identifier = item.get("identifier") if isinstance(item, dict) else None
            if not isinstance(identifier, str) or not identifier:
                self.error("Error.InvalidType", f"{prop}[{index}]", "Expected {identifier}.")
                continue
            found.append(context.resolve(identifier, model) if context else None)
        return found

    def keep(self, prop, value):
        if value not in (None, "", [], {}):
            self.kept[prop] = value

    def finish_page(self, page, modelled):
        """Store translations and what is not modelled on the page; raise if anything was
        wrong."""
        page.translations = self.translations
        fields = {
            key: value
            for key, value in self.document.items()
            if key not in modelled and key != "header"
        }
        page.cbd_extra = {"language": self.own, "fields": fields, "kept": self.kept}
        identifier = self.header.get("identifier")
        if not isinstance(identifier, str) or not identifier.strip():
            self.error("Error.Mandatory", "header.identifier", "This field is required.")
        else:
            page.cbd_identifier = identifier[:128]
        if self.errors:
            from exchange.harvesting import RecordRejected

            raise RecordRejected(
                "; ".join(f"{e['code']} {e['property']}: {e['message']}" for e in self.errors),
                self.errors,
            )
        return page


# --- saving --------------------------------------------------------------------------------


def index_page(index_model):
    """The type's index page on the default site (the first one in the tree)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    pages = index_model.objects.all()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages.order_by("path").first()


def save_page(page, existing, index_model, many):
    """Create ``page`` live under the index page, or copy its fields onto ``existing`` and
    publish; ``many``: classification field name → values."""
    from exchange.harvesting import RecordRejected

    if existing is not None:
        target = existing.specific
        for field in page._meta.concrete_fields:
            if field.name in ("id", "page_ptr", "path", "depth", "numchild", "url_path", "uuid"):
                continue
            if field.model is type(page) or field.name in (
                "title",
                "seo_title",
                "search_description",
            ):
                setattr(target, field.attname, getattr(page, field.attname))
        target.slug = existing.slug
    else:
        parent = index_page(index_model)
        if parent is None:
            raise RecordRejected(
                f"There is no {index_model._meta.verbose_name} on the default site to hold it."
            )
        target = page
        target.slug = unique_slug(parent, page.title)
        target.live = True
        parent.add_child(instance=target)
    for name, values in many.items():
        getattr(target, name).set(values)
    target.full_clean()
    target.save_revision(clean=False).publish()
    target.refresh_from_db()
    return target


def unique_slug(parent, title):
    from django.utils.text import slugify

    base = (slugify(title, allow_unicode=True) or "record")[:60].strip("-") or "record"
    slug, n = base, 1
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- out -----------------------------------------------------------------------------------


def own_language(record):
    return (record.cbd_extra or {}).get("language") or getattr(record, "record_language", "en")


def languages(record):
    return document_languages(own_language(record), record.translations)


def lstring(record, name, value=None, rich=False):
    """A column and its translations as a CBD lstring (None when empty)."""
    return lstring_of(record, name, own_language(record), value, rich)


def header(record, schema):
    return header_of(record, schema, languages(record))


def kept(record, prop, default, still=lambda value: True):
    """What the document said for ``prop`` if the column still says it, else ``default``."""
    value = ((record.cbd_extra or {}).get("kept") or {}).get(prop)
    if value not in (None, "", [], {}) and still(value):
        return value
    return default


def reference_to(record):
    """A ``{identifier}`` reference to a local record (its CBD identifier, else its uuid)."""
    from exchange.models import provenance_of

    provenance = provenance_of(record)
    if provenance is not None and provenance.schema in ("organization", "contact"):
        identifier = provenance.original_id
        if provenance.original_revision:
            identifier += "@" + provenance.original_revision
        return {"identifier": identifier}
    return {"identifier": getattr(record, "cbd_identifier", "") or str(record.uuid).upper()}


def target_terms(record):
    return [{"identifier": f"GBF-TARGET-{t.number:02d}"} for t in record.targets.order_by("number")]


def subject_terms(record, prop):
    """Thematic areas as CBD subjects: the subjects the document had, if they still say the
    same, else the subjects of the areas that have one."""
    slugs = {a.slug for a in record.thematic_areas.all()}

    def same(subjects):
        return {SUBJECT_AREAS[s] for s in subjects if s in SUBJECT_AREAS} == slugs & set(
            AREA_SUBJECTS
        )

    subjects = kept(record, prop, None, same)
    if subjects is None:
        subjects = sorted(AREA_SUBJECTS[s] for s in slugs if s in AREA_SUBJECTS)
    return [{"identifier": s} for s in subjects]


def choice_term(record, prop, name, by_prefix, full):
    """A choice as a thesaurus term: the one it came with if it maps to the same choice, a
    known one, or "other" with the choice's English label (``by_prefix``: first block of a
    term identifier → choice; ``full``: choice → full identifier)."""
    from django.utils import translation

    value = getattr(record, name)
    term = kept(record, prop, None)
    if term and by_prefix.get(str(term.get("identifier", ""))[:8].upper()) == value:
        return term
    if value in full:
        return {"identifier": full[value]}
    with translation.override("en"):
        label = str(dict(record._meta.get_field(name).choices).get(value, value))
    return {"identifier": OTHER_TERM, "customValue": {"en": label}}


def term_choice(record_class, name, term, by_prefix, default):
    """The choice a term maps to: by its identifier, or for "other" by its English label."""
    from django.utils import translation

    if not term:
        return default
    identifier = str(term.get("identifier", "")).upper()
    if identifier[:8] in by_prefix:
        return by_prefix[identifier[:8]]
    custom = term.get("customValue") if isinstance(term.get("customValue"), dict) else {}
    with translation.override("en"):
        labels = {str(label): value for value, label in record_class._meta.get_field(name).choices}
    return labels.get(custom.get("en"), default)

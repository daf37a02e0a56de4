"""Importing another instance of this portal's records (its API shape) as local pages.

The API gives every record in the registry's one shape (``exchange.serializers``: ``to_dict``
plus ``body`` and ``provenance``). ``PortalPageImporter`` is what every portal importer of a
page type shares (``chm/harvesters.py``, ``events/harvesters.py``,
``community/partners/harvesters.py`` subclass it); a subclass names its model, its index page
and maps its own ``extra_fields`` in ``fill``:

- the page is created live under its type's index page on the default site (in the record's
  language when that index has a translation), with a new local uuid; the source's uuid is the
  provenance's original identifier;
- ``PortalDocument`` reads the item: a required field missing or of the wrong type raises
  ``RecordRejected`` naming the field;
- taxonomy by identifiers (targets ``GBF-TARGET-07``, countries ISO2, thematic areas by slug);
  an unknown term is ignored and noted in the run's report, never fatal;
- text is sanitized: the Markdown ``body`` becomes a paragraph of the page's StreamField through
  ``render_markdown`` (nh3's allow-list); Markdown fields keep Markdown, sanitized when shown.
"""

import datetime

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from wagtail.models import Locale, Site
from wagtail.rich_text import RichText

from exchange.harvesting import PORTAL, Importer, RecordRejected
from taxonomy.models import Country, Language, Region, Target, ThematicArea

from . import local_contexts
from .local_contexts import CommunityConsentFields
from .markdown import render_markdown


class PortalDocument:
    """Typed reads of one API item; each problem raises ``RecordRejected`` naming its field."""

    def __init__(self, document):
        if not isinstance(document, dict):
            raise RecordRejected("The record is not a JSON object.")
        self.document = document

    def _get(self, name, kinds, required, label):
        value = self.document.get(name)
        if value in (None, "") or (value == [] and required):
            if required:
                raise RecordRejected(f"{name}: this field is required.")
            return None
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
            raise RecordRejected(f"{name}: expected {label}.")
        return value

    def text(self, name, required=False, limit=None):
        value = self._get(name, (str,), required, "text")
        value = (value or "").strip()
        if required and not value:
            raise RecordRejected(f"{name}: this field is required.")
        if limit is not None and len(value) > limit:
            raise RecordRejected(f"{name}: longer than {limit} characters.")
        return value

    def flag(self, name):
        return bool(self._get(name, (bool,), False, "true or false"))

    def integer(self, name, required=False):
        return self._get(name, (int,), required, "a whole number")

    def strings(self, name):
        values = self._get(name, (list,), False, "a list") or []
        if not all(isinstance(value, str) for value in values):
            raise RecordRejected(f"{name}: expected a list of text values.")
        return values

    def date(self, name, required=False):
        value = self.text(name, required)
        if not value:
            return None
        parsed = parse_datetime(value) if "T" in value else None
        day = parsed.date() if parsed else _parse(parse_date, value)
        if day is None:
            raise RecordRejected(f"{name}: expected a date (YYYY-MM-DD), got {value[:40]!r}.")
        return day

    def datetime(self, name, required=False):
        value = self.text(name, required)
        if not value:
            return None
        parsed = _parse(parse_datetime, value)
        if parsed is None:
            day = _parse(parse_date, value)
            if day is None:
                raise RecordRejected(f"{name}: expected a date and time, got {value[:40]!r}.")
            parsed = datetime.datetime.combine(day, datetime.time())
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed

    def choice(self, name, choices, required=False, default=None):
        value = self.text(name, required)
        if not value:
            return default
        if value not in {str(key) for key, _label in choices}:
            raise RecordRejected(f"{name}: {value[:40]!r} is not one of the known values.")
        return value

    def amount(self, name):
        """A non-negative amount (a JSON number), or None."""
        value = self._get(name, (int, float), False, "a number")
        if value is not None and value < 0:
            raise RecordRejected(f"{name}: expected a positive amount.")
        return value

    def url(self, name, limit=500):
        value = self.text(name)
        if value and (not value.startswith(("http://", "https://")) or len(value) > limit):
            raise RecordRejected(f"{name}: expected an http(s) address.")
        return value


def _parse(parser, value):
    try:
        return parser(value)
    except ValueError:
        return None


def markdown_body(markdown):
    """A StreamField value holding Markdown as one sanitized rich-text paragraph."""
    html = render_markdown(markdown or "")
    return [("paragraph", RichText(html))] if html else []


class PortalImporter(Importer):
    """Base of every importer of another portal's records: reading its taxonomy identifiers.
    Pages subclass ``PortalPageImporter``; plain models (cooperation's requests and offers)
    this."""

    kind = PORTAL

    # --- taxonomy -------------------------------------------------------------------------

    def terms(self, model, doc, name, field, context):
        """Terms of ``model`` whose ``field`` is one of ``doc[name]``; unknown ones noted."""
        wanted = list(dict.fromkeys(doc.strings(name)))
        found = list(model.objects.filter(**{f"{field}__in": wanted}))
        known = {str(getattr(term, field)) for term in found}
        unknown = [value for value in wanted if value not in known]
        if unknown:
            context.note(f"{name}: unknown terms ignored: {', '.join(unknown)[:300]}")
        return found

    def term(self, model, doc, name, field, context):
        """The term of ``model`` whose ``field`` is ``doc[name]`` (one value), or None (noted
        when unknown)."""
        value = doc.text(name)
        if not value:
            return None
        term = model.objects.filter(**{field: value}).first()
        if term is None:
            context.note(f"{name}: unknown term {value[:40]!r} ignored")
        return term

    def classify(self, record, doc, context):
        """The shared classification (a page before it is saved, a model after)."""
        record.targets.set(self.terms(Target, doc, "targets", "identifier", context))
        record.countries.set(self.terms(Country, doc, "countries", "code", context))
        record.thematic_areas.set(self.terms(ThematicArea, doc, "thematic_areas", "slug", context))

    def region_terms(self, doc, name, context):
        return self.terms(Region, doc, name, "identifier", context)

    def language_term(self, doc, name, context):
        return self.term(Language, doc, name, "code", context)


class PortalPageImporter(PortalImporter):
    """Base of the importers of another portal's pages; subclasses set ``schema``, ``model``,
    ``index_model`` and map their own fields in ``fill``."""

    index_model = None
    summary_field = None  # the page's field that holds the item's summary
    summary_limit = None
    body_field = "body"  # a StreamField; or a Markdown text field (``markdown_body_field``)
    markdown_body_field = None

    def fill(self, page, doc, context):
        """Set the type's own fields from ``doc`` (a ``PortalDocument``)."""

    def parent_for(self, language):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        indexes = self.index_model.objects.all()
        if site is not None:
            indexes = indexes.descendant_of(site.root_page, inclusive=True)
        index = indexes.order_by("path").first()
        index = index or self.index_model.objects.order_by("path").first()
        if index is None:
            raise RecordRejected(
                f"There is no {self.index_model._meta.verbose_name} to publish it under."
            )
        locale = Locale.objects.filter(language_code=language).first() if language else None
        if locale is not None and locale.pk != index.locale_id:
            return index.get_translation_or_none(locale) or index
        return index

    def save(self, document, record, context):
        doc = PortalDocument(document)
        title = doc.text("title", required=True, limit=255)
        language = doc.text("language")
        page = record.specific if record is not None else self.model()
        page.title = title
        page.seo_title = ""
        if self.summary_field:
            setattr(page, self.summary_field, doc.text("summary", limit=self.summary_limit))
        body = doc.text("body")
        if self.markdown_body_field:
            setattr(page, self.markdown_body_field, body)
        elif self.body_field:
            setattr(page, self.body_field, markdown_body(body))
        self.fill(page, doc, context)
        self.classify(page, doc, context)
        if record is None:
            parent = self.parent_for(language)
            page.locale = parent.locale
            page.slug = self.free_slug(parent, title, doc.text("uuid"))
            parent.add_child(instance=page)
        else:
            page.save()
        if isinstance(page, CommunityConsentFields):
            # Consent travels with the record: its labels and its community's access rule.
            for problem in local_contexts.apply(page, document.get("local_contexts")):
                context.note(problem)
        page.save_revision(log_action=False).publish(log_action=False)
        return page

    @staticmethod
    def free_slug(parent, title, uid):
        base = (slugify(title) or "record")[:60].strip("-") or "record"
        slug = base
        if parent.get_children().filter(slug=slug).exists():
            slug = f"{base}-{uid[:8]}" if uid else base
        number = 2
        candidate = slug
        while parent.get_children().filter(slug=candidate).exists():
            candidate = f"{slug}-{number}"
            number += 1
        return candidate

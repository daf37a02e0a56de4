"""Reading and writing documents in the CBD clearing-house's shapes (``../shared/cbd-formats/``).

The building blocks every CBD schema shares, for the apps that map their records onto one
(``reporting.cbd``: nbsap and nationalTarget7; each app's ``harvesters.py``: the others):

- ``CBDReader`` reads one document and collects every problem, with the CBD validation codes
  (``Error.Mandatory``, ``Error.InvalidType``, ``Error.InvalidValue``,
  ``Error.UnexpectedTerm``, ``Error.UnspecifiedLocale``), instead of stopping at the first;
  ``finish`` raises ``CBDFormatError`` listing them all.
- lstrings: the record's own language goes to its columns and every other language is kept in
  ``translations`` (``{"fr": {"title": "…"}}``); rich text (HTML) is sanitized to Markdown.
- References are ``"<uid>@<revision>"``: ``split_reference``.

It lives in ``chm`` (the site shell every domain app builds on) because it reads the taxonomy
and the Markdown sanitizer; ``exchange`` (below it) only knows the harvest pipeline.
"""

from django.conf import settings
from django.utils.dateparse import parse_date

from chm.markdown import html_to_markdown, render_markdown
from taxonomy.models import Country, Language

OTHER_TERM = "5B6177DD-5E5E-434E-8CB7-D63D67D5EBED"
UN_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")


class CBDFormatError(ValueError):
    """A document that cannot become a record: ``errors`` is a list of
    ``{"code": "Error.Mandatory", "property": "title", "message": "…"}``."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{e['property']}: {e['message']}" for e in errors))


class CBDReader:
    """Reads one document, collecting every problem instead of stopping at the first."""

    def __init__(self, document):
        self.document = document if isinstance(document, dict) else {}
        self.errors = []
        if not isinstance(document, dict):
            self.error("Error.InvalidType", "", "A CBD document is a JSON object.")
        header = self.document.get("header")
        self.header = header if isinstance(header, dict) else {}
        languages = self.header.get("languages")
        self.languages = [
            code for code in (languages if isinstance(languages, list) else []) if code
        ]
        self.own = "en" if "en" in self.languages or not self.languages else self.languages[0]
        self.translations = {}

    def error(self, code, prop, message):
        self.errors.append({"code": code, "property": prop, "message": message})

    def value(self, prop, kind, required=False):
        value = self.document.get(prop)
        if value in (None, "", [], {}):
            if required:
                self.error("Error.Mandatory", prop, "This field is required.")
            return None
        if not isinstance(value, kind):
            self.error("Error.InvalidType", prop, f"Expected {_kind_name(kind)}.")
            return None
        return value

    def text(self, prop, name, required=False, rich=False, limit=None):
        """An lstring: the record's own language for the column, the others kept aside."""
        value = self.value(prop, dict, required)
        if value is None:
            return ""
        found = {}
        for language, text in value.items():
            if not isinstance(text, str):
                self.error("Error.InvalidType", f"{prop}.{language}", "Expected text.")
                continue
            if language not in UN_LANGUAGES:
                self.error("Error.UnspecifiedLocale", f"{prop}.{language}", "Unknown language.")
                continue
            text = html_to_markdown(text) if rich else text.strip()
            if text:
                found[language] = text
        own = self.own if self.own in found else next(iter(found), None)
        if own is None:
            if required:
                self.error("Error.Mandatory", prop, "No text in any language.")
            return ""
        if own != self.own:
            # The document's main language has no text here: the record keeps it under its
            # own language anyway, so nothing is dropped.
            found.setdefault(self.own, found[own])
        for language, text in found.items():
            if language != self.own:
                self.translations.setdefault(language, {})[name] = text
        text = found[self.own]
        if limit and len(text) > limit:
            self.error("Error.InvalidValue", prop, f"Longer than {limit} characters.")
        return text

    def date(self, prop, required=False):
        value = self.value(prop, str, required)
        if value is None:
            return None
        parsed = parse_date(value[:10]) if len(value) >= 10 else None
        if parsed is None:
            self.error("Error.InvalidValue", prop, "Expected a date as YYYY-MM-DD.")
        return parsed

    def choice(self, prop, by_prefix, required=False):
        """A thesaurus term matched to a model choice by the first block of its identifier
        (``by_prefix``: ``{"7437F880": Jurisdiction.NATIONAL}``)."""
        value = self.value(prop, dict, required)
        if value is None:
            return ""
        identifier = value.get("identifier")
        choice = by_prefix.get(str(identifier or "")[:8].upper())
        if choice is None:
            self.error("Error.UnexpectedTerm", prop, f"Unknown term {identifier!r}.")
            return ""
        return choice

    def country(self):
        value = self.value("government", dict, required=True)
        if value is None:
            return None
        code = str(value.get("identifier") or "").upper()
        country = Country.objects.filter(code=code).first() if len(code) == 2 else None
        if country is None:
            self.error("Error.UnexpectedTerm", "government", f"Unknown country {code!r}.")
        return country

    def identifiers(self, prop):
        """A list of ``{identifier}`` terms as identifier strings."""
        items = self.value(prop, list) or []
        found = []
        for index, item in enumerate(items):
            identifier = item.get("identifier") if isinstance(item, dict) else None
            if not isinstance(identifier, str) or not identifier:
                self.error("Error.InvalidType", f"{prop}[{index}]", "Expected {identifier}.")
                continue
            found.append(identifier)
        return found

    def reference(self, prop, required=False):
        """A ``{identifier}`` reference as ``(uid, revision)``; (None, None) when absent."""
        value = self.value(prop, dict, required)
        identifier = value.get("identifier") if value else None
        if value is not None and (not isinstance(identifier, str) or not identifier):
            self.error("Error.InvalidType", prop, "Expected {identifier}.")
            return None, None
        return split_reference(identifier) if identifier else (None, None)

    def common(self, record):
        record.country = self.country()
        record.language = Language.objects.filter(code=self.own).first()
        identifier = self.header.get("identifier")
        if not isinstance(identifier, str) or not identifier:
            self.error("Error.Mandatory", "header.identifier", "This field is required.")
        else:
            record.cbd_identifier = identifier

    def finish(self, built, modelled):
        built.record.translations = self.translations
        unmodelled = {
            key: value
            for key, value in self.document.items()
            if key not in modelled and key not in ("header", "government")
        }
        if unmodelled:
            built.record.cbd_extra.setdefault("fields", {}).update(unmodelled)
        if self.errors:
            raise CBDFormatError(self.errors)
        return built


def _kind_name(kind):
    return {dict: "an object", list: "a list", str: "text", bool: "true or false", int: "a number"}[
        kind
    ]


def split_reference(identifier):
    """``"<uid>@<rev>"`` as ``("<uid>", "<rev>")``; without a revision, ``("<uid>", "")``."""
    uid, _sep, revision = str(identifier).partition("@")
    return uid, revision


def absolute(url):
    """A link as the CBD platform stores it: absolute (a path gets this portal's BASE_URL)."""
    if url.startswith("/"):
        return settings.BASE_URL + url
    return url


def drop_empty(document):
    """A CBD document without its empty fields (the platform omits them)."""
    return {key: value for key, value in document.items() if value not in (None, [], {}, "")}


def document_languages(own, translations):
    """A document's ``header.languages``: the record's own language, then its translations'."""
    return [own] + sorted(code for code in (translations or {}) if code != own)


def lstring_of(record, name, own, value=None, rich=False, languages=None):
    """The column ``name`` (or ``value``), in the record's ``own`` language, and its other
    languages (``record.translations``: ``{"fr": {name: …}}``) as a CBD lstring, in the order
    of ``languages`` (default ``document_languages``); Markdown leaves as HTML when ``rich``.
    None when every language is empty."""
    translations = record.translations or {}
    languages = languages or document_languages(own, translations)
    texts = {own: getattr(record, name) if value is None else value}
    for language, fields in translations.items():
        if language != own and isinstance(fields, dict):
            texts[language] = fields.get(name) or ""
    values = {
        language: render_markdown(texts[language]) if rich else texts[language]
        for language in languages
        if texts.get(language)
    }
    return values or None


def header_of(record, schema, languages):
    """A document's header: the CBD identifier it came with, else the record's uuid in the
    CBD's uppercase form."""
    return {
        "identifier": record.cbd_identifier or str(record.uuid).upper(),
        "schema": schema,
        "languages": languages,
    }

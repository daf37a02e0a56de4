"""Translations of taxonomy terms, with each translation's provenance.

A term keeps its English text in its own columns (``title``/``name`` and, for goals, targets,
thematic areas and constituencies, ``text``/``description``) and every other language in one
JSON column, ``translations``, shaped::

    {"fr": {"label": "...", "text": "...", "status": "official", "source": "CBD decision 15/4"},
     "zh-hans": {"label": "...", "status": "draft", "source": ""}}

``status`` is ``official`` (the text of an official source, named in ``source``: a CBD decision,
UN M49...) or ``draft`` (written by someone else, awaiting review; never shown as official).
``edited`` marks an entry an editor has saved, so reloading the shipped data files does not
overwrite the editor's work. Keys are Django's language codes (``zh-hans``, not ``zh``).

Records arriving from other clearing-houses carry CBD "lstrings" (``{"fr": "label"}``); that
older shape is still read (as a draft label) and is upgraded on save. This module holds only
plain functions over dictionaries, so migrations, loaders and forms share them with the models.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The six UN languages, in the order the settings list them; English is each term's own text.
LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
SOURCE_LANGUAGE = "en"
TRANSLATED_LANGUAGES = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)

OFFICIAL = "official"
DRAFT = "draft"
MISSING = "missing"
STATUSES = (OFFICIAL, DRAFT)
STATUS_LABELS = {
    OFFICIAL: _("official"),
    DRAFT: _("draft, awaiting review"),
    MISSING: _("missing"),
}

ENTRY_KEYS = {"label", "text", "status", "source", "edited"}


def language_key(code):
    """The key a language's translation is stored under: ``zh``, ``zh-cn`` and ``zh-hans`` are
    all ``zh-hans``; regional variants of the others (``fr-ca``) use the language's own."""
    code = (code or SOURCE_LANGUAGE).strip().lower().replace("_", "-")
    if code == "zh" or code.startswith("zh-"):
        return "zh-hans"
    return code.split("-")[0]


def direction(code):
    """ "rtl" for a right-to-left language, "ltr" otherwise."""
    try:
        return "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def active_language():
    return language_key(translation.get_language())


def entry(translations, language):
    """One language's entry in the current shape, or None; tolerates the legacy lstring shape
    and junk (a term must render whatever an import left in the column)."""
    if not isinstance(translations, dict):
        return None
    key = language_key(language)
    value = translations.get(key)
    if value is None and key == "zh-hans":
        value = translations.get("zh")
    if isinstance(value, str):
        return {"label": value, "status": DRAFT, "source": ""} if value.strip() else None
    if not isinstance(value, dict):
        return None
    label = value.get("label")
    text = value.get("text")
    label = label if isinstance(label, str) and label.strip() else ""
    text = text if isinstance(text, str) and text.strip() else ""
    if not (label or text):
        return None
    status = value.get("status")
    source = value.get("source")
    return {
        "label": label,
        "text": text,
        "status": status if status in STATUSES else DRAFT,
        "source": source if isinstance(source, str) else "",
        "edited": bool(value.get("edited")),
    }


def upgrade(translations):
    """The column in the current shape: lstring values become draft labels, ``zh`` becomes
    ``zh-hans``, empty entries go. Used by the migration and on every save."""
    if not isinstance(translations, dict):
        return {}
    upgraded = {}
    # Legacy keys ("zh") first, so that a current key ("zh-hans") wins when both are present.
    keys = sorted(
        (k for k in translations if isinstance(k, str)), key=lambda k: k == language_key(k)
    )
    for key in keys:
        code = language_key(key)
        value = entry({code: translations[key]}, code)
        if value is not None:
            upgraded[code] = {k: v for k, v in value.items() if v or k == "status"}
    return upgraded


def merge_loaded(existing, incoming):
    """Merge translations shipped in the data files into a term's column.

    A shipped entry fills a missing language and replaces a shipped draft (so corrected drafts
    reach every site), and an official text replaces any draft. It never replaces an official
    text nor anything an editor has saved (``edited``): editors' reviews survive reloading.
    """
    merged = upgrade(existing)
    for code, value in upgrade(incoming).items():
        current = merged.get(code)
        if current is None:
            merged[code] = value
        elif current.get("status") == OFFICIAL:
            continue
        elif value.get("status") == OFFICIAL or not current.get("edited"):
            merged[code] = value
    return merged


@dataclass(frozen=True)
class Provenance:
    """Where one language's text of a term comes from."""

    language: str
    status: str  # "official", "draft" or "missing"
    source: str = ""

    @property
    def is_official(self):
        return self.status == OFFICIAL

    @property
    def is_draft(self):
        return self.status == DRAFT

    @property
    def is_missing(self):
        return self.status == MISSING

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    def __str__(self):
        return self.status


def validation_errors(translations, *, has_text, label_max_length=None):
    """Messages saying what is wrong with a translations column an editor or an import
    submitted (an empty list when it is valid). Accepts the legacy lstring shape."""
    if not isinstance(translations, dict):
        return [_('Translations must be an object keyed by language code, e.g. {"fr": {...}}.')]
    errors = []
    for key, value in translations.items():
        if key not in TRANSLATED_LANGUAGES and key != "zh":
            errors.append(
                _("Unknown language code “%(code)s”: use one of %(codes)s.")
                % {"code": key, "codes": ", ".join(TRANSLATED_LANGUAGES)}
            )
            continue
        if isinstance(value, str):
            if label_max_length and len(value) > label_max_length:
                errors.append(_("The %(code)s label is too long.") % {"code": key})
            continue
        if not isinstance(value, dict):
            errors.append(
                _("The %(code)s translation must be a text or an object.") % {"code": key}
            )
            continue
        unknown = set(value) - ENTRY_KEYS
        if unknown:
            errors.append(
                _("Unknown key(s) in the %(code)s translation: %(keys)s.")
                % {"code": key, "keys": ", ".join(sorted(map(str, unknown)))}
            )
        for name in ("label", "text", "source"):
            if name in value and not isinstance(value[name], str):
                errors.append(
                    _("The %(code)s %(name)s must be text.") % {"code": key, "name": name}
                )
        if value.get("text") and not has_text:
            errors.append(_("This kind of term has no full text to translate."))
        label = value.get("label")
        if isinstance(label, str) and label_max_length and len(label) > label_max_length:
            errors.append(
                _("The %(code)s label is longer than %(max)d characters.")
                % {"code": key, "max": label_max_length}
            )
        status = value.get("status", DRAFT)
        if status not in STATUSES:
            errors.append(_("The %(code)s status must be “official” or “draft”.") % {"code": key})
        elif status == OFFICIAL and not str(value.get("source") or "").strip():
            errors.append(
                _("The %(code)s translation is marked official: name its source.") % {"code": key}
            )
    return errors

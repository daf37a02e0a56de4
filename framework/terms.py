"""What the framework pages need from a taxonomy term's translations.

The taxonomy app gives goals and targets their full text in the active language
(``term.localized_text``, English when there is no translation) and each language's provenance
(``term.translation_status(language)``: "official", "draft" or "missing", or an object with a
``status``). Until that is on this branch, these read what exists: the English text.
"""

from django.utils import translation

OFFICIAL, DRAFT, MISSING = "official", "draft", "missing"


def active_language():
    return translation.get_language() or "en"


def localized_text(term):
    """The term's full text in the active language (English when there is none)."""
    text = getattr(term, "localized_text", None)
    return term.text if text is None else text


def text_is_draft(term):
    """Whether the text shown is a translation nobody has reviewed yet."""
    draft = getattr(term, "text_is_draft", None)
    return draft if draft is not None else text_status(term) == DRAFT


def text_status(term, language=None):
    """The provenance of the term's text in ``language`` (the active one): "official",
    "draft" or "missing"."""
    language = language or active_language()
    if language.split("-")[0] == "en":
        return OFFICIAL
    status = getattr(term, "translation_status", None)
    if status is None:
        return MISSING
    value = status(language)
    return str(getattr(value, "status", value) or MISSING)


def text_language(term, language=None):
    """The language the shown text is really written in: English when it fell back."""
    if language is None and getattr(term, "text_language", None):
        return term.text_language  # the taxonomy's own answer, for the text itself
    language = language or active_language()
    return "en" if text_status(term, language) == MISSING else language

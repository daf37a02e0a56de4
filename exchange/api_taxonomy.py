"""The taxonomy's vocabularies as the API serves them: each term's CBD identifier, its label
(and text) in every language it has, and its relations to other terms."""

from taxonomy import translations as i18n
from taxonomy.models import (
    Constituency,
    Country,
    Goal,
    HeadlineIndicator,
    Language,
    Region,
    Target,
    ThematicArea,
)


def _identifiers(terms):
    return [term.code for term in terms]


VOCABULARIES = {
    "goals": (Goal, (), lambda goal: {}),
    "targets": (Target, (), lambda target: {"section": target.section}),
    "indicators": (
        HeadlineIndicator,
        ("goal",),
        lambda indicator: {
            "goal": indicator.goal.identifier if indicator.goal_id else None,
            "targets": _identifiers(indicator.targets.all()),
        },
    ),
    "countries": (
        Country,
        ("region", "subregion"),
        lambda country: {
            "region": country.region.identifier if country.region_id else None,
            "subregion": country.subregion.identifier if country.subregion_id else None,
        },
    ),
    "regions": (
        Region,
        ("parent",),
        lambda region: {
            "level": region.level,
            "parent": region.parent.identifier if region.parent_id else None,
        },
    ),
    "thematic-areas": (ThematicArea, (), lambda area: {}),
    "constituencies": (Constituency, (), lambda constituency: {}),
    "languages": (Language, (), lambda language: {}),
}


def _in_every_language(term, key):
    english = getattr(term, term.label_field if key == "label" else term.text_field or "", "")
    values = {i18n.SOURCE_LANGUAGE: english} if english else {}
    for code in i18n.TRANSLATED_LANGUAGES:
        found = term.translation_entry(code)
        if found and found.get(key):
            values[code] = found[key]
    return values


def term_document(term, relations):
    document = {
        "identifier": term.code,
        "labels": _in_every_language(term, "label"),
        "relations": relations(term),
    }
    if term.text_field:
        document["texts"] = _in_every_language(term, "text")
    return document


def vocabulary_document(name):
    model, related, relations = VOCABULARIES[name]
    terms = model.objects.select_related(*related)
    if model is HeadlineIndicator:
        terms = terms.prefetch_related("targets")
    return {
        "vocabulary": name,
        "terms": [term_document(term, relations) for term in terms],
    }

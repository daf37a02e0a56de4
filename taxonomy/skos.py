"""The taxonomy as linked data: one SKOS concept scheme per vocabulary.

Each term becomes a ``skos:Concept`` at ``<BASE_URL>/taxonomy/<scheme>/<identifier>`` with its
CBD identifier as ``skos:notation`` (``GBF-TARGET-07``, ``A.1``, ISO codes), a
``skos:prefLabel`` in every language it has, its full text or description as
``skos:definition``, ``skos:broader``/``skos:narrower`` where the data relates terms (indicator
→ goal and targets, country → region and subregion, subregion → region) and, for goals and
targets, ``skos:exactMatch`` to the CBD thesaurus term of the same identifier
(``https://api.cbd.int/api/v2013/thesaurus/terms/GBF-TARGET-01``, the identifiers of
``GET /api/v2013/thesaurus/domains/GBF-TARGETS/terms``).

``graph()`` builds plain dictionaries; ``to_turtle`` and ``to_jsonld`` serialise them (Turtle is
written here: it is small, and rdflib stays a test-only dependency).
"""

import json
from urllib.parse import quote

from django.conf import settings
from django.utils import translation

from . import translations as i18n
from .models import (
    Constituency,
    Country,
    Goal,
    HeadlineIndicator,
    Language,
    LocalContextsLabel,
    Region,
    Target,
    ThematicArea,
)

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
CBD_THESAURUS_TERM = "https://api.cbd.int/api/v2013/thesaurus/terms/{}"

# slug -> (model, title of the scheme)
SCHEMES = {
    "goals": (Goal, "Kunming-Montreal Global Biodiversity Framework goals"),
    "targets": (Target, "Kunming-Montreal Global Biodiversity Framework targets"),
    "indicators": (HeadlineIndicator, "KMGBF headline indicators"),
    "thematic-areas": (ThematicArea, "Thematic areas"),
    "constituencies": (Constituency, "Constituencies"),
    "regions": (Region, "UN M49 regions"),
    "countries": (Country, "Countries and territories (ISO 3166-1)"),
    "languages": (Language, "Languages (ISO 639-1)"),
    "local-contexts-labels": (LocalContextsLabel, "Local Contexts TK and BC labels"),
}
SCHEME_OF_MODEL = {model: slug for slug, (model, _title) in SCHEMES.items()}


def bcp47(code):
    """Django's language code as an RDF language tag (``zh-hans`` is ``zh-Hans``)."""
    return "zh-Hans" if code == "zh-hans" else code


def base_url():
    return settings.BASE_URL.rstrip("/")


def scheme_uri(scheme):
    return f"{base_url()}/taxonomy/{scheme}"


def concept_uri(term):
    scheme = SCHEME_OF_MODEL[type(term)]
    return f"{scheme_uri(scheme)}/{quote(str(term.code), safe='')}"


def _labels(term):
    """``{language: label}`` for every language the term has a label in."""
    labels = {i18n.SOURCE_LANGUAGE: str(getattr(term, term.label_field))}
    for language in i18n.TRANSLATED_LANGUAGES:
        if isinstance(term, Country):
            with translation.override(language):
                labels[language] = term.label
            continue
        found = i18n.entry(term.translations, language)
        if found and found["label"]:
            labels[language] = found["label"]
    return labels


def _definitions(term):
    if not term.text_field or not getattr(term, term.text_field):
        return {}
    texts = {i18n.SOURCE_LANGUAGE: getattr(term, term.text_field)}
    for language in i18n.TRANSLATED_LANGUAGES:
        found = i18n.entry(term.translations, language)
        if found and found["text"]:
            texts[language] = found["text"]
    return texts


def _related(term):
    """(broader, narrower) terms, as the data relates them."""
    if isinstance(term, HeadlineIndicator):
        broader = [term.goal] if term.goal_id else []
        return broader + list(term.targets.all()), []
    if isinstance(term, Goal):
        return [], list(term.headline_indicators.all())
    if isinstance(term, Target):
        return [], list(term.headline_indicators.all())
    if isinstance(term, Country):
        return [r for r in (term.region, term.subregion) if r is not None], []
    if isinstance(term, Region):
        broader = [term.parent] if term.parent_id else []
        narrower = list(term.subregions.all()) + list(term.countries.all())
        narrower += list(term.subregion_countries.all())
        return broader, narrower
    return [], []


def _queryset(model):
    prefetch = {
        HeadlineIndicator: (["targets"], ["goal"]),
        Goal: (["headline_indicators"], []),
        Target: (["headline_indicators"], []),
        Country: ([], ["region", "subregion"]),
        Region: (["subregions", "countries", "subregion_countries"], ["parent"]),
    }.get(model, ([], []))
    return model.objects.prefetch_related(*prefetch[0]).select_related(*prefetch[1])


def concept(term, scheme):
    broader, narrower = _related(term)
    broader_uris = [concept_uri(b) for b in broader]
    in_scheme_broader = [b for b in broader if SCHEME_OF_MODEL[type(b)] == scheme]
    exact = []
    if isinstance(term, Goal | Target):
        exact.append(CBD_THESAURUS_TERM.format(term.code))
    return {
        "uri": concept_uri(term),
        "scheme": scheme_uri(scheme),
        "top": not in_scheme_broader,
        "notation": str(term.code),
        "labels": _labels(term),
        "definitions": _definitions(term),
        "broader": broader_uris,
        "narrower": sorted({concept_uri(n) for n in narrower}),
        "exact_match": exact + ([term.url] if getattr(term, "url", "") else []),
    }


def graph(schemes=None):
    """``[{"uri", "title", "concepts": [...]}]`` for the given scheme slugs (all by default)."""
    result = []
    for slug in schemes or SCHEMES:
        model, title = SCHEMES[slug]
        concepts = [concept(term, slug) for term in _queryset(model)]
        result.append({"uri": scheme_uri(slug), "title": title, "concepts": concepts})
    return result


# --- Turtle ---------------------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _literal(text, language=None):
    escaped = "".join(_ESCAPES.get(char, char) for char in str(text))
    return f'"{escaped}"' + (f"@{bcp47(language)}" if language else "")


def _iri(uri):
    # IRIs are built from quoted identifiers; refuse what Turtle's IRIREF cannot hold anyway.
    return "<" + "".join(c if c not in '<>"{}|^`\\ ' else quote(c) for c in uri) + ">"


def to_turtle(schemes):
    lines = [f"@prefix skos: <{SKOS}> .", f"@prefix dcterms: <{DCTERMS}> .", ""]
    for scheme in schemes:
        top = [c["uri"] for c in scheme["concepts"] if c["top"]]
        lines.append(f"{_iri(scheme['uri'])} a skos:ConceptScheme ;")
        lines.append(f"    dcterms:title {_literal(scheme['title'], 'en')}")
        if top:
            lines[-1] += " ;"
            lines.append("    skos:hasTopConcept " + ", ".join(_iri(u) for u in top))
        lines[-1] += " ."
        lines.append("")
        for c in scheme["concepts"]:
            props = [
                ("skos:inScheme", [_iri(c["scheme"])]),
                ("skos:topConceptOf", [_iri(c["scheme"])] if c["top"] else []),
                ("skos:notation", [_literal(c["notation"])]),
                ("skos:prefLabel", [_literal(t, lang) for lang, t in c["labels"].items()]),
                ("skos:definition", [_literal(t, lang) for lang, t in c["definitions"].items()]),
                ("skos:broader", [_iri(u) for u in c["broader"]]),
                ("skos:narrower", [_iri(u) for u in c["narrower"]]),
                ("skos:exactMatch", [_iri(u) for u in c["exact_match"]]),
            ]
            body = [f"    {name} {', '.join(values)}" for name, values in props if values]
            lines.append(f"{_iri(c['uri'])} a skos:Concept ;")
            lines.append(" ;\n".join(body) + " .")
            lines.append("")
    return "\n".join(lines)


# --- JSON-LD --------------------------------------------------------------------------------


def _lang_values(values):
    return [{"@value": text, "@language": bcp47(lang)} for lang, text in values.items()]


def _ids(uris):
    return [{"@id": uri} for uri in uris]


def to_jsonld(schemes):
    nodes = []
    for scheme in schemes:
        nodes.append(
            {
                "@id": scheme["uri"],
                "@type": "skos:ConceptScheme",
                "dcterms:title": {"@value": scheme["title"], "@language": "en"},
                "skos:hasTopConcept": _ids(c["uri"] for c in scheme["concepts"] if c["top"]),
            }
        )
        for c in scheme["concepts"]:
            node = {
                "@id": c["uri"],
                "@type": "skos:Concept",
                "skos:inScheme": {"@id": c["scheme"]},
                "skos:notation": c["notation"],
                "skos:prefLabel": _lang_values(c["labels"]),
                "skos:definition": _lang_values(c["definitions"]),
                "skos:broader": _ids(c["broader"]),
                "skos:narrower": _ids(c["narrower"]),
                "skos:exactMatch": _ids(c["exact_match"]),
            }
            if c["top"]:
                node["skos:topConceptOf"] = {"@id": c["scheme"]}
            nodes.append({key: value for key, value in node.items() if value != []})
    document = {"@context": {"skos": SKOS, "dcterms": DCTERMS}, "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1)

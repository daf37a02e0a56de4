"""The facets every record shares, read from the common record shape (exchange.serializers).

A facet value is stored as a ``"field:value"`` token so one index and one aggregation cover
them all. Labels for display come from the taxonomy and the serializer registry: a facet of
some record types only (``Facet.types``) labels its values from the field of the same name on
those types' models (its choices, or the taxonomy terms it points to), so search never names
the app the values come from.
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class Facet(NamedTuple):
    key: str  # the key in the record shape, and the keyword field in Elasticsearch
    label: str
    single: bool = False  # one value per record (a string), rather than a list
    # The record types whose documents carry this facet (empty: every type). Another type's
    # key of the same name (an event's own "status") is then not a value of it.
    types: tuple = ()


# The one list of facets: the search form, the result page, the database backend's tokens and
# the Elasticsearch mapping, filters and aggregations are all built from it.
FACETS = {
    "type": Facet("type", _("Record type"), single=True),
    "country": Facet("countries", _("Country")),
    "region": Facet("regions", _("Region")),
    "target": Facet("targets", _("KMGBF target")),
    "thematic_area": Facet("thematic_areas", _("Thematic area")),
    "constituency": Facet("constituencies", _("Constituency")),
    "language": Facet("language", _("Language"), single=True),
    "assistance_type": Facet("assistance_types", _("Assistance type"), types=("request", "offer")),
    "status": Facet("status", _("Status"), single=True, types=("request", "offer")),
}


def token(facet, value):
    return f"{facet}:{value}"


def split_token(value):
    facet, _sep, rest = value.partition(":")
    return facet, rest


def tokens_for(document):
    """Facet tokens of a search document (the common shape)."""
    tokens = []
    for facet, definition in FACETS.items():
        if definition.types and document.get("type") not in definition.types:
            continue
        values = document.get(definition.key)
        if values in (None, ""):
            continue
        if isinstance(values, str):
            values = [values]
        tokens.extend(token(facet, value) for value in values if value not in (None, ""))
    return tokens


def values_by_facet(tokens):
    """``["country:KE", "target:X"]`` -> ``{"country": ["KE"], "target": ["X"]}``."""
    grouped = {}
    for item in tokens or ():
        facet, value = split_token(item)
        if facet in FACETS:
            grouped.setdefault(facet, []).append(value)
    return grouped


def value_labels(facet, values, short=False):
    """Display labels for facet values, in the active language; unknown values show as-is.
    ``short``: compact labels for result lists ("Target 3" rather than its whole title)."""
    values = list(values)
    labels = {value: value for value in values}
    if not values:
        return labels
    if facet == "type":
        from exchange.serializers import all_serializers

        for serializer in all_serializers():
            if serializer.record_type in labels:
                labels[serializer.record_type] = str(serializer.label or serializer.record_type)
        return labels
    if facet in _TAXONOMY_FACETS:
        from django.utils.translation import get_language

        from chm import pagecache

        # Every term's label in this language, shared until the next write (the taxonomy
        # changes with its loaders and the admin; each write bumps the generation).
        every = pagecache.remember(
            ("facet_labels", facet, short, get_language()), lambda: _taxonomy_labels(facet, short)
        )
        labels.update((value, every[value]) for value in values if value in every)
    elif facet in FACETS and FACETS[facet].types:
        labels.update(_model_field_labels(FACETS[facet], values))
    return labels


# The taxonomy facets and their term models; a term's facet value is its identifier
# (``Term.code``: a target's identifier, a country's code, a thematic area's slug...).
_TAXONOMY_FACETS = {
    "target": "Target",
    "country": "Country",
    "region": "Region",
    "thematic_area": "ThematicArea",
    "constituency": "Constituency",
    "language": "Language",
}


def _taxonomy_labels(facet, short):
    """``{identifier: label}`` of every term of a taxonomy facet, in the active language."""
    from taxonomy import models as taxonomy

    terms = getattr(taxonomy, _TAXONOMY_FACETS[facet]).objects.all()
    if facet == "target" and short:
        return {t.identifier: _("Target %(number)d") % {"number": t.number} for t in terms}
    if facet == "target":
        return {t.identifier: f"{t.number}. {t.label}" for t in terms}
    return {term.code: term.label for term in terms}


def _model_field_labels(facet, values):
    """Labels of a type-specific facet's values, from the field named like its key on the
    models of its record types: a field's choices ("in_progress" is "In progress"), or the
    taxonomy terms a relation points to (``Term.label``, in the active language)."""
    from django.core.exceptions import FieldDoesNotExist

    from exchange.serializers import all_serializers

    labels = {}
    for serializer in all_serializers():
        if serializer.record_type not in facet.types:
            continue
        try:
            field = serializer.model._meta.get_field(facet.key)
        except FieldDoesNotExist:
            continue
        if field.choices:
            choices = dict(field.flatchoices)
            labels.update({v: str(choices[v]) for v in values if v in choices})
        elif field.is_relation and hasattr(field.related_model, "identifier_field"):
            for term in field.related_model.objects.by_identifiers(values):
                labels[term.code] = term.label
    return labels

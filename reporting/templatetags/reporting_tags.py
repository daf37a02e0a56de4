"""Template tags of the reporting views, and the widget other apps show.

``{% load reporting_tags %}``:

- ``{{ degree|degree_label }}``, ``{{ degree|degree_symbol }}``, ``{{ level|level_label }}``,
  ``{{ level|level_short }}``, ``{{ level|level_symbol }}``: the readable label and the symbol
  of a degree of alignment or a level of progress (colour is never the only cue: every cell
  and badge also has its symbol and text);
- ``{% national_alignment target %}``: on the framework's target page, how many countries
  aligned published national targets with the target, by degree, with links to the map and
  the matrix. Loading the library does not make the framework import this app.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Degree, ProgressLevel

register = template.Library()

DEGREE_SYMBOLS = {"high": "●●●", "medium": "●●○", "low": "●○○"}
LEVEL_SYMBOLS = {
    "exceed": "⇈",
    "on-track": "↑",
    "some": "↗",
    "no-change": "→",
    "away": "↓",
    "unknown": "?",
}
# Short labels for the matrix's cells, where the full ones would not fit.
LEVEL_SHORT = {
    "exceed": _("Exceeding"),
    "on-track": _("On track"),
    "some": _("Insufficient progress"),
    "no-change": _("No change"),
    "away": _("Moving away"),
    "unknown": _("Unknown"),
}
DEGREE_LABELS = dict(Degree.choices)
LEVEL_LABELS = dict(ProgressLevel.choices)


@register.filter
def degree_label(degree):
    return DEGREE_LABELS.get(degree, "")


@register.filter
def degree_symbol(degree):
    return DEGREE_SYMBOLS.get(degree, "")


@register.filter
def level_label(level):
    return LEVEL_LABELS.get(level, "")


@register.filter
def level_short(level):
    return LEVEL_SHORT.get(level, "")


@register.filter
def level_symbol(level):
    return LEVEL_SYMBOLS.get(level, "")


@register.filter
def value_label(value, measure):
    """A map value's label: a degree, or a level for the "progress" measure."""
    return level_label(value) if measure == "progress" else degree_label(value)


@register.filter
def value_symbol(value, measure):
    return level_symbol(value) if measure == "progress" else degree_symbol(value)


@register.simple_tag
def country_url(country):
    return reverse("reporting:country", kwargs={"code": country.code.lower()})


@register.inclusion_tag("reporting/includes/national_alignment.html")
def national_alignment(target):
    from ..profiles import national_alignment as counts_for

    counts = counts_for(target)
    return {
        "target": target,
        "counts": [(degree, counts[degree.value]) for degree in Degree],
        "total": sum(counts.values()),
        "map_url": reverse("reporting:map") + f"?target={target.number}",
        "matrix_url": reverse("reporting:matrix") + f"?section={target.section}",
    }

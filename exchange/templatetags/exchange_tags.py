"""Template tags of the information exchange: where a harvested record comes from."""

from django import template

from ..models import provenance_of

register = template.Library()


@register.inclusion_tag("exchange/provenance.html")
def record_provenance(record):
    """ "Harvested from <source> · original record · revision · fetched <date>" for a harvested
    record (and "first published by …" when the source had harvested it itself); nothing for
    a record written here."""
    return {"provenance": provenance_of(record)}

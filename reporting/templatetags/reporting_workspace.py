"""Links of the focal points' workspace: a record's edit form and its "what changed" page."""

from django import template
from django.urls import reverse

register = template.Library()

# The edit form of each record kind (``url_kind``); data series are edited elsewhere.
EDIT_URL_NAMES = {
    "nbsaps": "reporting:nbsap_edit",
    "targets": "reporting:target_edit",
    "reports": "reporting:report_edit",
    "data": "reporting:series_edit",
}


@register.simple_tag
def edit_url(record):
    """The record's edit form, or "" for a kind without one here."""
    name = EDIT_URL_NAMES.get(record.url_kind)
    return reverse(name, args=[record.uuid]) if name else ""


@register.simple_tag
def history_url(record):
    return reverse("reporting:history", args=[record.url_kind, record.uuid])


@register.simple_tag
def alignments_by_degree(record):
    """``[(degree label, [alignment, …]), …]``: high first, each group by target number."""
    from reporting.models import Degree

    alignments = sorted(record.alignments.all(), key=lambda a: a.target.number)
    return [
        (label, [a for a in alignments if a.degree == value])
        for value, label in Degree.choices
        if any(a.degree == value for a in alignments)
    ]


@register.simple_tag
def evidence_series(item, viewer):
    """The data series a progress row names that ``viewer`` may see, in the report's order."""
    from reporting import permissions
    from reporting.models import DataSeries

    uuids = [str(u) for u in (item.evidence_series or [])]
    if not uuids:
        return []
    found = {
        str(s.uuid): s
        for s in permissions.visible(viewer, DataSeries).filter(
            uuid__in=uuids, country_id=item.report.country_id
        )
    }
    return [found[u] for u in uuids if u in found]

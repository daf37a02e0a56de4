"""Public pages of reporting records.

A record's page shows its published version (the columns) to everyone; whoever may edit it
(``permissions.can_edit``) also sees where its latest version stands. A record nobody may see
is a 404, never a 403, so its existence is not disclosed.
"""

from django.http import Http404
from django.shortcuts import render

from . import permissions
from .models import NBSAP, DataSeries, NationalReport, NationalTarget

RELATED = {
    NBSAP: (("country", "language"), ("languages", "documents")),
    NationalTarget: (
        ("country", "language"),
        ("global_goals", "alignments__target", "headline_indicators", "national_indicators"),
    ),
    DataSeries: (("country", "language", "headline_indicator"), ("points",)),
    NationalReport: (("country", "language"), ("progress__target",)),
}


def _visible_record(request, model, uuid):
    select, prefetch = RELATED[model]
    record = (
        permissions.visible(request.user, model)
        .select_related(*select)
        .prefetch_related(*prefetch)
        .filter(uuid=uuid)
        .first()
    )
    if record is None:
        raise Http404
    return record


def record_detail(request, uuid, model, template):
    record = _visible_record(request, model, uuid)
    context = {
        "record": record,
        "is_public": record.live,
        "can_edit": permissions.can_edit(request.user, record),
    }
    return render(request, template, context)

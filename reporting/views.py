"""Public pages of reporting records.

A record's page shows its published version (the columns) to everyone; whoever may edit it
(``permissions.can_edit``) also sees where its latest version stands. A record nobody may see
is a 404, never a 403, so its existence is not disclosed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chm.http import safe_next

from . import permissions, services
from .history import review_trail
from .models import NBSAP, DataSeries, NationalReport, NationalTarget
from .workflow import ACTIONS, ReviewError

# The record kinds in URLs: /reporting/<kind>/<uuid>/…
KINDS = {
    "nbsaps": NBSAP,
    "targets": NationalTarget,
    "data": DataSeries,
    "reports": NationalReport,
}

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


def available_actions(user, record):
    """The review steps ``user`` may take on ``record`` now, for its buttons."""
    found = []
    for action in ACTIONS.values():
        try:
            services.check(user, record, action.name, comment="-")
        except ReviewError:
            continue
        found.append(action)
    return found


def record_detail(request, uuid, model, template):
    record = _visible_record(request, model, uuid)
    context = {
        "record": record,
        "is_public": record.live,
        "can_edit": permissions.can_edit(request.user, record),
        "actions": available_actions(request.user, record),
        "steps": review_trail(request.user, record),
    }
    return render(request, template, context)


@require_POST
@login_required
def act(request, kind, uuid):
    """Take one review step (POST ``action`` and ``comment``) on a record the user may see;
    success or refusal is a message on the page they return to. A refused step changes
    nothing."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    record = _visible_record(request, model, uuid)
    name = request.POST.get("action", "")
    try:
        record = services.apply(request.user, record, name, request.POST.get("comment", ""))
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{ACTIONS[name].label}: {record.status_label}")
    return redirect(safe_next(request, None) or record.get_absolute_url())

"""Cooperation's pages: listings, records, the member's forms and the one endpoint through
which every lifecycle button acts (``act``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import permissions, services
from .workflow import TransitionError, actions_for

# The record kinds in URLs, with the records each user may open.
KINDS = {
    "requests": permissions.visible_requests,
    "offers": permissions.visible_offers,
    "matches": permissions.visible_matches,
}


def _safe_next(request, default):
    """The form's ``next`` when it is a page of this site, never another site (an open
    redirect)."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


@require_POST
@login_required
def act(request, kind, pk):
    """Take one lifecycle action (POST ``action`` and ``comment``) on a request, offer or
    match the user may see; success or refusal is reported as a message on the page they
    return to. A refused action changes nothing."""
    if kind not in KINDS:
        raise Http404
    record = get_object_or_404(KINDS[kind](request.user), pk=pk)
    name = request.POST.get("action", "")
    action = actions_for(record).get(name)
    try:
        record = services.apply(request.user, record, name, request.POST.get("comment", ""))
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{action.label}: {record.get_status_display()}")
    return redirect(_safe_next(request, record.get_absolute_url()))

"""Cooperation's pages: listings, records, the member's forms and the one endpoint through
which every lifecycle button acts (``act``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.experts.permissions import can_view_expert
from community.members.permissions import shown_member
from community.members.roles import focal_point_countries

from . import mine, permissions, services
from .forms import MatchFeedbackForm, OfferForm, OutcomeForm, SupportRequestForm
from .models import (
    Match,
    MatchFeedback,
    Offer,
    OfferStatus,
    RequestStatus,
    Side,
    SupportRequest,
    Transition,
)
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
    comment = request.POST.get("comment", "")
    try:
        if name == "extend":
            record = services.extend(request.user, record, comment)
            done = _("Listed until %(date)s") % {"date": date_format(record.expires_on)}
        else:
            record = services.apply(request.user, record, name, comment)
            done = f"{actions_for(record)[name].label}: {record.get_status_display()}"
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    # The record's page is reversed only when there is no ``next`` to go back to.
    return redirect(_safe_next(request, None) or record.get_absolute_url())


# -- members: posting and editing requests and offers, matches and feedback, outcomes,
# endorsements and "my cooperation" -----------------------------------------------------------


def _denied(request, message, title=None):
    """A 403 page that says why (the site's 403 page cannot)."""
    return render(
        request,
        "cooperation/member_denied.html",
        {"message": message, "title": title or _("Not allowed")},
        status=403,
    )


def _record_page(record):
    """The record's own page, or "my cooperation" where it has none yet."""
    try:
        return record.get_absolute_url()
    except NoReverseMatch:
        return reverse("cooperation:mine")


class _SubmitRefused(Exception):
    pass


def _save_record(request, form, submit):
    """Save the form (fields, relations, attachments) and, for "Submit for review", submit the
    record: one transaction, so a refused submission saves nothing either."""
    created = form.instance.pk is None
    try:
        with transaction.atomic():
            record = form.save(commit=False)
            if record.owner_id is None:
                record.owner = request.user
            record.save()
            form.save_m2m()
            form.save_attachments(record)
            if submit:
                record = services.apply(request.user, record, "submit")
    except TransitionError as error:
        if created:
            form.instance.pk = None
            form.instance._state.adding = True
        raise _SubmitRefused(str(error)) from error
    return record


def _record_form_view(request, form_class, instance, template, *, may_submit):
    if not permissions.can_post(request.user):
        return _denied(request, _("Your account cannot post requests or offers."))
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=instance, user=request.user)
        submit = request.POST.get("intent") == "submit"
        if form.is_valid():
            try:
                record = _save_record(request, form, submit)
            except _SubmitRefused as error:
                messages.error(request, str(error))
            else:
                if submit:
                    messages.success(
                        request,
                        _("“%(title)s” has been submitted for review.") % {"title": record.title},
                    )
                else:
                    messages.success(
                        request,
                        _("“%(title)s” is saved as a draft. Submit it for review when it is ready.")
                        % {"title": record.title},
                    )
                return redirect("cooperation:mine")
    else:
        form = form_class(instance=instance, user=request.user)
    return render(request, template, {"form": form, "record": instance, "may_submit": may_submit})


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    return _record_form_view(
        request,
        SupportRequestForm,
        SupportRequest(owner=request.user),
        "cooperation/request_form.html",
        may_submit=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request, pk):
    record = get_object_or_404(permissions.visible_requests(request.user), pk=pk)
    if record.status != RequestStatus.DRAFT or not permissions.can_edit_request(
        request.user, record
    ):
        return _denied(
            request,
            _(
                "Only the person who posted a request (or an administrator of its organization) "
                "can edit it here, and only while it is a draft. The helpdesk edits requests "
                "in the admin."
            ),
        )
    return _record_form_view(
        request,
        SupportRequestForm,
        record,
        "cooperation/request_form.html",
        may_submit=permissions.may_act(request.user, record, "submit"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request):
    return _record_form_view(
        request,
        OfferForm,
        Offer(owner=request.user),
        "cooperation/offer_form.html",
        may_submit=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk):
    record = get_object_or_404(permissions.visible_offers(request.user), pk=pk)
    if record.status != OfferStatus.DRAFT or not permissions.can_edit_offer(request.user, record):
        return _denied(
            request,
            _(
                "Only the provider of an offer can edit it here, and only while it is a draft. "
                "The helpdesk edits offers in the admin."
            ),
        )
    return _record_form_view(
        request,
        OfferForm,
        record,
        "cooperation/offer_form.html",
        may_submit=permissions.may_act(request.user, record, "submit"),
    )


def _visible_match(user, pk):
    match = get_object_or_404(
        Match.objects.select_related(
            "request__requesting_organization",
            "offer__provider_organization",
            "offer__provider_expert__profile",
            "expert__profile",
            "organization",
        ),
        pk=pk,
    )
    if not permissions.can_view_match(user, match):
        raise Http404
    return match


def _url_or_none(name, pk):
    """A record page's URL, or None where that page does not exist (yet)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def _candidate_face(user, match):
    """The candidate's name and link as ``user`` may see them: an expert whose profile they
    may not open is named as any member would be, unlinked."""
    if match.offer_id:
        return match.offer.title, _url_or_none("cooperation:offer", match.offer_id)
    if match.expert_id:
        expert = match.expert
        if can_view_expert(user, expert):
            return expert.profile.display_name, expert.get_absolute_url()
        return shown_member(user, expert.profile).name, None
    organization = match.organization
    return organization.title, organization.url if organization.live else None


def _history(record):
    """The record's transitions in words: when, what was done, the state it led to, why."""
    actions = actions_for(record)
    statuses = dict(type(record)._meta.get_field("status").choices)
    return [
        {
            "at": transition.created_at,
            "action": actions[transition.action].label
            if transition.action in actions
            else transition.action,
            "status": statuses.get(transition.to_status, transition.to_status),
            "comment": transition.comment,
        }
        for transition in record.transitions.all()
    ]


def _match_page(request, match, bound_form=None, status=200):
    user = request.user
    sides = mine.sides_of(user, match)
    given = {f.side: f for f in match.feedback.all()}
    feedback_forms = []
    for side in sides:
        if bound_form is not None and bound_form.data.get("side") == side:
            form = bound_form
        else:
            existing = given.get(side)
            initial = {"side": side}
            if existing is not None:
                initial.update(
                    relevant="yes" if existing.relevant else "no", comment=existing.comment
                )
            form = MatchFeedbackForm(initial=initial, auto_id=f"id_{side}_%s")
        feedback_forms.append((Side(side).label, form, given.get(side)))
    other_sides = [side for side in Side.values if side not in sides]
    candidate_name, candidate_url = _candidate_face(user, match)
    return render(
        request,
        "cooperation/match_detail.html",
        {
            "match": match,
            "candidate": match.candidate,
            "candidate_name": candidate_name,
            "candidate_url": candidate_url,
            "request_url": _url_or_none("cooperation:request", match.request_id),
            "history": _history(match),
            "feedback_forms": feedback_forms,
            "other_feedback": [given[s] for s in other_sides if s in given],
            "other_sides": [Side(s).label for s in other_sides],
            "show_all_feedback": permissions.is_helpdesk(user) and not sides,
            "all_feedback": list(given.values()),
            "actions": permissions.available_actions(user, match),
        },
        status=status,
    )


@login_required
def match_detail(request, pk):
    """A match as both parties and the helpdesk see it: the two records, the score and its
    parts, each side's feedback and the lifecycle buttons."""
    return _match_page(request, _visible_match(request.user, pk))


@login_required
@require_POST
def match_feedback(request, pk):
    """Record (or change) one side's verdict on a match; only its parties give one."""
    match = _visible_match(request.user, pk)
    sides = mine.sides_of(request.user, match)
    if not sides:
        return _denied(
            request,
            _("Only the requester and the provider of a match can say whether it is relevant."),
        )
    if request.POST.get("side") not in sides:
        return _denied(request, _("You can only give feedback for your own side of a match."))
    form = MatchFeedbackForm(request.POST, auto_id=f"id_{request.POST['side']}_%s")
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below. Nothing has been saved."))
        return _match_page(request, match, bound_form=form)
    MatchFeedback.objects.update_or_create(
        match=match,
        side=form.cleaned_data["side"],
        defaults={
            "user": request.user,
            "relevant": form.cleaned_data["relevant"],
            "comment": form.cleaned_data["comment"],
        },
    )
    messages.success(request, _("Thank you: your feedback is saved."))
    return redirect("cooperation:match", pk=match.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_outcome(request, pk):
    """The owner (or the helpdesk) of a completed request tells what it achieved; the request's
    page then shows it as a success story."""
    record = get_object_or_404(permissions.visible_requests(request.user), pk=pk)
    user = request.user
    if not (permissions.owns_request(user, record) or permissions.is_helpdesk(user)):
        return _denied(request, _("Only the person who posted a request can report its outcome."))
    allowed = permissions.may_act(user, record, "report_outcome")
    form = OutcomeForm(request.POST or None) if allowed else None
    if request.method == "POST" and allowed:
        if form.is_valid():
            try:
                record = services.apply(
                    user, record, "report_outcome", outcome=form.cleaned_data["outcome"]
                )
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Thank you. The outcome is now shown as a success story.")
                )
                return redirect(_record_page(record))
        else:
            messages.error(request, _("Please correct the errors below. Nothing has been saved."))
    return render(request, "cooperation/request_outcome.html", {"record": record, "form": form})


@login_required
def endorsements(request):
    """A national focal point's queue: their countries' submitted requests, to endorse or
    not (the buttons post to ``act``, which checks the country again)."""
    user = request.user
    if not mine.is_focal_point(user):
        return _denied(
            request,
            _(
                "This page is for national focal points: they endorse the requests for support "
                "of their country. If you are your country's focal point, ask the portal's "
                "editors to record it."
            ),
            title=_("Endorsements"),
        )
    queue = (
        mine.endorsement_queue(user)
        .select_related("requesting_organization")
        .prefetch_related("countries", "targets", "assistance_types")
        .order_by("created_at")
    )
    decided = (
        Transition.objects.filter(
            actor=user, action__in=("endorse", "not_endorse"), request__isnull=False
        )
        .select_related("request")
        .order_by("-created_at")[:20]
    )
    rows = [(record, permissions.available_actions(user, record)) for record in queue]
    return render(
        request,
        "cooperation/endorsements.html",
        {
            "rows": rows,
            "decided": decided,
            "countries": focal_point_countries(user),
        },
    )


@login_required
def my_cooperation(request):
    """The member's requests and offers in every state, their matches and (for a focal point)
    the endorsement queue."""
    user = request.user
    focal_point = mine.is_focal_point(user)
    return render(
        request,
        "cooperation/my_cooperation.html",
        {
            "request_rows": mine.request_rows(user),
            "offer_rows": mine.offer_rows(user),
            "match_rows": mine.match_rows(user),
            "is_focal_point": focal_point,
            "endorsements": mine.endorsement_queue(user).count() if focal_point else 0,
        },
    )

"""Cooperation's pages: listings, records, the member's forms and the one endpoint through
which every lifecycle button acts (``act``)."""

import os
import statistics

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from chm.http import safe_next
from chm.listings import paginate
from community.experts.permissions import can_view_expert
from community.members.permissions import shown_member
from community.members.roles import focal_point_countries
from taxonomy.models import Region, Target

from . import mine, permissions, services
from .forms import (
    MatchFeedbackForm,
    OfferFilterForm,
    OfferForm,
    OutcomeForm,
    RequestFilterForm,
    SupportRequestForm,
)
from .models import (
    OFFER_LISTED_STATES,
    REQUEST_LISTED_STATES,
    REQUEST_PUBLIC_STATES,
    AssistanceType,
    Attachment,
    Match,
    MatchFeedback,
    MatchStatus,
    Offer,
    OfferStatus,
    RequestStatus,
    Side,
    SupportRequest,
    Transition,
)
from .serializers import shown_provider
from .workflow import TransitionError, actions_for

# The record kinds in URLs, with the records each user may open.
KINDS = {
    "requests": permissions.visible_requests,
    "offers": permissions.visible_offers,
    "matches": permissions.visible_matches,
}


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
    return redirect(safe_next(request, None) or record.get_absolute_url())


# -- public pages: listings, records, the dashboard, success stories ---------------------------

PER_PAGE = 20
# The steps of a record's life any visitor may read on its page (dates only: who took them
# and their comments are for the owner and the helpdesk).
PUBLIC_TIMELINE_ACTIONS = (
    "submit",
    "endorse",
    "vet",
    "publish",
    "match",
    "start",
    "complete",
    "report_outcome",
    "close",
    "expire",
    "renew",
)
# Matches that count as made: both sides agreed.
MATCH_MADE_STATES = (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED)
# Request states that sit in the review pipeline, shown together on the dashboard.
REQUEST_REVIEW_STATES = (
    RequestStatus.SUBMITTED,
    RequestStatus.ENDORSED,
    RequestStatus.NOT_ENDORSED,
    RequestStatus.VETTED,
)


def _listing(request, form_class, records, template):
    form = form_class(request.GET or None)
    page_obj = paginate(request, form.filter(records), PER_PAGE)
    context = {"filter_form": form, "page_obj": page_obj, "records": page_obj.object_list}
    return render(request, template, context)


def _card_prefetch(queryset):
    return queryset.select_related("language").prefetch_related(
        "targets", "countries", "assistance_types"
    )


@require_safe
def request_list(request):
    """Published requests (and those matched, in progress, completed or with their outcome
    reported), filtered by the query string; invalid filters are reported and ignored."""
    records = _card_prefetch(
        permissions.listed_requests().select_related("requesting_organization")
    ).order_by("-published_at", "-pk")
    return _listing(request, RequestFilterForm, records, "cooperation/request_list.html")


@require_safe
def offer_list(request):
    records = _card_prefetch(
        permissions.listed_offers().select_related(
            "provider_organization", "provider_expert__profile"
        )
    ).order_by("-published_at", "-pk")
    return _listing(request, OfferFilterForm, records, "cooperation/offer_list.html")


def _timelines(record, is_manager):
    """The public timeline (first date of each public step) and, for the owner and the
    helpdesk, the full history with who acted and their comments."""
    transitions = list(record.transitions.select_related("actor__profile"))
    seen, public = set(), []
    for transition in transitions:
        if transition.action in PUBLIC_TIMELINE_ACTIONS and transition.action not in seen:
            seen.add(transition.action)
            public.append(transition)
    return public, (transitions if is_manager else None)


def _shown_matches(user, record):
    """The agreed matches of a request, named as ``user`` may see each provider."""
    matches = record.matches.filter(status__in=MATCH_MADE_STATES).select_related(
        "offer__provider_organization",
        "offer__provider_expert__profile",
        "expert__profile",
        "organization",
    )
    shown = []
    for match in matches:
        if match.offer_id:
            offer = match.offer
            provider = shown_provider(user, offer)[0]
            if permissions.can_view_offer(user, offer):
                name, url = offer.title, offer.get_absolute_url()
            else:  # an offer withdrawn from view since: its provider only
                name, url, provider = provider or _("An offer of support"), None, None
        elif match.expert_id:
            visible = can_view_expert(user, match.expert)
            name = shown_member(user, match.expert.profile).name
            if visible:
                name = match.expert.profile.display_name
            url = match.expert.get_absolute_url() if visible else None
            provider = None
        else:
            organization = match.organization
            name, url = organization.title, (organization.url if organization.live else None)
            provider = None
        shown.append({"match": match, "name": name, "url": url, "provider": provider})
    return shown


def _detail_context(request, record, kind, is_manager):
    public_timeline, history = _timelines(record, is_manager)
    return {
        "record": record,
        "kind": kind,
        "actions": permissions.available_actions(request.user, record),
        "public_timeline": public_timeline,
        "history": history,
        "is_manager": is_manager,
        "attachments": list(record.attachments.all()),
    }


@require_safe
def request_detail(request, pk):
    """A request's page, for whoever may see it (``permissions.visible_requests``); 404 for
    anyone else. An expired request keeps its page with a notice."""
    record = get_object_or_404(
        permissions.visible_requests(request.user)
        .select_related("requesting_organization", "language", "owner")
        .prefetch_related(
            "targets",
            "countries",
            "thematic_areas",
            "assistance_types",
            "beneficiaries",
            "working_languages",
        ),
        pk=pk,
    )
    user = request.user
    is_manager = permissions.is_helpdesk(user) or permissions.owns_request(user, record)
    context = _detail_context(request, record, "requests", is_manager)
    context["matches"] = _shown_matches(user, record)
    # Reporting the outcome needs its text: the button is a link to the outcome form.
    context["actions"] = [a for a in context["actions"] if a.name != "report_outcome"]
    context["can_report_outcome"] = permissions.may_act(user, record, "report_outcome")
    context["can_edit"] = permissions.can_edit_request(user, record)
    context["is_public"] = record.status in REQUEST_PUBLIC_STATES
    return render(request, "cooperation/request_detail.html", context)


@require_safe
def offer_detail(request, pk):
    record = get_object_or_404(
        permissions.visible_offers(request.user)
        .select_related("provider_organization", "provider_expert__profile", "language", "owner")
        .prefetch_related(
            "targets",
            "countries",
            "eligible_regions",
            "thematic_areas",
            "assistance_types",
            "beneficiaries",
            "working_languages",
        ),
        pk=pk,
    )
    user = request.user
    is_manager = permissions.is_helpdesk(user) or permissions.owns_offer(user, record)
    context = _detail_context(request, record, "offers", is_manager)
    context["provider_name"], context["provider_url"] = shown_provider(user, record)
    context["can_edit"] = permissions.can_edit_offer(user, record)
    context["is_public"] = record.is_public
    context["places_taken"] = record.matches.filter(
        status__in=(MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS)
    ).count()
    return render(request, "cooperation/offer_detail.html", context)


def _bars(rows):
    """Rows of ``(label, count, extra)`` with each bar's share of the largest, for the
    HTML/CSS bar charts (the table under each chart carries the same numbers)."""
    largest = max((count for _label, count, *_rest in rows), default=0)
    return [
        {
            "label": label,
            "count": count,
            "percent": round(100 * count / largest) if largest else 0,
            "url": rest[0] if rest else None,
        }
        for label, count, *rest in rows
    ]


def _median_days_to_match():
    """Median days from a request's publication to its first accepted match (None without
    any): the first "accept" transition of each request's matches."""
    firsts = (
        Transition.objects.filter(match__isnull=False, action="accept")
        .values("match__request_id", "match__request__published_at")
        .annotate(first=Min("created_at"))
    )
    days = [
        (row["first"] - row["match__request__published_at"]).total_seconds() / 86400
        for row in firsts
        if row["match__request__published_at"] and row["first"]
    ]
    days = [max(value, 0) for value in days]
    return round(statistics.median(days), 1) if days else None


def dashboard_figures():
    """The public cooperation dashboard's numbers, from a few aggregate queries."""
    status_counts = dict(
        SupportRequest.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    labels = dict(RequestStatus.choices)
    requests_url = reverse("cooperation:requests")
    by_status = [
        (
            labels[state],
            status_counts.get(state, 0),
            f"{requests_url}?status={state}" if state in REQUEST_LISTED_STATES else None,
        )
        for state in REQUEST_PUBLIC_STATES
    ]
    in_review = sum(status_counts.get(state, 0) for state in REQUEST_REVIEW_STATES)
    by_status.insert(0, (_("Under review"), in_review))

    listed = Q(cooperation_supportrequest_records__status__in=REQUEST_LISTED_STATES)
    targets = Target.objects.annotate(
        n=Count("cooperation_supportrequest_records", filter=listed, distinct=True)
    ).order_by("number")
    by_target = [
        (
            _("Target %(number)d") % {"number": target.number},
            target.n,
            f"{requests_url}?target={target.number}",
            target.label,
        )
        for target in targets
    ]

    region_counts = dict(
        permissions.listed_requests()
        .filter(countries__region__isnull=False)
        .values_list("countries__region")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    regions = Region.objects.filter(level=Region.Level.REGION).order_by("title")
    by_region = [
        (region.label, region_counts.get(region.pk, 0), f"{requests_url}?region={region.code}")
        for region in regions
    ]

    offers_url = reverse("cooperation:offers")
    type_counts = dict(
        Offer.objects.filter(status__in=OFFER_LISTED_STATES)
        .values_list("assistance_types")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    median = _median_days_to_match()
    by_assistance = [
        (kind.label, type_counts.get(kind.pk, 0), f"{offers_url}?assistance_type={kind.slug}")
        for kind in AssistanceType.objects.all()
    ]
    return {
        "requests_by_status": _bars(by_status),
        "requests_by_target": [
            dict(bar, title=row[3]) for bar, row in zip(_bars(by_target), by_target, strict=True)
        ],
        "requests_by_region": _bars(by_region),
        "offers_by_assistance": _bars(by_assistance),
        "listed_requests": sum(status_counts.get(state, 0) for state in REQUEST_LISTED_STATES),
        "listed_offers": permissions.listed_offers().count(),
        "matches_made": Match.objects.filter(status__in=MATCH_MADE_STATES).count(),
        "median_days_to_match": median,
    }


@require_safe
def index(request):
    """The public cooperation dashboard: requests by status, target and region, offers by
    assistance type, matches made, the median time to a match, and the latest records."""
    figures = dashboard_figures()
    latest_requests = _card_prefetch(
        permissions.listed_requests().select_related("requesting_organization")
    ).order_by("-published_at", "-pk")[:5]
    latest_offers = _card_prefetch(
        permissions.listed_offers().select_related(
            "provider_organization", "provider_expert__profile"
        )
    ).order_by("-published_at", "-pk")[:5]
    context = {
        **figures,
        "latest_requests": latest_requests,
        "latest_offers": latest_offers,
        "can_post": permissions.can_post(request.user),
    }
    return render(request, "cooperation/index.html", context)


@require_safe
def success_stories(request):
    """Requests whose outcome is reported, each with its outcome: what cooperation achieved."""
    records = (
        _card_prefetch(
            SupportRequest.objects.filter(status=RequestStatus.OUTCOME_REPORTED).select_related(
                "requesting_organization"
            )
        )
        .prefetch_related("matches")
        .order_by("-outcome_reported_at", "-pk")
    )
    page_obj = paginate(request, records, PER_PAGE)
    return render(
        request,
        "cooperation/success_stories.html",
        {"page_obj": page_obj, "records": page_obj.object_list},
    )


@require_safe
def attachment(request, pk):
    """A document attached to a request or an offer, for whoever may see that record (drafts'
    documents only for their owner, their country's focal points and the helpdesk); 404 for
    anyone else, as for the record itself."""
    item = get_object_or_404(Attachment.objects.select_related("request", "offer"), pk=pk)
    record = item.record
    visible = (
        permissions.visible_requests(request.user)
        if item.request_id
        else permissions.visible_offers(request.user)
    )
    if not visible.filter(pk=record.pk).exists():
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(item.file.name))


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


def _candidate_face(user, match):
    """The candidate's name and link as ``user`` may see them: an expert whose profile they
    may not open is named as any member would be, unlinked."""
    if match.offer_id:
        return match.offer.title, match.offer.get_absolute_url()
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
            "request_url": match.request.get_absolute_url(),
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
                return redirect(record.get_absolute_url())
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

"""Cooperation's pages: listings, records, the member's forms and the one endpoint through
which every lifecycle button acts (``act``)."""

import statistics

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from chm.listings import paginate
from community.experts.permissions import can_view_expert
from community.members.permissions import shown_member
from taxonomy.models import Region, Target

from . import permissions, services
from .forms import OfferFilterForm, RequestFilterForm
from .models import (
    OFFER_LISTED_STATES,
    REQUEST_LISTED_STATES,
    REQUEST_PUBLIC_STATES,
    AssistanceType,
    Match,
    MatchStatus,
    Offer,
    RequestStatus,
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


def _content_direction(record):
    """``rtl`` or ``ltr`` for the language the record is written in (its ``lang``)."""
    if not record.language_id:
        return ""
    try:
        return "rtl" if get_language_info(record.language.code)["bidi"] else "ltr"
    except KeyError:
        return ""


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
        "content_dir": _content_direction(record),
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
        # The whole number that chooses the plural form ("1.5 days" is plural).
        "median_days_plural": 1 if median == 1 else 2,
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

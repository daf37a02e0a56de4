"""The helpdesk's matchmaking tools in the Wagtail admin: the review of suggested matches
(approve or dismiss, or propose a pair by hand), the gap report (what open requests need that
no published offer covers) and the feedback report (what both sides said of the suggestions).

Only for ``cooperation.act_as_helpdesk``; the URLs and menu are registered in
``wagtail_hooks.py``. Every change goes through ``services.apply`` (or ``matching.propose``,
one transaction), so a refused action changes nothing and says why.
"""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import matching, permissions, services
from .models import (
    REQUEST_OPEN_STATES,
    CandidateKind,
    Match,
    MatchFeedback,
    MatchStatus,
    Side,
    SupportRequest,
)
from .workflow import TransitionError

PER_PAGE = 25


def _helpdesk_only(request):
    if not permissions.is_helpdesk(request.user):
        raise PermissionDenied


class ReviewForm(forms.Form):
    match = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("approve", "approve"), ("dismiss", "dismiss")])
    comment = forms.CharField(required=False, max_length=2000)


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CandidateKind.choices)
    object_id = forms.IntegerField(
        label=gettext_lazy("Number of the offer, expert profile or organization page"),
        min_value=1,
        max_value=2**53,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for both sides"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _with_explanations(matches):
    """Each match with its candidate and its explanation in the reader's language."""
    rows = []
    for match in matches:
        rows.append({"match": match, "why": matching.explain(match.parts)})
    return rows


def match_review(request):
    """Suggested matches awaiting the helpdesk, best first, with approve and dismiss."""
    _helpdesk_only(request)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a suggestion and approve or dismiss it."))
            return redirect("cooperation_match_review")
        match = Match.objects.filter(pk=form.cleaned_data["match"]).first()
        if match is None:
            messages.error(request, _("This suggestion no longer exists."))
            return redirect("cooperation_match_review")
        try:
            services.apply(
                request.user, match, form.cleaned_data["action"], form.cleaned_data["comment"]
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            if form.cleaned_data["action"] == "approve":
                messages.success(request, _("Approved: both sides now see this match."))
            else:
                messages.success(request, _("Dismissed."))
        return redirect(_back(request))
    queryset = (
        Match.objects.filter(status=MatchStatus.SUGGESTED)
        .select_related("request", "offer", "expert__profile", "organization", "proposed_by")
        .order_by("-score", "created_at", "pk")
    )
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "cooperation/admin/match_review.html",
        {
            "page_obj": page_obj,
            "rows": _with_explanations(page_obj.object_list),
            "open_requests": SupportRequest.objects.filter(status__in=REQUEST_OPEN_STATES).order_by(
                "-published_at", "-pk"
            )[:200],
        },
    )


def _back(request):
    """Back to where the helpdesk decided: a request's matchmaking page or the page of the
    review they were on (numbers only, never a URL from the form)."""
    request_page = request.POST.get("request_page", "")
    if request_page.isdigit() and len(request_page) < 19:
        return reverse("cooperation_request_matchmaking", args=[int(request_page)])
    page = request.POST.get("p", "")
    url = reverse("cooperation_match_review")
    return f"{url}?p={page}" if page.isdigit() and len(page) < 10 else url


def request_matchmaking(request, pk):
    """One request seen by the matchmaker: its ranking (with why), its matches, what is
    missing, and a form to propose a pair by hand."""
    _helpdesk_only(request)
    request_record = get_object_or_404(SupportRequest, pk=pk)
    form = ProposeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                matching.propose(
                    request.user,
                    request_record,
                    form.cleaned_data["kind"],
                    form.cleaned_data["object_id"],
                    form.cleaned_data["comment"],
                )
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Match proposed and shown to both sides."))
                return redirect("cooperation_request_matchmaking", pk=request_record.pk)
        else:
            messages.error(request, _("Please correct the errors below."))
    ranked = matching.rank(request_record, limit=20)
    records = matching.load_candidates(ranked)
    existing = {
        (match.candidate_kind, match.offer_id or match.expert_id or match.organization_id): match
        for match in request_record.matches.all()
    }
    ranking = [
        {
            "suggestion": suggestion,
            "record": records.get((suggestion.kind, suggestion.object_id)),
            "why": matching.explain(suggestion.parts),
            "match": existing.get((suggestion.kind, suggestion.object_id)),
        }
        for suggestion in ranked
    ]
    matches = request_record.matches.select_related(
        "offer", "expert__profile", "organization", "proposed_by"
    ).order_by("-score", "pk")
    return TemplateResponse(
        request,
        "cooperation/admin/request_matchmaking.html",
        {
            "request_record": request_record,
            "is_open": request_record.status in REQUEST_OPEN_STATES,
            "ranking": ranking,
            "rows": _with_explanations(matches),
            "gaps": [gap.sentence() for gap in matching.gaps(request_record)],
            "form": form,
            "threshold": matching.SUGGESTION_THRESHOLD,
        },
    )


def gap_report(request):
    """What open requests need that no published offer covers, most requests first."""
    _helpdesk_only(request)
    rows = [
        {"gap": gap, "sentence": gap.sentence(), "requests": requests, "count": len(requests)}
        for gap, requests in matching.gap_report()
    ]
    open_count = SupportRequest.objects.filter(status__in=REQUEST_OPEN_STATES).count()
    return TemplateResponse(
        request,
        "cooperation/admin/gap_report.html",
        {"rows": rows, "open_count": open_count},
    )


PART_LABELS = {
    "targets": gettext_lazy("Shared targets"),
    "assistance": gettext_lazy("Assistance type"),
    "geography": gettext_lazy("Geography"),
    "languages": gettext_lazy("Languages"),
    "themes": gettext_lazy("Thematic areas"),
    "text": gettext_lazy("Similar wording"),
    "deadline": gettext_lazy("Deadline open"),
    "capacity": gettext_lazy("Places left"),
}


def feedback_summary():
    """Per side, and per part that contributed to the suggestion, how many suggestions were
    marked relevant and not relevant."""
    sides = {}
    for side in Side.values:
        counts = MatchFeedback.objects.filter(side=side).aggregate(
            yes=Count("pk", filter=Q(relevant=True)), no=Count("pk", filter=Q(relevant=False))
        )
        sides[side] = {"relevant": counts["yes"], "not_relevant": counts["no"]}
    by_part = defaultdict(lambda: {s: {"relevant": 0, "not_relevant": 0} for s in Side.values})
    for side, relevant, parts in MatchFeedback.objects.values_list(
        "side", "relevant", "match__parts"
    ):
        for name in {part.get("part") for part in parts or [] if isinstance(part, dict)}:
            if name in PART_LABELS:
                by_part[name][side]["relevant" if relevant else "not_relevant"] += 1
    part_rows = [
        {"part": name, "label": PART_LABELS[name], "sides": by_part[name]}
        for name in PART_LABELS
        if name in by_part
    ]
    return sides, part_rows


def feedback_report(request):
    """What requesters and providers said of the suggestions: totals per side and per part
    that contributed, and every verdict with its comment."""
    _helpdesk_only(request)
    sides, part_rows = feedback_summary()
    queryset = MatchFeedback.objects.select_related(
        "match__request", "match__offer", "match__expert__profile", "match__organization", "user"
    ).order_by("-created_at", "-pk")
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "cooperation/admin/feedback_report.html",
        {
            "requester": sides[Side.REQUESTER],
            "provider": sides[Side.PROVIDER],
            "part_rows": part_rows,
            "page_obj": page_obj,
            "feedback": page_obj.object_list,
        },
    )

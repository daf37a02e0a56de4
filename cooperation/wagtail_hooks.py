"""Cooperation in the Wagtail admin (the helpdesk's queues and match review) and on the member
dashboard (a card and the member's part of their data export).
https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from community.members.dashboard import DashboardCard
from community.members.export import EXPORT_HOOK

from . import matchmaking_admin, permissions
from .admin_views import CooperationViewSetGroup, HelpdeskPermissionPolicy
from .models import Offer, SupportRequest

# -- the helpdesk queue and assistance types (part A) ------------------------------------------

register_permission_policy(SupportRequest, HelpdeskPermissionPolicy(SupportRequest))
register_permission_policy(Offer, HelpdeskPermissionPolicy(Offer))


@hooks.register("register_admin_viewset")
def register_cooperation_viewsets():
    return CooperationViewSetGroup()


# -- members: dashboard card and data export ---------------------------------------------------


@hooks.register("register_member_dashboard_card")
def cooperation_dashboard_card(request):
    """On the member dashboard: the member's requests, offers and matches in numbers, a focal
    point's endorsement queue, and links to post and to "my cooperation"."""
    from . import mine

    return DashboardCard(
        "cooperation/dashboard_card.html",
        order=350,
        context={"summary": mine.summary(request.user)},
    )


def _taxonomy(record):
    return {
        "targets": [t.code for t in record.targets.all()],
        "countries": [c.code for c in record.countries.all()],
        "thematic_areas": [a.code for a in record.thematic_areas.all()],
        "assistance_types": [a.code for a in record.assistance_types.all()],
        "beneficiaries": [b.code for b in record.beneficiaries.all()],
        "working_languages": [language.code for language in record.working_languages.all()],
        "language": record.record_language,
    }


def _attachments(record):
    from community.members.export import absolute_url

    return [
        {"title": a.title, "url": absolute_url(a.get_absolute_url()), "uploaded_at": a.uploaded_at}
        for a in record.attachments.all()
    ]


@hooks.register(EXPORT_HOOK)
def export_cooperation_data(user):
    """The requests and offers the member posted (every field they wrote), their feedback on
    matches and the lifecycle steps they took. Other members appear by no name or address."""
    from . import permissions
    from .models import MatchFeedback, Offer, SupportRequest, Transition

    related = ("targets", "countries", "thematic_areas", "assistance_types", "beneficiaries")
    requests = (
        SupportRequest.objects.filter(owner=user)
        .select_related("requesting_organization", "language")
        .prefetch_related(*related, "working_languages", "attachments")
        .order_by("created_at")
    )
    offers = (
        Offer.objects.filter(owner=user)
        .select_related("provider_organization", "provider_expert", "language")
        .prefetch_related(*related, "working_languages", "eligible_regions", "attachments")
        .order_by("created_at")
    )

    def record_ref(transition):
        for kind in ("request", "offer", "match"):
            record = getattr(transition, kind)
            if record is None:
                continue
            ref = {"type": kind, "id": record.pk}
            visible = {
                "request": permissions.can_view_request,
                "offer": permissions.can_view_offer,
                "match": permissions.can_view_match,
            }[kind](user, record)
            if visible and kind != "match":
                ref["title"] = record.title
            return ref
        return None

    return {
        "cooperation_requests": [
            {
                "uuid": r.uuid,
                "title": r.title,
                "status": r.status,
                "summary": r.summary,
                "problem": r.problem,
                "objectives": r.objectives,
                "expected_outcomes": r.expected_outcomes,
                "assistance_details": r.assistance_details,
                "existing_initiatives": r.existing_initiatives,
                "requesting_organization": r.requesting_organization.title
                if r.requesting_organization_id
                else None,
                "organization_name": r.organization_name,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "start_date": r.start_date,
                "end_date": r.end_date,
                "budget_min": r.budget_min,
                "budget_max": r.budget_max,
                "currency": r.currency,
                "co_financing": r.co_financing,
                "expires_on": r.expires_on,
                "outcome": r.outcome,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
                **_taxonomy(r),
                "attachments": _attachments(r),
            }
            for r in requests
        ],
        "cooperation_offers": [
            {
                "uuid": o.uuid,
                "title": o.title,
                "status": o.status,
                "description": o.description,
                "provider_organization": o.provider_organization.title
                if o.provider_organization_id
                else None,
                "provider_is_my_expert_profile": bool(o.provider_expert_id),
                "eligible_regions": [r.code for r in o.eligible_regions.all()],
                "eligibility": o.eligibility,
                "application_process": o.application_process,
                "potential_outcomes": o.potential_outcomes,
                "application_deadline": o.application_deadline,
                "start_date": o.start_date,
                "end_date": o.end_date,
                "amount_min": o.amount_min,
                "amount_max": o.amount_max,
                "currency": o.currency,
                "capacity": o.capacity,
                "contact_email": o.contact_email,
                "expires_on": o.expires_on,
                "created_at": o.created_at,
                "updated_at": o.updated_at,
                **_taxonomy(o),
                "attachments": _attachments(o),
            }
            for o in offers
        ],
        "cooperation_match_feedback": [
            {
                "match": f.match_id,
                "side": f.side,
                "relevant": f.relevant,
                "comment": f.comment,
                "created_at": f.created_at,
                "updated_at": f.updated_at,
            }
            for f in MatchFeedback.objects.filter(user=user).order_by("created_at")
        ],
        "cooperation_transitions": [
            {
                "record": record_ref(t),
                "action": t.action,
                "from_status": t.from_status,
                "to_status": t.to_status,
                "comment": t.comment,
                "at": t.created_at,
            }
            for t in Transition.objects.filter(actor=user).select_related(
                "request", "offer", "match"
            )
        ],
    }


# -- the matchmaker: match review, gap report, feedback report (part B) -------------------------


@hooks.register("register_admin_urls")
def register_matchmaking_urls():
    return [
        path(
            "cooperation/matches/",
            matchmaking_admin.match_review,
            name="cooperation_match_review",
        ),
        path(
            "cooperation/matches/request/<int:pk>/",
            matchmaking_admin.request_matchmaking,
            name="cooperation_request_matchmaking",
        ),
        path("cooperation/gaps/", matchmaking_admin.gap_report, name="cooperation_gap_report"),
        path(
            "cooperation/feedback/",
            matchmaking_admin.feedback_report,
            name="cooperation_feedback_report",
        ),
    ]


class HelpdeskMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_helpdesk(request.user)


class HelpdeskSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return permissions.is_helpdesk(request.user)


@hooks.register("register_admin_menu_item")
def register_matchmaking_menu():
    items = [
        HelpdeskMenuItem(
            gettext_lazy("Match review"),
            reverse("cooperation_match_review"),
            icon_name="link",
            order=100,
        ),
        HelpdeskMenuItem(
            gettext_lazy("Gap report"),
            reverse("cooperation_gap_report"),
            icon_name="warning",
            order=200,
        ),
        HelpdeskMenuItem(
            gettext_lazy("Feedback on suggestions"),
            reverse("cooperation_feedback_report"),
            icon_name="comment",
            order=300,
        ),
    ]
    return HelpdeskSubmenuItem(
        gettext_lazy("Matchmaking"),
        Menu(items=items),
        icon_name="link",
        order=431,
    )

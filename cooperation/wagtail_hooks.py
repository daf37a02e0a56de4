"""Cooperation in the Wagtail admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import matchmaking_admin, permissions

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

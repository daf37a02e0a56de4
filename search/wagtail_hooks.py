"""Saved searches on the member dashboard (a card), in the member's data export, and in the
admin's reports (editors see how many members follow which search, read-only).
https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from community.members.dashboard import DashboardCard
from community.members.export import EXPORT_HOOK, absolute_url

from .admin_views import SavedSearchReportView


@hooks.register("register_member_dashboard_card")
def saved_searches_card(request):
    """On the member dashboard: how many searches the member saved, and a link to them."""
    return DashboardCard("search/includes/dashboard_card.html", order=500)


@hooks.register(EXPORT_HOOK)
def export_saved_searches(user):
    from .models import SavedSearch

    return {
        "saved_searches": [
            {
                "name": saved.name,
                "search": absolute_url(saved.search_url()),
                "email_digest": saved.frequency,
                "created_at": saved.created_at,
            }
            for saved in SavedSearch.objects.filter(user=user).order_by("created_at")
        ]
    }


@hooks.register("register_admin_urls")
def register_saved_search_report_urls():
    return [
        path(
            "reports/saved-searches/", SavedSearchReportView.as_view(), name="search_saved_report"
        ),
        path(
            "reports/saved-searches/results/",
            SavedSearchReportView.as_view(results_only=True),
            name="search_saved_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_saved_search_report_menu_item():
    return MenuItem(
        _("Saved searches"),
        reverse("search_saved_report"),
        name="saved-searches",
        icon_name="search",
        order=9200,
    )

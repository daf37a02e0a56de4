"""The member dashboard's card for saved searches, and the editors' read-only list of them."""

from wagtail import hooks

from community.members.dashboard import DashboardCard


@hooks.register("register_member_dashboard_card")
def saved_searches_card(request):
    """On the member dashboard: how many searches the member saved, and a link to them."""
    return DashboardCard("search/includes/dashboard_card.html", order=150)

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.members.dashboard import DashboardCard

from .models import ExpertProfile


class ExpertProfileViewSet(SnippetViewSet):
    """Editors review the roster (e.g. to act on a report) from the admin.

    Searched in the database directly, like member profiles (see ``ProfileViewSet``).
    """

    model = ExpertProfile
    icon = "user"
    menu_label = _("Experts")
    menu_order = 420
    add_to_admin_menu = True
    list_display = ["profile", "headline", "visibility", "availability", "updated_at"]
    list_filter = ["visibility", "availability"]
    search_fields = ["headline", "profile__display_name"]
    search_backend_name = None


register_snippet(ExpertProfileViewSet)


@hooks.register("register_member_dashboard_card")
def experts_dashboard_card(request):
    """On the member dashboard: the member's expert profile, or an invitation to join the roster."""
    return DashboardCard("experts/dashboard_card.html", order=300)

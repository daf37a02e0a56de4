from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Profile


class ProfileViewSet(SnippetViewSet):
    """Editors can review member profiles (e.g. to act on a report) from the admin."""

    model = Profile
    icon = "user"
    menu_label = _("Member profiles")
    menu_order = 400
    add_to_admin_menu = True
    list_display = ["display_name", "country", "organization", "visibility", "created_at"]
    list_filter = ["visibility", "constituencies"]
    search_fields = ["display_name", "organization"]


register_snippet(ProfileViewSet)

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


@hooks.register("register_member_data_export")
def export_expert_data(user):
    """The member's expert profile, every field including the hidden ones (data export)."""
    from community.members.export import absolute_url

    expert = (
        ExpertProfile.objects.filter(profile__user=user)
        .select_related("organization", "language")
        .first()
    )
    if expert is None:
        return {"expert_profile": None}
    return {
        "expert_profile": {
            "uuid": expert.uuid,
            "url": absolute_url(expert.get_absolute_url()),
            "visibility": expert.visibility,
            "headline": expert.headline,
            "expertise": sorted(expert.expertise.names()),
            "targets": [t.code for t in expert.targets.all()],
            "countries": [c.code for c in expert.countries.all()],
            "thematic_areas": [a.code for a in expert.thematic_areas.all()],
            "languages": [language.code for language in expert.languages.all()],
            "organization": expert.organization.title if expert.organization_id else None,
            "orcid": expert.orcid,
            "publications": expert.publications,
            "availability": expert.availability,
            "availability_note": expert.availability_note,
            "accepts_contact": expert.accepts_contact,
            "show_organization": expert.show_organization,
            "show_orcid": expert.show_orcid,
            "show_publications": expert.show_publications,
            "show_languages": expert.show_languages,
            "created_at": expert.created_at,
            "updated_at": expert.updated_at,
        }
    }

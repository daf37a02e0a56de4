from allauth.account.models import EmailAddress

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .export import EXPORT_HOOK, absolute_url
from .forms import FocalPointAssignForm, FocalPointRevokeForm
from .models import FocalPoint, Profile
from .permissions import FocalPointPermissionPolicy
from .services import profile_for


class ProfileViewSet(SnippetViewSet):
    """Editors can review member profiles (e.g. to act on a report) from the admin.

    The listing searches the database directly (``search_backend_name = None``): an editor
    looking for a member finds them by any part of their display name, organization or email
    whether or not the profile is in Wagtail's search index (profiles made in bulk are not),
    on every database, and the constituency filter combines with the search.
    """

    model = Profile
    icon = "user"
    menu_label = _("Member profiles")
    menu_order = 400
    add_to_admin_menu = True
    list_display = ["display_name", "country", "organization", "visibility", "created_at"]
    list_filter = ["visibility", "constituencies"]
    search_fields = ["display_name", "organization", "user__email"]
    search_backend_name = None


register_snippet(ProfileViewSet)


register_permission_policy(FocalPoint, FocalPointPermissionPolicy(FocalPoint))


class FocalPointIndexView(IndexView):
    queryset = FocalPoint.objects.select_related(
        "user__profile", "country", "assigned_by__profile", "ended_by__profile"
    )


class FocalPointViewSet(ModelViewSet):
    """National focal points: editors with the "Can assign and revoke national focal points"
    permission name members for a country and revoke them. Assignments are never deleted:
    revoked ones stay listed with who revoked them and when."""

    model = FocalPoint
    index_view_class = FocalPointIndexView
    icon = "pick"
    menu_label = _("National focal points")
    menu_order = 401
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        Column("member_name", label=_("Member"), accessor="member_name"),
        "country",
        Column("assigned_by", label=_("Assigned by"), accessor="assigned_by_name"),
        DateColumn("assigned_at", label=_("Assigned at")),
        Column("ended_by", label=_("Revoked by"), accessor="ended_by_name"),
        DateColumn("ended_at", label=_("Revoked at")),
    ]
    list_filter = ["country"]
    search_fields = ["user__profile__display_name", "user__email"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return FocalPointRevokeForm if for_update else FocalPointAssignForm


@hooks.register("register_admin_viewset")
def register_focal_point_viewset():
    return FocalPointViewSet("focal_points")


@hooks.register(EXPORT_HOOK)
def export_member_data(user):
    """The account, the profile and national focal point assignments (data export)."""
    profile = profile_for(user)
    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "profile": {
            "uuid": profile.uuid,
            "url": absolute_url(profile.get_absolute_url()),
            "display_name": profile.display_name,
            "country": profile.country.code if profile.country else None,
            "organization": profile.organization,
            "constituencies": list(profile.constituencies.values_list("slug", flat=True)),
            "languages": list(profile.languages.values_list("code", flat=True)),
            "bio": profile.bio,
            "avatar": absolute_url(profile.avatar.url) if profile.avatar else None,
            "visibility": profile.visibility,
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
        },
        "focal_point_assignments": [
            {
                "country": assignment.country.code,
                "assigned_at": assignment.assigned_at,
                "revoked_at": assignment.ended_at,
            }
            for assignment in FocalPoint.objects.filter(user=user).select_related("country")
        ],
    }

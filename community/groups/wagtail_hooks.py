"""Groups in the Wagtail admin (editors manage their profiles), the member dashboard card and
the groups' part of a member's data export."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.members.dashboard import DashboardCard
from community.members.export import EXPORT_HOOK, absolute_url

from . import permissions
from .models import GroupProfile, JoinRequest


class GroupProfileViewSet(SnippetViewSet):
    """Editors give a Django group its public profile: name and purpose in each language, who
    may join, whether it is listed, and the members who manage it on the site."""

    model = GroupProfile
    icon = "group"
    menu_label = _("Groups")
    menu_order = 412
    add_to_admin_menu = True
    list_display = ["name", "group", "join_policy", "is_listed", "updated_at"]
    list_filter = ["join_policy", "is_listed"]
    search_fields = ["name", "slug", "purpose", "group__name"]
    # The ORM's own matching (icontains), on every database and for any input: profiles are
    # few, and nothing the editor types is parsed as search syntax.
    search_backend_name = None


register_snippet(GroupProfileViewSet)


@hooks.register("register_member_dashboard_card")
def groups_dashboard_card(request):
    """The member's groups, their requests waiting for a manager, and requests waiting for
    them if they manage a group."""
    user = request.user
    groups = GroupProfile.objects.filter(group__in=user.groups.all())
    requests = JoinRequest.objects.pending().filter(user=user).select_related("group_profile")
    to_decide = [
        (group, group.waiting)
        for group in permissions.managed_groups(user)
        .annotate(waiting=Count("join_requests", filter=Q(join_requests__status="pending")))
        .filter(waiting__gt=0)
    ]
    context = {"groups": list(groups), "requests": list(requests), "to_decide": to_decide}
    return DashboardCard("groups/includes/dashboard_card.html", order=120, context=context)


@hooks.register(EXPORT_HOOK)
def export_group_data(user):
    """The groups the member belongs to or manages, and their requests to join."""
    profiles = {p.group_id: p for p in GroupProfile.objects.filter(group__in=user.groups.all())}
    return {
        "group_memberships": [
            {
                "group": group.name,
                "name": profiles[group.pk].name if group.pk in profiles else None,
                "url": absolute_url(profiles[group.pk].get_absolute_url())
                if group.pk in profiles
                else None,
            }
            for group in user.groups.order_by("name")
        ],
        "groups_managed": [
            {"name": profile.name, "url": absolute_url(profile.get_absolute_url())}
            for profile in user.managed_groups.order_by("name")
        ],
        "group_join_requests": [
            {
                "group": join_request.group_profile.name,
                "message": join_request.message,
                "status": join_request.status,
                "reason": join_request.reason,
                "requested_at": join_request.created_at,
                "decided_at": join_request.decided_at,
            }
            for join_request in user.group_join_requests.select_related("group_profile")
        ],
    }

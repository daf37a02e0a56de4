from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.members.dashboard import DashboardCard

from .models import Contact, OrganizationRequest, PartnerMembership


class DraftPageColumn(Column):
    """Links to the draft page, where editors review and publish (approve) or reject it."""

    def get_value(self, instance):
        if instance.page_id is None:
            return _("(page deleted)")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailadmin_pages:edit", args=[instance.page_id]),
            _("Review the draft page"),
        )


class OrganizationRequestViewSet(SnippetViewSet):
    """Members' requests for new organizations. Approve one by publishing its draft page (or
    approving it in the moderation workflow); reject it in the workflow."""

    model = OrganizationRequest
    icon = "group"
    menu_label = _("Organization requests")
    list_display = [
        "organization_name",
        "requested_by",
        "role_description",
        "status",
        "created_at",
        DraftPageColumn("page", label=_("Draft page")),
    ]
    list_filter = ["status"]
    search_fields = ["organization_name"]
    ordering = ["status", "-created_at"]


class PartnerMembershipViewSet(SnippetViewSet):
    model = PartnerMembership
    icon = "user"
    menu_label = _("Organization members")
    list_display = ["partner", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["partner__title", "user__profile__display_name", "user__email"]


class ContactPermissionPolicy(ModelPermissionPolicy):
    """Contacts arrive from the CBD clearing-house and are edited there: here they are viewed
    and, as personal data, deleted on request; nobody adds or changes one."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ContactViewSet(SnippetViewSet):
    """Organizations' contact persons harvested in the CBD's ``contact`` format (``cbd.py``):
    personal data, so only people given the contact permissions (superusers) see them."""

    model = Contact
    icon = "mail"
    list_display = ["__str__", "organization_name", "partner", "country", "email", "updated_at"]
    list_filter = ["country"]
    search_fields = ["first_name", "last_name", "email", "organization_name"]
    inspect_view_enabled = True
    copy_view_enabled = False


register_permission_policy(Contact, ContactPermissionPolicy(Contact))


class PartnersViewSetGroup(SnippetViewSetGroup):
    items = (OrganizationRequestViewSet, PartnerMembershipViewSet, ContactViewSet)
    menu_icon = "group"
    menu_label = _("Partners")
    menu_order = 410


register_snippet(PartnersViewSetGroup)


@hooks.register("register_member_dashboard_card")
def partners_dashboard_card(request):
    """On the member dashboard: the member's organizations and requests waiting for review."""
    return DashboardCard("partners/dashboard_card.html", order=200)


@hooks.register("register_member_data_export")
def export_partner_data(user):
    """The member's organization requests and memberships (data export)."""
    from community.members.export import absolute_url

    return {
        "organization_requests": [
            {
                "organization": request.organization_name,
                "role_description": request.role_description,
                "status": request.status,
                "requested_at": request.created_at,
                "decided_at": request.decided_at,
            }
            for request in OrganizationRequest.objects.filter(requested_by=user)
        ],
        "organization_memberships": [
            {
                "organization": membership.partner.title,
                "url": absolute_url(membership.partner.url)
                if membership.partner.live and membership.partner.url
                else None,
                "role": membership.role,
                "since": membership.created_at,
            }
            for membership in PartnerMembership.objects.filter(user=user).select_related("partner")
        ],
    }

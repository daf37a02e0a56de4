"""Cooperation in the Wagtail admin."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import CooperationViewSetGroup, HelpdeskPermissionPolicy
from .models import Offer, SupportRequest

# -- the helpdesk queue and assistance types (part A) ------------------------------------------

register_permission_policy(SupportRequest, HelpdeskPermissionPolicy(SupportRequest))
register_permission_policy(Offer, HelpdeskPermissionPolicy(Offer))


@hooks.register("register_admin_viewset")
def register_cooperation_viewsets():
    return CooperationViewSetGroup()

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import HarvestingViewSetGroup, RunPermissionPolicy, read_only_notice
from .models import HarvestRun, provenance_of

register_permission_policy(HarvestRun, RunPermissionPolicy(HarvestRun))


@hooks.register("register_admin_viewset")
def register_harvesting_viewsets():
    return HarvestingViewSetGroup()


@hooks.register("before_edit_page")
def harvested_pages_are_read_only(request, page):
    """A harvested page is edited at its source; here only a new harvest changes it (editors
    may still unpublish or delete it)."""
    provenance = provenance_of(page)
    if provenance is not None:
        return read_only_notice(request, page, provenance)
    return None

from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from chm.submissions import submit_for_review, unique_slug

from .forms import (
    AddMemberForm,
    MembershipChangeForm,
    OrganizationRequestForm,
    PartnerDetailsForm,
)
from .models import OrganizationRequest, PartnerIndexPage, PartnerMembership, PartnerPage
from .permissions import can_edit_partner, can_manage_members, can_request_organization

MAP_MAX_POINTS = 2000  # keeps the map's download small; the list has every partner
MAP_ASSETS = ("vendor/leaflet/leaflet.js", "vendor/world/land-110m.geojson")


@lru_cache(maxsize=1)
def map_assets_available():
    """Whether `make vendor` has built the map's assets; without them the directory is a list."""

    def exists(path):
        try:
            return staticfiles_storage.exists(path)
        except Exception:  # noqa: BLE001 - a storage without STATIC_ROOT yet
            return False

    return all(exists(path) or finders.find(path) for path in MAP_ASSETS)


def _index_for(request):
    site = Site.find_for_request(request)
    indexes = PartnerIndexPage.objects.live()
    if site is not None:
        indexes = indexes.descendant_of(site.root_page, inclusive=True)
    return indexes.first() or PartnerIndexPage.objects.live().first()


@require_GET
def map_data(request):
    """Partners matching the directory's filters as map points (progressive enhancement).

    Each point carries an exact position when the organization gave one, else its country's
    M49 code, which the map script places at the country's centroid.
    """
    index_page = _index_for(request)
    if index_page is None:
        raise Http404
    _form, partners = index_page.filtered_children(request)
    points = [
        {
            "name": partner.display_name,
            "url": partner.url,
            "type": partner.get_organization_type_display(),
            "country": partner.country.label if partner.country_id else "",
            "m49": partner.country.m49 if partner.country_id else "",
            "lat": partner.latitude,
            "lng": partner.longitude,
        }
        for partner in partners.select_related("country")[:MAP_MAX_POINTS]
    ]
    return JsonResponse({"partners": points})


def _partner_or_404(page_id):
    return get_object_or_404(PartnerPage.objects.live(), pk=page_id)


def _save_logo(upload, partner, user):
    image = get_image_model()(
        title=partner.title,
        file=upload,
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user,
    )
    image.save()
    return image


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, page_id):
    """Organization admins edit their page. Each save is a new revision, published at once:
    admins were vouched for by an editor when the organization was approved, every change is
    kept in the page history (editors can compare and roll back), and a moderation step for
    every typo fix would leave partner pages out of date."""
    partner = _partner_or_404(page_id)
    if not can_edit_partner(request.user, partner):
        raise PermissionDenied
    page = partner.get_latest_revision_as_object()
    form = PartnerDetailsForm(request.POST or None, request.FILES or None, instance=page)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.apply_to(page)
                if form.cleaned_data.get("logo_file"):
                    page.logo = _save_logo(form.cleaned_data["logo_file"], page, request.user)
                revision = page.save_revision(user=request.user, log_action=True)
                # The rule was checked above (permissions.can_edit_partner), not Wagtail's
                # page permissions, which only apply to admin users.
                revision.publish(user=request.user, skip_permission_checks=True)
            messages.success(request, _("The organization's page has been updated."))
            return redirect(partner.url)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@login_required
@require_http_methods(["GET", "POST"])
def partner_members(request, page_id):
    partner = _partner_or_404(page_id)
    if not can_manage_members(request.user, partner):
        raise PermissionDenied
    add_form = AddMemberForm(partner=partner)
    if request.method == "POST":
        if "email" in request.POST:
            add_form = AddMemberForm(request.POST, partner=partner)
            if add_form.is_valid():
                PartnerMembership.objects.create(
                    partner=partner, user=add_form.user, role=add_form.cleaned_data["role"]
                )
                messages.success(request, _("The member has been added."))
                return redirect("partners:members", page_id=partner.pk)
        else:
            change = MembershipChangeForm(request.POST, partner=partner)
            if change.is_valid():
                membership = change.cleaned_data["membership"]
                if change.cleaned_data["action"] == "remove":
                    membership.delete()
                    messages.success(request, _("The member has been removed."))
                else:
                    membership.role = change.cleaned_data["action"]
                    membership.save(update_fields=["role"])
                    messages.success(request, _("The role has been changed."))
                return redirect("partners:members", page_id=partner.pk)
            for error in change.non_field_errors() or [_("The change could not be made.")]:
                messages.error(request, error)
    memberships = partner.memberships.select_related("user__profile").order_by(
        "role", "user__profile__display_name"
    )
    return render(
        request,
        "partners/partner_members.html",
        {"partner": partner, "memberships": memberships, "add_form": add_form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_request(request):
    """A member asks to add an organization: a draft page submitted to the page's moderation
    workflow, and a request that records who asked. Editors approve by publishing."""
    index_page = _index_for(request)
    if index_page is None:
        raise Http404
    if not can_request_organization(request.user):
        messages.error(
            request, _("You already have requests waiting for review. Please wait for them.")
        )
        return redirect(index_page.url)
    form = OrganizationRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                page = PartnerPage(live=False, owner=request.user)
                form.apply_to(page)
                page.slug = unique_slug(index_page, page.title, "organization")
                if form.cleaned_data.get("logo_file"):
                    page.logo = _save_logo(form.cleaned_data["logo_file"], page, request.user)
                # ClusterableModel.save() also writes the parental many-to-many values.
                index_page.add_child(instance=page)
                OrganizationRequest.objects.create(
                    page=page,
                    organization_name=page.title,
                    requested_by=request.user,
                    role_description=form.cleaned_data["role_description"],
                )
                submit_for_review(page, request.user)
            messages.success(
                request,
                _("Thank you. Editors will review the organization and let you know by email."),
            )
            return redirect("members:dashboard")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request, "partners/organization_request.html", {"form": form, "index_page": index_page}
    )


@require_POST
@login_required
def leave_organization(request, page_id):
    partner = _partner_or_404(page_id)
    membership = PartnerMembership.objects.filter(partner=partner, user=request.user).first()
    if membership is None:
        raise Http404
    if membership.role == PartnerMembership.Role.ADMIN and partner.admin_memberships().count() == 1:
        messages.error(request, _("Name another administrator before you leave."))
        return redirect(partner.url)
    membership.delete()
    messages.success(request, _("You have left the organization."))
    return redirect(partner.url)

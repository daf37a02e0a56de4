from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chm import ratelimit

from .dashboard import dashboard_cards
from .export import member_data_json
from .forms import DeleteAccountForm, ProfileForm
from .models import Profile
from .permissions import can_edit_profile, can_view_profile
from .roles import focal_point_countries
from .services import delete_account, profile_for


@login_required
def dashboard(request):
    profile = profile_for(request.user)
    context = {"profile": profile, "cards": dashboard_cards(request)}
    return render(request, "members/dashboard.html", context)


def profile_detail(request, uuid):
    profile = get_object_or_404(
        Profile.objects.select_related("country", "user").prefetch_related(
            "constituencies", "languages"
        ),
        uuid=uuid,
    )
    if not can_view_profile(request.user, profile):
        # A private profile looks the same as a missing one: its existence is not disclosed.
        raise Http404
    return render(
        request,
        "members/profile_detail.html",
        {
            "profile": profile,
            "can_edit": can_edit_profile(request.user, profile),
            "focal_point_countries": focal_point_countries(profile.user).order_by("name"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, uuid=None):
    profile = profile_for(request.user) if uuid is None else get_object_or_404(Profile, uuid=uuid)
    if not can_edit_profile(request.user, profile):
        raise PermissionDenied
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect(profile.get_absolute_url())
        messages.error(request, _("Please correct the errors below."))
    else:
        form = ProfileForm(instance=profile)
    return render(request, "members/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, _("Your account and personal data have been deleted."))
        return redirect("/")
    return render(request, "members/account_delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    """GET explains what the export holds; only a POST (with its CSRF token, so no other site
    can trigger it) sends the file, to the signed-in member alone."""
    if request.method == "POST":
        verdict = ratelimit.hit(request, "members.export")
        if not verdict.allowed:
            messages.error(
                request,
                _(
                    "You have downloaded your data %(count)d times %(period)s; you can "
                    "download it again in %(wait)s."
                )
                % {
                    "count": verdict.limit,
                    "period": verdict.period_text,
                    "wait": verdict.wait_text,
                },
            )
            return render(request, "members/data_export.html", status=429)
        response = HttpResponse(
            member_data_json(request.user), content_type="application/json; charset=utf-8"
        )
        filename = f"chm-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        add_never_cache_headers(response)
        return response
    return render(request, "members/data_export.html")

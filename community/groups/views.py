"""Group pages. A group someone may not see is a 404 (an unlisted group is not disclosed);
an action they may not take is a 403. Every rule is asked of ``permissions``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chm import ratelimit
from community.members.permissions import can_view_profile

from . import permissions, services
from .forms import DecisionForm, JoinRequestForm
from .models import JoinRequest


def _group_or_404(user, slug):
    queryset = permissions.visible_groups(user).select_related("group", "constituency")
    return get_object_or_404(queryset, slug=slug)


def _people(viewer, users):
    """(name, url) for each user, as ``viewer`` may see them: a profile the viewer may not
    see is "a member", unlinked."""
    people = []
    for user in users:
        profile = getattr(user, "profile", None)
        if profile is not None and can_view_profile(viewer, profile):
            people.append((profile.display_name, profile.get_absolute_url()))
        else:
            people.append((_("a member"), None))
    return people


def group_list(request):
    groups = permissions.visible_groups(request.user).select_related("constituency")
    member_of = set()
    if request.user.is_authenticated:
        member_of = set(request.user.groups.values_list("pk", flat=True))
    rows = [(group, group.group_id in member_of) for group in groups]
    return render(request, "groups/group_list.html", {"rows": rows})


def group_detail(request, slug):
    profile = _group_or_404(request.user, slug)
    user = request.user
    is_manager = permissions.is_manager(user, profile)
    own_request = None
    if user.is_authenticated:
        own_request = JoinRequest.objects.pending().filter(group_profile=profile, user=user).first()
    refusal = permissions.join_refusal(user, profile)
    managers = profile.managers.filter(is_active=True).select_related("profile")
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": profile,
            "is_member": permissions.is_member(user, profile),
            "is_manager": is_manager,
            "pending_count": profile.join_requests.pending().count() if is_manager else 0,
            "own_request": own_request,
            "refusal": refusal,
            "form": JoinRequestForm() if refusal is None else None,
            "managers": _people(user, managers),
        },
    )


@login_required
@require_POST
def join(request, slug):
    profile = _group_or_404(request.user, slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(errors))
        return redirect(profile.get_absolute_url())
    verdict = ratelimit.hit(request, "groups.join")
    if not verdict.allowed:
        messages.error(
            request,
            _("You have sent many requests %(period)s; you can try again in %(wait)s.")
            % {"period": verdict.period_text, "wait": verdict.wait_text},
        )
        return redirect(profile.get_absolute_url())
    try:
        services.request_to_join(request.user, profile, form.cleaned_data["message"])
    except services.JoinRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Your request has been sent. You will get an email when a manager has decided."),
        )
    return redirect(profile.get_absolute_url())


@login_required
def pending_requests(request, slug):
    profile = _group_or_404(request.user, slug)
    if not permissions.is_manager(request.user, profile):
        raise PermissionDenied
    join_requests = list(
        profile.join_requests.pending().select_related("user__profile").order_by("created_at")
    )
    rows = []
    for join_request in join_requests:
        # The requester's own display name, even for a private profile: asking to join shows
        # it to the managers, as the request form says. The link only if they may see it.
        profile = getattr(join_request.user, "profile", None)
        name = profile.display_name if profile else join_request.user.get_username()
        url = (
            profile.get_absolute_url()
            if profile and can_view_profile(request.user, profile)
            else None
        )
        rows.append((join_request, name, url, DecisionForm(prefix=str(join_request.uuid))))
    return render(request, "groups/requests.html", {"group": profile, "rows": rows})


@login_required
@require_POST
def decide(request, uuid):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("group_profile", "user"), uuid=uuid
    )
    profile = join_request.group_profile
    if not permissions.can_decide(request.user, join_request):
        raise PermissionDenied
    form = DecisionForm(request.POST, prefix=str(join_request.uuid))
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(errors))
        return redirect("groups:requests", slug=profile.slug)
    if form.cleaned_data["decision"] == "approve":
        services.approve(request.user, join_request)
        messages.success(request, _("Request approved: the member has joined the group."))
    else:
        services.decline(request.user, join_request, form.cleaned_data["reason"].strip())
        messages.success(request, _("Request declined; the member has been told why."))
    return redirect("groups:requests", slug=profile.slug)


@login_required
@require_POST
def withdraw(request, uuid):
    join_request = get_object_or_404(JoinRequest, uuid=uuid, user=request.user)
    services.withdraw(request.user, join_request)
    messages.success(request, _("Your request has been withdrawn."))
    return redirect(join_request.group_profile.get_absolute_url())

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from chm import ratelimit
from chm.listings import paginate, warn_invalid_filters
from community.members.services import profile_for

from .forms import ContactExpertForm, ExpertFilterForm, ExpertProfileForm
from .models import ExpertProfile
from .permissions import (
    can_contact_expert,
    can_edit_expert,
    can_view_expert,
    listed_experts,
    shown_fields,
)
from .tasks import send_expert_message

PER_PAGE = 20


def directory(request):
    form = ExpertFilterForm(request.GET or None)
    experts = (
        listed_experts(request.user)
        .select_related("profile", "profile__country", "language")
        .prefetch_related("expertise", "targets")
    )
    experts = form.filter(experts)
    warn_invalid_filters(request, form)
    page_obj = paginate(request, experts, PER_PAGE)
    own = None
    if request.user.is_authenticated:
        own = ExpertProfile.objects.filter(profile__user=request.user).first()
    return render(
        request,
        "experts/directory.html",
        {
            "filter_form": form,
            "page_obj": page_obj,
            "experts": page_obj.object_list,
            "own_expert_profile": own,
        },
    )


def _expert_or_404(uuid, user):
    expert = get_object_or_404(
        ExpertProfile.objects.select_related(
            "profile", "organization", "language"
        ).prefetch_related("expertise", "languages", "countries", "targets", "thematic_areas"),
        uuid=uuid,
    )
    if not can_view_expert(user, expert):
        # Not disclosed: a hidden profile looks the same as a missing one.
        raise Http404
    return expert


def detail(request, uuid):
    expert = _expert_or_404(uuid, request.user)
    return render(
        request,
        "experts/detail.html",
        {
            "expert": expert,
            "shown": shown_fields(request.user, expert),
            "can_edit": can_edit_expert(request.user, expert),
            "can_contact": can_contact_expert(request.user, expert),
            "is_public": expert.visibility == ExpertProfile.Visibility.PUBLIC,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request):
    """Join the roster (first save) or edit one's own expert profile."""
    profile = profile_for(request.user)
    expert = ExpertProfile.objects.filter(profile=profile).first()
    if expert is not None and not can_edit_expert(request.user, expert):
        raise PermissionDenied
    form = ExpertProfileForm(request.POST or None, instance=expert)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                expert = form.save(commit=False)
                expert.profile = profile
                expert.save()
                form.save_m2m()
            messages.success(request, _("Your expert profile has been saved."))
            return redirect(expert.get_absolute_url())
        messages.error(request, _("Please correct the errors below."))
    return render(request, "experts/form.html", {"form": form, "expert": expert})


def _limit_message(verdict):
    if not verdict.per_account:
        return ratelimit.network_message(verdict)
    return ngettext(
        "You have sent %(count)d message %(period)s, the most allowed; you can send another "
        "in %(wait)s.",
        "You have sent %(count)d messages %(period)s, the most allowed; you can send another "
        "in %(wait)s.",
        verdict.limit,
    ) % {"count": verdict.limit, "period": verdict.period_text, "wait": verdict.wait_text}


@login_required
@require_http_methods(["GET", "POST"])
def contact(request, uuid):
    expert = _expert_or_404(uuid, request.user)
    if not can_contact_expert(request.user, expert):
        raise PermissionDenied
    form = ContactExpertForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            verdict = ratelimit.hit(request, "experts.contact")
            if not verdict.allowed:
                messages.error(request, _limit_message(verdict))
                return render(
                    request, "experts/contact.html", {"form": form, "expert": expert}, status=429
                )
            send_expert_message.enqueue(
                expert.pk,
                request.user.pk,
                form.cleaned_data["subject"],
                form.cleaned_data["message"],
            )
            messages.success(request, _("Your message has been sent."))
            return redirect(expert.get_absolute_url())
        messages.error(request, _("Please correct the errors below."))
    return render(request, "experts/contact.html", {"form": form, "expert": expert})

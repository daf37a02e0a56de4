from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chm.submissions import submission_status

from .forms import EventSubmissionForm
from .permissions import can_submit_event, submissions_of
from .services import events_index, submit_event


@login_required
@require_http_methods(["GET", "POST"])
def submit(request):
    if not can_submit_event(request.user):
        raise PermissionDenied(_("Confirm your email address before submitting events."))
    index_page = events_index()
    if index_page is None:
        messages.error(request, _("Events cannot be submitted yet: there is no events section."))
        return redirect("events:my_submissions")
    if request.method == "POST":
        form = EventSubmissionForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            page = submit_event(form.cleaned_data, request.user, index_page)
            messages.success(
                request,
                _("Thank you. “%(title)s” has been sent to the editors for review.")
                % {"title": page.title},
            )
            return redirect("events:my_submissions")
        messages.error(request, _("Please correct the errors below."))
    else:
        # "Submit an event for this organization" on a partner page preselects it.
        initial = {"organizer_partner": request.GET.get("organizer_partner")}
        form = EventSubmissionForm(user=request.user, initial=initial)
    return render(request, "events/submit.html", {"form": form, "index_page": index_page})


@login_required
def my_submissions(request):
    events = submissions_of(request.user).order_by("-latest_revision_created_at", "-pk")
    page_obj = Paginator(events, 25).get_page(request.GET.get("page"))
    rows = [(event, submission_status(event)) for event in page_obj.object_list]
    return render(
        request,
        "events/my_submissions.html",
        {
            "rows": rows,
            "page_obj": page_obj,
            "can_submit": can_submit_event(request.user),
        },
    )

"""Submitting an event for review, the review workflow, and a submission's status."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Workflow, WorkflowPage, WorkflowState
from wagtail.users.models import UserProfile

from community.members.services import profile_for
from community.partners.permissions import can_publish_for

from .models import EventIndexPage, EventPage

WORKFLOW_NAME = "Partner event review"


def event_workflow():
    """The review workflow for partner events (created by migration 0002)."""
    return Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()


def assign_workflow(index_page):
    """Put an events index page under the partner event review, unless it has a workflow."""
    workflow = event_workflow()
    if workflow is not None and not WorkflowPage.objects.filter(page=index_page).exists():
        WorkflowPage.objects.create(page=index_page, workflow=workflow)


def events_index():
    return EventIndexPage.objects.live().order_by("path").first()


def _unique_slug(parent, title):
    base = slugify(title)[:70] or "event"
    slug, counter = base, 2
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def submit_event(data, user, index_page):
    """Create the event as a draft and start its review with ``user`` as the requester.

    ``data`` is an ``EventSubmissionForm``'s cleaned data. Everything happens in one
    transaction: if any step fails, no page, image or workflow is left behind. An event
    published on behalf of an organization needs the user to be one of its admins.
    """
    partner = data.get("organizer_partner")
    if partner is not None and not can_publish_for(user, partner):
        raise PermissionDenied("The user may not publish events for this organization.")
    image = None
    if data.get("image"):
        image = get_image_model().objects.create(
            title=data.get("image_alt") or data["title"],
            file=data["image"],
            uploaded_by_user=user,
        )
    page = EventPage(
        title=data["title"],
        slug=_unique_slug(index_page, data["title"]),
        summary=data["summary"],
        description=data.get("description", ""),
        start=data["start"],
        end=data["end"],
        time_zone=data["time_zone"],
        all_day=bool(data.get("all_day")),
        event_format=data["event_format"],
        venue=data.get("venue", ""),
        address=data.get("address", ""),
        online_url=data.get("online_url", ""),
        organizer_partner=partner,
        organizer_name=data.get("organizer_name", ""),
        organizer_member=profile_for(user),
        submitted_by=user,
        registration_url=data.get("registration_url", ""),
        registration_deadline=data.get("registration_deadline"),
        image=image,
        image_alt=data.get("image_alt", ""),
        live=False,
        owner=user,
    )
    index_page.add_child(instance=page)
    page.targets.set(data.get("targets") or [])
    page.countries.set(data.get("countries") or [])
    page.thematic_areas.set(data.get("thematic_areas") or [])
    page.languages.set(data.get("languages") or [])
    page.save_revision(user=user, log_action=True)
    _use_portal_notifications(user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page


def _use_portal_notifications(user):
    """Members without admin access hear the outcome from us (events.tasks), with links to
    "my submissions"; Wagtail's own approval emails would link them to an admin they cannot
    open, so those are switched off for them."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


@dataclass
class SubmissionStatus:
    code: str  # "moderation", "published", "rejected", "withdrawn", "draft", "unpublished"
    label: str
    comment: str = ""


def submission_status(page):
    """Where a submitted event stands, as its submitter should see it."""
    state = (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return SubmissionStatus("moderation", _("In moderation"))
    if page.live:
        return SubmissionStatus("published", _("Approved and published"))
    if state is None:
        return SubmissionStatus("draft", _("Draft"))
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = state.current_task_state.comment if state.current_task_state else ""
        return SubmissionStatus("rejected", _("Not approved"), comment or "")
    if state.status == WorkflowState.STATUS_CANCELLED:
        return SubmissionStatus("withdrawn", _("Withdrawn"))
    return SubmissionStatus("unpublished", _("Approved, no longer published"))

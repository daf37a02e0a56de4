"""Submitting an event for review (through the shared flow in ``chm.submissions``) and the
review workflow events go through."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Workflow, WorkflowPage

from chm.submissions import submit_for_review, unique_slug
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
        slug=unique_slug(index_page, data["title"], "event"),
        summary=data["summary"],
        description=data.get("description", ""),
        written_in=data.get("language"),
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
    submit_for_review(page, user)
    return page

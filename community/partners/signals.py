"""Approving or rejecting a member's organization request follows what editors do to its draft
page in the Wagtail admin: publishing it approves the request, rejecting it in the moderation
workflow rejects it. Either way the requester is told by email (in the background)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from wagtail.models import Page
from wagtail.signals import page_published, workflow_rejected

from .models import OrganizationRequest, PartnerMembership, PartnerPage
from .tasks import notify_request_decision


def _decide(request, status):
    request.status = status
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    transaction.on_commit(lambda: notify_request_decision.enqueue(request.pk))


@receiver(page_published, sender=PartnerPage, dispatch_uid="partners-approve-request")
def approve_request_on_publish(sender, instance, **kwargs):
    request = OrganizationRequest.objects.filter(
        page_id=instance.pk, status=OrganizationRequest.Status.PENDING
    ).first()
    if request is None:
        return
    PartnerMembership.objects.update_or_create(
        partner=instance,
        user=request.requested_by,
        defaults={"role": PartnerMembership.Role.ADMIN},
    )
    _decide(request, OrganizationRequest.Status.APPROVED)


@receiver(workflow_rejected, dispatch_uid="partners-reject-request")
def reject_request_on_workflow_rejection(sender, instance, **kwargs):
    """``instance`` is the WorkflowState; its ``content_object`` is the page."""
    page_type = ContentType.objects.get_for_model(Page)
    if instance.base_content_type_id != page_type.pk:
        return
    page_id = instance.object_id
    request = OrganizationRequest.objects.filter(
        page_id=int(page_id), status=OrganizationRequest.Status.PENDING
    ).first()
    if request is not None:
        _decide(request, OrganizationRequest.Status.REJECTED)

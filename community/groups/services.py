"""What happens when members ask to join a group and managers decide: one transaction per
action. The emails are enqueued inside it (with the database task backend the task row commits
or rolls back with the request it is about) and check the request again when they are sent."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from . import permissions
from .models import JoinRequest


class JoinRefused(Exception):
    """The member may not ask to join; ``str()`` says why, in words for them."""


@transaction.atomic
def request_to_join(user, profile, message=""):
    refusal = permissions.join_refusal(user, profile)
    if refusal:
        raise JoinRefused(refusal)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                group_profile=profile,
                user=user,
                message=message,
                language=translation.get_language() or "",
            )
    except IntegrityError as error:  # a second request sent at the same moment
        raise JoinRefused(permissions.join_refusal(user, profile) or str(error)) from error
    from .tasks import notify_managers

    notify_managers.enqueue(join_request.pk)
    return join_request


def _decide(user, join_request, status, reason=""):
    # Lock the row: two managers deciding at once cannot both act on it.
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not permissions.can_decide(user, join_request):
        raise PermissionDenied
    join_request.status = status
    join_request.reason = reason
    join_request.decided_at = timezone.now()
    join_request.decided_by = user
    join_request.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    from .tasks import notify_requester

    notify_requester.enqueue(join_request.pk)
    return join_request


@transaction.atomic
def approve(user, join_request):
    """Add the member to the Django group: they see what is restricted to it at once."""
    group = join_request.group_profile.group
    if permissions.grants_permissions(group):
        # Permissions were added to the group after the request: nobody gets them this way.
        raise PermissionDenied
    join_request = _decide(user, join_request, JoinRequest.Status.APPROVED)
    join_request.user.groups.add(group)
    return join_request


@transaction.atomic
def decline(user, join_request, reason):
    return _decide(user, join_request, JoinRequest.Status.DECLINED, reason)


@transaction.atomic
def withdraw(user, join_request):
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not permissions.can_withdraw(user, join_request):
        raise PermissionDenied
    join_request.status = JoinRequest.Status.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    return join_request

"""Emails about requests to join a group (django-tasks), each checked again when it is sent."""

from django_tasks import task

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from chm.mail import send_mail
from chm.submissions import submitter_language

from .models import JoinRequest


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _language(code):
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _display_name(user):
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()


def _send(template, context, recipient):
    subject = render_to_string(f"groups/email/{template}_subject.txt", context)
    body = render_to_string(f"groups/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [recipient])


@task()
def notify_requester(join_request_id):
    """Tell the member what a manager decided, in the language they asked in."""
    join_request = (
        JoinRequest.objects.select_related("user", "group_profile")
        .filter(pk=join_request_id)
        .exclude(status__in=[JoinRequest.Status.PENDING, JoinRequest.Status.WITHDRAWN])
        .first()
    )
    if join_request is None:
        return False
    user = join_request.user
    if not user.is_active or not user.email:
        return False
    with translation.override(_language(join_request.language)):
        profile = join_request.group_profile
        context = {
            "join_request": join_request,
            "group_name": profile.label,
            "approved": join_request.status == JoinRequest.Status.APPROVED,
            "name": _display_name(user),
            "group_url": _absolute(profile.get_absolute_url()),
        }
        _send("decision", context, user.email)
    return True


@task()
def notify_managers(join_request_id):
    """Tell the group's managers that a member asks to join, each in their own language."""
    join_request = (
        JoinRequest.objects.select_related("user__profile", "group_profile")
        .filter(pk=join_request_id, status=JoinRequest.Status.PENDING)
        .first()
    )
    if join_request is None:
        return 0
    profile = join_request.group_profile
    sent = 0
    for manager in profile.managers.filter(is_active=True).exclude(email=""):
        with translation.override(submitter_language(manager)):
            context = {
                "join_request": join_request,
                "group_name": profile.label,
                "requester": _display_name(join_request.user),
                "name": _display_name(manager),
                "requests_url": _absolute(
                    reverse("groups:requests", kwargs={"slug": profile.slug})
                ),
            }
            _send("new_request", context, manager.email)
        sent += 1
    return sent

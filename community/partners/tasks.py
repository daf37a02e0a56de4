"""Background work for partner organizations (django-tasks)."""

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from .models import OrganizationRequest


@task()
def notify_request_decision(request_id):
    """Tell the member who asked for an organization what the editors decided."""
    request = (
        OrganizationRequest.objects.select_related("requested_by", "page")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.status == OrganizationRequest.Status.PENDING:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if request.status == OrganizationRequest.Status.APPROVED:
            subject = _("Your organization is now listed: %(name)s")
            body = _(
                "Editors approved %(name)s. You are its administrator and can edit its page "
                "here: %(url)s"
            )
        else:
            subject = _("Your organization request was not approved: %(name)s")
            body = _("Editors did not approve %(name)s. You may reply to this message to ask why.")
        url = request.page.get_full_url() if request.page and request.page.live else ""
        values = {"name": request.organization_name, "url": url}
        send_mail(
            subject % values,
            body % values,
            settings.DEFAULT_FROM_EMAIL,
            [request.requested_by.email],
        )

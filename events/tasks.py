"""Background work of the events app (django-tasks)."""

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@task()
def notify_submitter(page_id, outcome, comment=""):
    """Tell the member who submitted an event that it was approved or not (with the comment)."""
    from .models import EventPage

    page = EventPage.objects.filter(pk=page_id).select_related("submitted_by").first()
    if page is None or page.submitted_by is None or not page.submitted_by.email:
        return
    from django.urls import reverse

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "page": page,
        "outcome": outcome,
        "comment": comment,
        "page_url": page.get_full_url() if page.live else None,
        "submissions_url": base + reverse("events:my_submissions"),
        "user": page.submitted_by,
    }
    with translation.override(page.locale.language_code if page.locale_id else None):
        subject = render_to_string("events/email/review_subject.txt", context).strip()
        body = render_to_string("events/email/review_body.txt", context)
    send_mail(
        subject, body, settings.DEFAULT_FROM_EMAIL, [page.submitted_by.email], fail_silently=False
    )

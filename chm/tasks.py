"""Background work of the site shell (django-tasks)."""

from django_tasks import task

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from wagtail.models import Page, WorkflowState

from chm.mail import send_mail
from exchange.links import absolute_url, page_url


@task()
def notify_submitter(page_id, outcome, comment=""):
    """Tell the member who submitted a page what the editors decided: approved, not approved
    (with their comment) or withdrawn, in the language the member uses the site in.

    Checked again at send time: the page and its submitter must still exist, and a withdrawal
    is not announced once the page is back in review or published (a restarted workflow).
    """
    from .submissions import CANCELLED, SubmittablePage, latest_workflow_state, submitter_language

    page = Page.objects.filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if not isinstance(page, SubmittablePage):
        return
    submitter = page.get_submitter()
    if submitter is None or not submitter.is_active or not submitter.email:
        return
    if outcome == CANCELLED:
        state = latest_workflow_state(page)
        if page.live or (state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS):
            return
    with translation.override(submitter_language(submitter)):
        context = {
            "page": page,
            "noun": page.submission_noun,
            "outcome": outcome,
            "comment": comment,
            "note": page.get_submission_note(outcome),
            "page_url": page_url(page) if page.live else None,
            "submissions_url": absolute_url(page.get_submissions_url()),
            "user": submitter,
        }
        subject = render_to_string("chm/email/review_subject.txt", context)
        body = render_to_string("chm/email/review_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [submitter.email])

"""Index updates run as django-tasks background tasks.

With the production database task backend the task row is written in the same transaction as
the change that caused it, so a worker never indexes a record that was rolled back.
"""

import logging

from django_tasks import task

from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from chm.i18n import url_in_language
from chm.retry import retrying

from .backends import get_backend
from .backends.base import SearchUnavailable
from .records import refresh

logger = logging.getLogger(__name__)


#: A search engine or database that is briefly away: index updates are retried with back-off
#: (``chm.retry``) instead of failing, and never fail the save that enqueued them.
INDEX_ERRORS = (SearchUnavailable, DatabaseError)


@task(takes_context=True)
@retrying(on=INDEX_ERRORS, savepoint=True)
def index_record(app_label, model_name, pk):
    """Add, replace or remove one record, whichever its current state calls for."""
    return refresh(app_label, model_name, str(pk))


@task(takes_context=True)
@retrying(on=INDEX_ERRORS, savepoint=True)
def remove_record(uuid):
    get_backend().remove(uuid)


@task(takes_context=True)
@retrying(on=INDEX_ERRORS, savepoint=True)
def index_page_tree(page_id):
    """Re-index a page and its descendants (after a move or a privacy change)."""
    from wagtail.models import Page

    from exchange.serializers import serializer_for

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    count = 0
    for item in Page.objects.descendant_of(page, inclusive=True).specific().iterator():
        if serializer_for(item) is not None:
            refresh(item._meta.app_label, item._meta.model_name, str(item.pk))
            count += 1
    return count


@task()
def send_search_digests(frequency):
    """Email each member whose saved search runs at ``frequency`` ("daily" or "weekly") the
    records newly matching it. One member's failure (a refused address, a mail server
    hiccup) is logged and does not stop the others; that search's mark stays, so its records
    come in the next digest. Returns how many emails were sent."""
    from .saved import due_searches

    sent = 0
    for saved in due_searches(frequency).iterator():
        try:
            sent += send_search_digest(saved)
        except Exception:
            logger.exception("Digest of saved search %s failed", saved.pk)
    return sent


def send_search_digest(saved, now=None):
    """Send one saved search's digest if something is new; advance its mark only after the
    email has gone (or when nothing was new). Returns 1 if an email was sent, else 0."""
    from chm.submissions import submitter_language
    from exchange.links import absolute_url

    from .facets import value_labels
    from .models import SavedSearch
    from .permissions import searcher_audiences
    from .saved import new_hits, unsubscribe_token

    now = now or timezone.now()
    user = saved.user
    language = submitter_language(user)
    with translation.override(language):
        hits, count = new_hits(
            saved, audiences=searcher_audiences(user), language=language, until=now
        )
        if hits and user.email:
            types = value_labels("type", {hit.record_type for hit in hits})
            unsubscribe_url = absolute_url(
                reverse("search:unsubscribe", args=[unsubscribe_token(saved)])
            )
            context = {
                "saved": saved,
                "count": count,
                "more": count - len(hits),
                "items": [
                    {
                        "title": hit.title,
                        "type": types.get(hit.record_type, hit.record_type),
                        "published": hit.published,
                        "url": absolute_url(url_in_language(hit.url)),
                    }
                    for hit in hits
                ],
                "search_url": absolute_url(saved.search_url() + "&sort=date"),
                "settings_url": absolute_url(reverse("search:saved")),
                "unsubscribe_url": unsubscribe_url,
                "language": language,
                "language_bidi": translation.get_language_bidi(),
            }
            subject = render_to_string("search/email/digest_subject.txt", context).strip()
            context["subject"] = subject
            message = EmailMultiAlternatives(
                subject,
                render_to_string("search/email/digest.txt", context),
                to=[user.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            message.attach_alternative(
                render_to_string("search/email/digest.html", context), "text/html"
            )
            message.send()
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=now)
    return 1 if hits and user.email else 0

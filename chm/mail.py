"""Email goes out through a background task that retries while the mail server is away.

``send_mail`` has Django's signature and hands the message to ``deliver_email``, so a request
or a task that sends mail never fails because the mail server refuses, times out or is down:
the message is retried with back-off (``chm.retry``) and, after the last attempt, logged as
lost. With the immediate task backend (development, tests) the message is sent at once and a
failure is logged and recorded on the task result, not raised into the page.
"""

import logging
import smtplib

from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .retry import retrying

logger = logging.getLogger(__name__)

#: What a mail server being away looks like: SMTP errors, refused or reset connections,
#: timeouts and unresolvable host names (all ``OSError``).
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def message_data(message):
    """A JSON-serialisable copy of an ``EmailMessage`` (attachments aside), for the task."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def build_message(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=data.get("to") or [],
        cc=data.get("cc") or [],
        bcc=data.get("bcc") or [],
        reply_to=data.get("reply_to") or [],
        headers=data.get("headers") or {},
    )
    for content, mimetype in data.get("alternatives") or []:
        message.attach_alternative(content, mimetype)
    message.content_subtype = data.get("content_subtype") or "plain"
    return message


def delivery_connection():
    """The backend that really sends: ``EMAIL_DELIVERY_BACKEND`` when ``EMAIL_BACKEND`` is the
    queue (production), else ``EMAIL_BACKEND`` itself (development, tests)."""
    path = getattr(settings, "EMAIL_DELIVERY_BACKEND", "") or settings.EMAIL_BACKEND
    if path == QUEUE_BACKEND:
        path = "django.core.mail.backends.smtp.EmailBackend"
    return get_connection(path)


@task(takes_context=True)
@retrying(on=MAIL_ERRORS)
def deliver_email(data):
    """Send one message (``message_data``); retried with back-off on a mail-server error."""
    return delivery_connection().send_messages([build_message(data)])


def send_message(message):
    """Hand an ``EmailMessage`` to ``deliver_email``. Messages with attachments are sent at
    once, failures logged (attachments are not carried through the task queue)."""
    if getattr(message, "attachments", None):
        try:
            return delivery_connection().send_messages([message])
        except MAIL_ERRORS:
            logger.exception("Could not send an email with attachments to %s", message.to)
            return 0
    return deliver_email.enqueue(message_data(message))


QUEUE_BACKEND = "chm.mail.QueuedEmailBackend"


class QueuedEmailBackend(BaseEmailBackend):
    """``EMAIL_BACKEND`` in production: every email, whoever sends it (allauth, the Wagtail
    admin's password reset, Django's admin), goes through ``deliver_email`` and its retries
    instead of talking to the mail server inside the request."""

    def send_messages(self, email_messages):
        for message in email_messages:
            send_message(message)
        return len(email_messages)


def send_mail(subject, message, from_email, recipient_list, html_message=None):
    """``django.core.mail.send_mail`` through the retrying task (``deliver_email``)."""
    email = EmailMultiAlternatives(
        subject, message, from_email or settings.DEFAULT_FROM_EMAIL, recipient_list
    )
    if html_message:
        email.attach_alternative(html_message, "text/html")
    return send_message(email)


__all__ = ["MAIL_ERRORS", "QueuedEmailBackend", "deliver_email", "send_mail", "send_message"]

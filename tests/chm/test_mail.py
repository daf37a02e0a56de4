"""A failing mail server never takes a page down: mail goes through a retrying task."""

import logging

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from chm.mail import deliver_email, message_data, send_mail
from tests.members.test_accounts import SIGNUP

pytestmark = pytest.mark.django_db

FAILING_BACKENDS = [
    "tests.chm.faults.RefusingEmailBackend",
    "tests.chm.faults.SMTPErrorEmailBackend",
]


@pytest.mark.parametrize("backend", FAILING_BACKENDS)
def test_signup_succeeds_while_the_mail_server_fails(client, settings, backend, caplog):
    settings.EMAIL_BACKEND = backend
    with caplog.at_level(logging.ERROR):
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert "deliver_email" in caplog.text  # the lost message is logged


@pytest.mark.parametrize("backend", FAILING_BACKENDS)
def test_password_reset_succeeds_while_the_mail_server_fails(client, member, settings, backend):
    settings.EMAIL_BACKEND = backend
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302


def test_allauth_mail_still_arrives_through_the_task(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [SIGNUP["email"]]
    assert "/accounts/confirm-email/" in message.body


def test_send_mail_keeps_the_message_whole():
    send_mail("Subject", "Body", None, ["a@example.org"], html_message="<p>Body</p>")
    (message,) = mail.outbox
    assert message.subject == "Subject"
    assert message.body == "Body"
    assert message.to == ["a@example.org"]
    assert message.alternatives[0].content == "<p>Body</p>"


def test_reply_to_and_headers_survive_the_queue():
    from django.core.mail import EmailMessage

    data = message_data(
        EmailMessage("S", "B", "from@example.org", ["to@example.org"], reply_to=["r@example.org"])
    )
    deliver_email.enqueue(data)
    assert mail.outbox[0].reply_to == ["r@example.org"]
    assert mail.outbox[0].from_email == "from@example.org"


def test_a_failing_server_is_retried_later(settings):
    settings.EMAIL_BACKEND = "tests.chm.faults.RefusingEmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends
    from django_tasks.base import TaskContext

    result = send_mail("S", "B", None, ["a@example.org"])
    deliver_email.func(TaskContext(task_result=result), *result.args)
    retried = task_backends["default"].results[-1]
    assert retried.kwargs == {"attempt": 2}
    assert retried.task.run_after is not None


@pytest.mark.parametrize("backend", FAILING_BACKENDS)
def test_notification_tasks_survive_a_failing_server(settings, backend, member):
    """A task that sends mail (a submission decision, a forum notification) completes."""
    settings.EMAIL_BACKEND = backend
    result = send_mail("S", "B", None, [member.email])
    assert result.status == "FAILED"
    assert result.errors  # recorded on the task result, not raised


def test_production_queue_backend_delivers_through_the_task(settings):
    settings.EMAIL_BACKEND = "chm.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.mail import send_mail as django_send_mail

    assert django_send_mail("S", "B", "f@example.org", ["t@example.org"]) == 1
    assert mail.outbox[0].to == ["t@example.org"]


@pytest.mark.parametrize("backend", FAILING_BACKENDS)
def test_wagtail_admin_password_reset_survives_a_failing_server(client, editor, settings, backend):
    """Mail sent by code outside the project (Wagtail's admin password reset) is queued by
    the production ``QueuedEmailBackend``, so it cannot fail the page either."""
    settings.EMAIL_BACKEND = "chm.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = backend
    response = client.post("/admin/password_reset/", {"email": editor.email})
    assert response.status_code == 302

"""Account emails and messages speak as the portal to the member by name (issue 15, item 15):
no "[127.0.0.1:8000]" in subjects, "Successfully signed in as Amina Diallo", not as
member00003. Every email the site sends has a clean subject."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from community.forums.factories import CategoryFactory, ThreadFactory
from community.members.adapter import user_display
from community.members.factories import UserFactory
from community.members.models import Profile
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

SITE_NAME = "Biodiversity Clearing-House"
HOSTS = ("testserver", "127.0.0.1", "localhost", "chm.example.org")


def assert_clean_subject(subject):
    assert subject.strip(), "empty subject"
    assert "\n" not in subject and "\r" not in subject
    for host in HOSTS:
        assert host not in subject, f"{subject!r} names the host"
    assert not subject.startswith("[") or subject.startswith(f"[{SITE_NAME}] ")


def test_signed_in_message_greets_by_display_name(client, member, password):
    member.username = "member00003"
    member.save()
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": password}, follow=True
    )
    html = response.content.decode()
    assert "Successfully signed in as Amina Diallo." in html
    assert "member00003" not in html


def test_user_display_falls_back_without_a_profile(db):
    user = UserFactory(email="editor@example.org", first_name="", last_name="")
    Profile.objects.filter(user=user).delete()
    user = get_user_model().objects.get(pk=user.pk)
    assert user_display(user) == "editor@example.org"


def test_sign_up_confirmation_email_names_the_portal(client, settings):
    settings.BASE_URL = "https://chm.example.org"
    mail.outbox.clear()
    client.post(
        reverse("account_signup"),
        {
            "email": "new.member@example.org",
            "password1": "a-long-biodiversity-passphrase",
            "password2": "a-long-biodiversity-passphrase",
            "display_name": "Lucía Quispe",
            "country": "PE",
            "accept_policies": "on",
        },
    )
    [message] = mail.outbox
    assert message.subject == f"[{SITE_NAME}] Please Confirm Your Email Address"
    assert_clean_subject(message.subject)
    assert f"Hello from {SITE_NAME}!" in message.body
    assert f"Thank you for using {SITE_NAME}!" in message.body
    assert "user Lucía Quispe has given your email address" in message.body


def test_password_reset_email_has_a_clean_subject(client, member):
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": member.email})
    [message] = mail.outbox
    assert_clean_subject(message.subject)
    assert f"Hello from {SITE_NAME}!" in message.body


def test_password_change_notice_has_a_clean_subject(member, password):
    client = client_for(member)
    mail.outbox.clear()
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "another-long-passphrase-2",
            "password2": "another-long-passphrase-2",
        },
    )
    assert mail.outbox, "no notice sent"
    for message in mail.outbox:
        assert_clean_subject(message.subject)


def test_forum_emails_have_clean_subjects(settings, member, other_member):
    settings.FORUMS_NEW_MEMBER_HELD_POSTS = 0
    thread = ThreadFactory(category=CategoryFactory(slug="general"), author=other_member)
    mail.outbox.clear()
    client_for(member).post(reverse("forums:reply", args=[thread.pk]), {"body": "Hello."})
    assert mail.outbox
    for message in mail.outbox:
        assert_clean_subject(message.subject)

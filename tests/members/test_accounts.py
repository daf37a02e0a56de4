"""Sign-up, email verification, login, logout, password reset, email change, rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from community.members.models import Profile

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new.member@example.org",
    "password1": "a-long-biodiversity-passphrase",
    "password2": "a-long-biodiversity-passphrase",
    "display_name": "Lucía Quispe",
    "country": "PE",
    # Members join by accepting the terms of use and the code of conduct (chm.signup).
    "accept_policies": "on",
}


def _confirmation_link(message):
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


def test_signup_requires_email_verification_then_logs_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email=SIGNUP["email"])
    assert user.profile.display_name == "Lucía Quispe"
    assert user.profile.country.code == "PE"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1

    # Not verified yet: signing in sends the member back to verify.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")

    link = _confirmation_link(mail.outbox[-1])
    path = link.split("testserver", 1)[1]
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    assert "Lucía Quispe" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("password2", "something-else", "You must type the same password each time."),
        ("display_name", "", "This field is required."),
        ("country", "XX", "Select a valid choice."),
    ],
)
def test_signup_with_bad_input_shows_error_and_creates_nothing(client, field, value, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert len(mail.outbox) == 0


def test_signup_with_existing_email_is_refused(client, member):
    client.post(reverse("account_signup"), {**SIGNUP, "email": member.email})
    assert get_user_model().objects.filter(email__iexact=member.email).count() == 1


def test_login_and_logout(client, member, password):
    response = client.post(reverse("account_login"), {"login": member.email, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_login_with_wrong_password_shows_error(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_failed_logins_are_rate_limited(client, member, password):
    for _ in range(6):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong"})
    # Even the right password is refused until the limit's window has passed.
    response = client.post(reverse("account_login"), {"login": member.email, "password": password})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_password_reset_sends_link_that_sets_new_password(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    )
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(
        form_url,
        {"password1": "an-even-longer-passphrase", "password2": "an-even-longer-passphrase"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("an-even-longer-passphrase")


def test_member_adds_and_verifies_new_email(auth_client, member):
    response = auth_client.post(
        reverse("account_email"), {"action_add": "", "email": "amina.new@example.org"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(
        user=member, email="amina.new@example.org", verified=False
    ).exists()
    assert any("amina.new@example.org" in m.to for m in mail.outbox)


def test_account_deletion_removes_personal_data(auth_client, member, password):
    profile_id = member.profile.pk
    response = auth_client.post(
        reverse("members:account_delete"), {"password": password, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not Profile.objects.filter(pk=profile_id).exists()
    assert not EmailAddress.objects.filter(email=member.email).exists()


def test_account_deletion_with_wrong_password_changes_nothing(auth_client, member):
    response = auth_client.post(
        reverse("members:account_delete"), {"password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()

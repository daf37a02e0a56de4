"""Digest emails of saved searches (new records only, audience, cap, language, failures) and
one-click unsubscribe."""

from unittest import mock

import pytest

from django.core import mail
from django.core.management import call_command
from django.test import Client

from wagtail.users.models import UserProfile

from search.models import Frequency, SavedSearch
from search.saved import unsubscribe_token
from search.tasks import send_search_digest, send_search_digests

from .conftest import day

pytestmark = pytest.mark.django_db


def saved_search(user, query="q=mangrove", frequency=Frequency.WEEKLY, since=None, name="Mg"):
    return SavedSearch.objects.create(
        user=user,
        name=name,
        query=query,
        frequency=frequency,
        last_sent_at=since or day(2025, 1, 1),
    )


def test_a_record_published_between_two_digests_is_sent_exactly_once(member, publish):
    publish("Mangrove before", "Old.", when=day(2024, 12, 1))
    publish("Mangrove first", "New.", when=day(2025, 1, 5))
    saved = saved_search(member)

    assert send_search_digest(saved, now=day(2025, 1, 8)) == 1
    publish("Mangrove second", "Newer.", when=day(2025, 1, 10))
    saved.refresh_from_db()
    assert saved.last_sent_at == day(2025, 1, 8)
    assert send_search_digest(saved, now=day(2025, 1, 15)) == 1
    saved.refresh_from_db()
    assert send_search_digest(saved, now=day(2025, 1, 22)) == 0  # nothing new: no email

    first, second = (message.body for message in mail.outbox)
    assert len(mail.outbox) == 2
    assert "Mangrove first" in first and "Mangrove second" not in first
    assert "Mangrove second" in second and "Mangrove first" not in second
    assert "Mangrove before" not in first + second
    assert mail.outbox[0].to == [member.email]
    assert "1 new record for “Mg”" in mail.outbox[0].subject


def test_the_digest_honours_the_search_and_the_members_audience(member, publish, restrict):
    publish("Mangrove Kenya", "New.", countries=["KE"], when=day(2025, 1, 5))
    publish("Mangrove Tanzania", "New.", countries=["TZ"], when=day(2025, 1, 5))
    hidden = publish("Mangrove staff", "New.", countries=["KE"], when=day(2025, 1, 5))
    restrict(hidden, "groups", groups=[])  # only a group the member is not in
    saved = saved_search(member, query="q=mangrove&country=KE")

    send_search_digest(saved, now=day(2025, 1, 8))

    body = mail.outbox[0].body
    assert "Mangrove Kenya" in body
    assert "Mangrove Tanzania" not in body and "Mangrove staff" not in body


def test_a_digest_lists_at_most_twenty_and_links_to_the_rest(member, publish):
    for number in range(23):
        publish(f"Mangrove {number}", "New.", when=day(2025, 1, 2 + number % 5))
    saved = saved_search(member)

    send_search_digest(saved, now=day(2025, 1, 20))

    message = mail.outbox[0]
    assert "23 new records" in message.subject
    assert message.body.count("\n- Mangrove") == 20
    assert "And 3 more:" in message.body and "/search/?q=mangrove&sort=date" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and html.count("<li>") == 20 and "And 3 more" in html


def test_a_digest_email_has_text_html_links_and_one_click_unsubscribe_headers(member, publish):
    page = publish("Mangrove nurseries", "New.", when=day(2025, 1, 5))
    saved = saved_search(member)

    send_search_digest(saved, now=day(2025, 1, 8))

    message = mail.outbox[0]
    token = unsubscribe_token(saved)
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert token in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert page.url in message.body and "Page" in message.body and "Jan. 5, 2025" in message.body
    assert f"/search/unsubscribe/{token}/" in message.alternatives[0][0]


def test_a_digest_is_written_in_the_members_language(member, publish):
    UserProfile.objects.update_or_create(user=member, defaults={"preferred_language": "fr"})
    publish("Mangrove nurseries", "New.", when=day(2025, 1, 5))

    send_search_digest(saved_search(member), now=day(2025, 1, 8))

    message = mail.outbox[0]
    assert "/fr/" in message.body
    html = message.alternatives[0][0]
    assert 'lang="fr"' in html


def test_a_mail_failure_keeps_the_mark_and_does_not_stop_other_members(
    member, other_member, publish
):
    publish("Mangrove nurseries", "New.", when=day(2025, 1, 5))
    failing = saved_search(member)
    working = saved_search(other_member)
    original = mail.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if member.email in message.to:
            raise ConnectionRefusedError("mail server down")
        return original(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", send):
        assert send_search_digests.call(Frequency.WEEKLY) == 1

    failing.refresh_from_db()
    working.refresh_from_db()
    assert failing.last_sent_at == day(2025, 1, 1)  # its records come in the next digest
    assert working.last_sent_at > day(2025, 1, 1)
    assert [message.to for message in mail.outbox] == [[other_member.email]]
    send_search_digests.call(Frequency.WEEKLY)
    assert [message.to for message in mail.outbox][-1] == [member.email]


def test_the_command_sends_only_the_searches_of_its_frequency(member, other_member, publish):
    publish("Mangrove nurseries", "New.", when=day(2025, 1, 5))
    saved_search(member, frequency=Frequency.DAILY)
    saved_search(other_member, frequency=Frequency.WEEKLY)
    saved_search(other_member, query="q=mangrove+nurseries", frequency=Frequency.NONE)

    call_command("send_search_digests", "--frequency", "daily")

    assert [message.to for message in mail.outbox] == [[member.email]]
    with pytest.raises(Exception, match="invalid choice"):
        call_command("send_search_digests", "--frequency", "hourly")


# --- unsubscribe -----------------------------------------------------------------------------


def test_unsubscribe_asks_on_get_and_stops_the_digest_on_post_without_signing_in(member):
    saved = saved_search(member)
    url = f"/search/unsubscribe/{unsubscribe_token(saved)}/"
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)
    assert page.status_code == 200
    assert "Stop the digest emails" in page.content.decode() and "<button" in page.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == Frequency.WEEKLY  # a link checker's GET changes nothing

    # RFC 8058: the mail client posts "List-Unsubscribe=One-Click", with no session or token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will receive no more emails" in response.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == Frequency.NONE


@pytest.mark.parametrize("token", ["nonsense", "1", "x" * 300])
def test_a_bad_unsubscribe_token_gets_a_clear_message(client, token):
    response = client.get(f"/search/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "not valid any more" in response.content.decode()
    assert client.post(f"/search/unsubscribe/{token}/").status_code == 400


def test_an_expired_or_deleted_saved_searchs_token_is_refused(client, member):
    saved = saved_search(member)
    token = unsubscribe_token(saved)
    with mock.patch("django.core.signing.time.time", return_value=4_000_000_000):
        assert client.get(f"/search/unsubscribe/{token}/").status_code == 400
    saved.delete()
    assert client.post(f"/search/unsubscribe/{token}/").status_code == 400


def test_every_link_in_a_digest_opens(member, publish):
    """Records, "and N more", the saved searches page, unsubscribe: each link of the email (HTML
    and text) answers 200 for the member it was sent to."""
    import re
    from urllib.parse import urlsplit

    for number in range(22):
        publish(f"Mangrove {number}", "New.", when=day(2025, 1, 2 + number % 5))
    send_search_digest(saved_search(member), now=day(2025, 1, 20))
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    links = set(re.findall(r'href="([^"]+)"', html)) | set(
        re.findall(r"https?://\S+", message.body)
    )
    assert len(links) > 20
    client = Client()
    client.force_login(member)
    for link in links:
        parts = urlsplit(link.replace("&amp;", "&"))
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        assert client.get(path).status_code == 200, link

"""Lifecycle emails: who is told of each transition, in their own language, with a link, the
action, the comment and who took it; renewal reminders; checks made at send time; a failing
mail server never undoes an action."""

import datetime
import smtplib

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from community.members.factories import ProfileFactory, UserFactory
from cooperation import services, tasks
from cooperation.factories import MatchFactory, OfferFactory, SupportRequestFactory
from cooperation.models import (
    MatchFeedback,
    MatchStatus,
    OfferStatus,
    RequestStatus,
    Side,
    Transition,
)

from .lifecycle_helpers import make_focal_point, make_helpdesk, set_language

R, OS, M = RequestStatus, OfferStatus, MatchStatus


@pytest.fixture
def helpdesk(db):
    return make_helpdesk()


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Take an action as the site does: committed, so its emails go out."""

    def act(user, record, action, comment="", **changes):
        with django_capture_on_commit_callbacks(execute=True):
            return services.apply(user, record, action, comment, **changes)

    return act


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def only_mail_to(user):
    messages = mails_to(user)
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    return messages[0]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def in_language(language, value, fmt):
    with translation.override(language):
        return formats.date_format(timezone.localtime(value), fmt)


def test_submitted_request_owner_gets_a_receipt_focal_points_are_asked_to_endorse(
    member, helpdesk, act
):
    focal_point = make_focal_point("KE", name="Wanjiru Kamau")
    make_focal_point("BR")  # another country's: not told
    record = SupportRequestFactory(owner=member, countries=["KE"], title="Mangrove nursery")

    act(member, record, "submit")

    assert recipients() == sorted([member.email, focal_point.email])
    receipt = only_mail_to(member)
    assert receipt.subject == 'Request for support "Mangrove nursery": Submitted'
    assert "We have received your request" in receipt.body
    assert "by Amina Diallo" in receipt.body
    assert "Draft → Submitted" in receipt.body
    ask = only_mail_to(focal_point)
    assert "please review it and endorse it" in ask.body
    assert f"http://testserver{record.get_absolute_url()}" in ask.body
    assert not mails_to(helpdesk)


def test_submitted_request_without_a_focal_point_goes_to_the_helpdesk(member, helpdesk, act):
    revoked = make_focal_point("CL")
    revoked.focal_points.update(ended_at=timezone.now())
    record = SupportRequestFactory(owner=member, countries=["CL"])

    act(member, record, "submit")

    assert recipients() == sorted([member.email, helpdesk.email])
    message = only_mail_to(helpdesk)
    assert "It awaits the helpdesk: please vet it." in message.body
    admin_url = reverse("cooperation_requests:inspect", args=[record.pk])
    assert f"http://testserver{admin_url}" in message.body


def test_each_recipient_is_written_to_in_their_own_language(member, helpdesk, act):
    set_language(member, "es")
    focal_point = make_focal_point("KE", language="fr")
    record = SupportRequestFactory(owner=member, countries=["KE"])

    act(member, record, "submit")

    when = Transition.objects.get().created_at
    spanish = in_language("es", when, "DATETIME_FORMAT")
    french = in_language("fr", when, "DATETIME_FORMAT")
    english = in_language("en", when, "DATETIME_FORMAT")
    assert spanish != english != french
    assert spanish in only_mail_to(member).body
    assert french in only_mail_to(focal_point).body
    assert english not in only_mail_to(member).body
    # The sender's own language is untouched.
    assert translation.get_language() == "en"


def test_endorsement_tells_the_owner_and_the_helpdesk_with_the_comment(member, helpdesk, act):
    focal_point = make_focal_point("KE", name="Wanjiru Kamau")
    record = SupportRequestFactory(owner=member, countries=["KE"], status=R.SUBMITTED)

    act(focal_point, record, "not_endorse", "Not a priority of our NBSAP")

    assert recipients() == sorted([member.email, helpdesk.email])
    for user in (member, helpdesk):
        body = only_mail_to(user).body
        assert "Not a priority of our NBSAP" in body
        assert "Do not endorse, by Wanjiru Kamau" in body


@pytest.mark.parametrize(
    ("action", "status", "comment", "expected"),
    [
        ("vet", R.ENDORSED, "", "Vetted"),
        ("publish", R.VETTED, "", "It is now listed on the portal"),
        ("return", R.VETTED, "Add a budget", "Please make the changes asked for"),
        ("mark_ineligible", R.VETTED, "Outside the mandate", "Outside the mandate"),
        ("renew", R.EXPIRED, "", "Expired → Published"),
    ],
)
def test_helpdesk_decisions_reach_the_owner_only(
    member, helpdesk, act, action, status, comment, expected
):
    record = SupportRequestFactory(owner=member, countries=["KE"], status=status)
    act(helpdesk, record, action, comment)
    assert recipients() == [member.email]
    assert expected in only_mail_to(member).body


def test_withdrawal_tells_the_owner_and_the_helpdesk(member, helpdesk, act):
    record = SupportRequestFactory(owner=member, countries=["KE"], published=True)
    act(member, record, "withdraw", "Funded elsewhere")
    assert recipients() == sorted([member.email, helpdesk.email])
    assert "Funded elsewhere" in only_mail_to(helpdesk).body


def test_expiry_is_announced_to_the_owner(member, helpdesk, act):
    record = SupportRequestFactory(owner=member, countries=["KE"], published=True)
    act(None, record, "expire")
    message = only_mail_to(member)
    assert "by the portal (automatic)" in message.body
    assert "It is no longer listed because its end date has passed" in message.body
    assert recipients() == [member.email]


def test_offer_emails(member, helpdesk, act):
    offer = OfferFactory(owner=member, title="Drone mapping course")
    act(member, offer, "submit")
    assert recipients() == [helpdesk.email]
    admin_url = reverse("cooperation_offers:inspect", args=[offer.pk])
    assert f"http://testserver{admin_url}" in mail.outbox[0].body
    assert mail.outbox[0].subject == 'Offer of support "Drone mapping course": Submitted'

    mail.outbox.clear()
    act(helpdesk, offer, "publish")
    assert recipients() == [member.email]
    assert f"http://testserver{offer.get_absolute_url()}" in mail.outbox[0].body

    for action, comment in (("close", "Course full"),):
        mail.outbox.clear()
        act(member, offer, action, comment)
        assert recipients() == [member.email]
        assert comment in mail.outbox[0].body


def test_offer_returned_and_expired_reach_the_owner(member, helpdesk, act):
    returned = OfferFactory(owner=member, status=OS.SUBMITTED)
    act(helpdesk, returned, "return", "Say who is eligible")
    assert "Say who is eligible" in only_mail_to(member).body
    mail.outbox.clear()
    expiring = OfferFactory(owner=member, published=True)
    act(None, expiring, "expire")
    assert recipients() == [member.email]


def test_match_emails_reach_both_parties(member, other_member, partner, helpdesk, act):
    from community.partners.models import PartnerMembership

    org_admin = ProfileFactory(display_name="Org Admin").user
    PartnerMembership.objects.create(partner=partner, user=org_admin, role="admin")
    request_record = SupportRequestFactory(owner=member, countries=["KE"], published=True)
    offer = OfferFactory(owner=other_member, published=True)
    match = MatchFactory(request=request_record, offer=offer, status=M.SUGGESTED)

    act(helpdesk, match, "approve")
    assert recipients() == sorted([member.email, other_member.email])
    assert "You receive this as a party to this match." in mail.outbox[0].body

    mail.outbox.clear()
    MatchFeedback.objects.create(match=match, user=member, side=Side.REQUESTER, relevant=True)
    act(other_member, match, "accept")
    # The match's two parties; the request's own move to "matched" is not mailed again.
    assert recipients() == sorted([member.email, other_member.email])

    mail.outbox.clear()
    act(member, match, "start")
    act(member, match, "complete", "40 rangers trained")
    assert len(mails_to(member)) == len(mails_to(other_member)) == 2
    assert "40 rangers trained" in mails_to(other_member)[-1].body

    organization_match = MatchFactory(
        request=SupportRequestFactory(owner=member, published=True),
        offer=None,
        organization=partner,
        status=M.APPROVED,
    )
    mail.outbox.clear()
    act(helpdesk, organization_match, "decline", "Out of scope")
    assert recipients() == sorted([member.email, org_admin.email])


def test_dismissed_suggestions_are_not_mailed(member, helpdesk, act):
    match = MatchFactory(request=SupportRequestFactory(owner=member, published=True))
    act(helpdesk, match, "dismiss", "Too far")
    assert mail.outbox == []


def test_withdrawal_declines_approved_matches_and_tells_their_parties(
    member, other_member, helpdesk, act
):
    request_record = SupportRequestFactory(owner=member, published=True)
    MatchFactory(
        request=request_record,
        offer=OfferFactory(owner=other_member, published=True),
        status=M.APPROVED,
    )
    act(member, request_record, "withdraw")
    provider_mail = only_mail_to(other_member)
    assert "The request was withdrawn." in provider_mail.body
    assert "Approved by the helpdesk → Declined" in provider_mail.body


def test_unreachable_focal_points_are_skipped_and_the_helpdesk_told(member, helpdesk, act):
    inactive = make_focal_point("KE")
    inactive.is_active = False
    inactive.save()
    no_address = make_focal_point("KE")
    no_address.email = ""
    no_address.save()
    record = SupportRequestFactory(owner=member, countries=["KE"])
    act(member, record, "submit")
    # No focal point can be reached by email: the helpdesk hears of it instead.
    assert recipients() == sorted([member.email, helpdesk.email])
    assert "It awaits the helpdesk" in only_mail_to(helpdesk).body


def test_recipient_deactivated_before_sending_is_skipped(member, helpdesk):
    record = SupportRequestFactory(owner=member, countries=["CL"])
    services.apply(member, record, "submit")  # not committed: no email yet
    member.is_active = False
    member.save()
    sent = tasks.notify_transition.call(Transition.objects.get().pk)
    assert sent == 1
    assert recipients() == [helpdesk.email]


def test_deleted_record_sends_nothing(member, helpdesk):
    record = SupportRequestFactory(owner=member, countries=["CL"])
    services.apply(member, record, "submit")
    transition_id = Transition.objects.get().pk
    record.delete()
    assert tasks.notify_transition.call(transition_id) == 0
    assert mail.outbox == []


def test_helpdesk_falls_back_to_superusers_when_nobody_holds_the_permission(member, act):
    admin = UserFactory(is_superuser=True, email="root@example.org")
    UserFactory(is_superuser=True, is_active=False, email="gone@example.org")
    record = SupportRequestFactory(owner=member, countries=["CL"])
    act(member, record, "submit")
    assert recipients() == sorted([member.email, admin.email])


def test_failing_mail_server_does_not_undo_the_action(member, helpdesk, act, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    record = SupportRequestFactory(owner=member, countries=["CL"])

    act(member, record, "submit")

    record.refresh_from_db()
    assert record.status == R.SUBMITTED
    assert record.transitions.count() == 1
    assert "Cooperation email for transition" in caplog.text
    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.notify_transition.call(record.transitions.get().pk)


def test_refused_action_sends_nothing(member, other_member, helpdesk, act):
    from cooperation.workflow import TransitionError

    record = SupportRequestFactory(owner=member, countries=["CL"])
    with pytest.raises(TransitionError):
        act(other_member, record, "submit")
    assert mail.outbox == []


def test_renewal_reminder_in_the_owners_language(member, django_capture_on_commit_callbacks):
    set_language(member, "es")
    ends = timezone.localdate() + datetime.timedelta(days=7)
    record = SupportRequestFactory(
        owner=member, published=True, expires_on=ends, title="Vivero de manglares"
    )

    with django_capture_on_commit_callbacks(execute=True):
        tasks.expire_and_remind.call()

    message = only_mail_to(member)
    with translation.override("es"):
        spanish_date = formats.date_format(ends, "DATE_FORMAT")
        spanish_page = record.get_absolute_url()
    assert spanish_date in message.subject
    assert "Vivero de manglares" in message.subject
    # The link opens the page in the owner's language.
    assert spanish_page.startswith("/es/")
    assert f"http://testserver{spanish_page}" in message.body
    with translation.override("es"):
        advice = gettext(
            "If it is still current, extend it from its page before that date. If it is no "
            "longer needed, you can withdraw or close it there."
        )
    assert advice in message.body


def test_renewal_reminder_not_sent_once_the_record_left_the_listing(member):
    record = SupportRequestFactory(owner=member, status=R.WITHDRAWN)
    assert tasks.send_renewal_reminder.call("request", record.pk) == 0
    assert tasks.send_renewal_reminder.call("request", 999999) == 0
    assert tasks.send_renewal_reminder.call("nonsense", record.pk) == 0
    assert mail.outbox == []

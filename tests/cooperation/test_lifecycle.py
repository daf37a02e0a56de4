"""The lifecycles of requests, offers and matches: every action both ways (the allowed role
succeeds and writes a Transition; every other role and every wrong state is refused with a
message and nothing changes), the cascades, offers' capacity, extend, expiry and reminders."""

import datetime

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.experts.factories import ExpertProfileFactory
from cooperation import services
from cooperation.factories import MatchFactory, OfferFactory, SupportRequestFactory
from cooperation.models import (
    Match,
    MatchFeedback,
    MatchStatus,
    OfferStatus,
    RequestStatus,
    Side,
    SupportRequest,
    Transition,
    default_expiry,
)
from cooperation.tasks import expire_and_remind
from cooperation.workflow import TransitionError

from .lifecycle_helpers import make_focal_point, make_helpdesk

R, OS, M = RequestStatus, OfferStatus, MatchStatus


@pytest.fixture
def people(member, other_member):
    """Everyone who might act on a Kenyan request owned by ``member``."""
    return {
        "owner": member,
        "other": other_member,
        "helpdesk": make_helpdesk(),
        "focal_ke": make_focal_point("KE"),
        "focal_br": make_focal_point("BR"),
        "anonymous": AnonymousUser(),
        "system": None,
    }


def kenyan_request(owner, status, **kwargs):
    kwargs.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=200))
    return SupportRequestFactory(
        owner=owner, status=status, countries=["KE"], targets=[7], **kwargs
    )


def refused(user, record, action, comment="", **changes):
    """Take an action that must be refused: return the message, after checking nothing moved
    (status, Transition rows, emails)."""
    status = type(record).objects.get(pk=record.pk).status
    transitions = Transition.objects.count()
    outbox = len(mail.outbox)
    with pytest.raises(TransitionError) as error:
        services.apply(user, record, action, comment, **changes)
    assert type(record).objects.get(pk=record.pk).status == status
    assert Transition.objects.count() == transitions
    assert len(mail.outbox) == outbox
    return str(error.value)


# (action, from status, who may, comment, everyone who may not)
REQUEST_CASES = [
    ("submit", R.DRAFT, "owner", "", ["other", "helpdesk", "focal_ke", "anonymous", "system"]),
    (
        "endorse",
        R.SUBMITTED,
        "focal_ke",
        "Priority for us",
        ["owner", "other", "helpdesk", "focal_br", "anonymous", "system"],
    ),
    (
        "not_endorse",
        R.SUBMITTED,
        "focal_ke",
        "Not a national priority",
        ["owner", "helpdesk", "focal_br", "other", "system"],
    ),
    ("vet", R.ENDORSED, "helpdesk", "", ["owner", "focal_ke", "other", "anonymous", "system"]),
    ("vet", R.NOT_ENDORSED, "helpdesk", "", ["owner", "focal_ke"]),
    ("publish", R.VETTED, "helpdesk", "", ["owner", "focal_ke", "other", "system"]),
    ("return", R.SUBMITTED, "helpdesk", "Add a budget", ["owner", "focal_ke", "other"]),
    ("return", R.VETTED, "helpdesk", "Add a budget", ["owner"]),
    (
        "mark_ineligible",
        R.ENDORSED,
        "helpdesk",
        "Outside the mandate",
        ["owner", "focal_ke", "other", "system"],
    ),
    ("match", R.PUBLISHED, "helpdesk", "", ["owner", "focal_ke", "other"]),
    ("match", R.PUBLISHED, "system", "", []),
    ("start", R.MATCHED, "owner", "", ["other", "focal_ke", "anonymous"]),
    ("start", R.MATCHED, "helpdesk", "", []),
    ("complete", R.IN_PROGRESS, "owner", "", ["other", "focal_ke"]),
    ("withdraw", R.DRAFT, "owner", "", ["other", "focal_ke", "anonymous", "system"]),
    ("withdraw", R.PUBLISHED, "owner", "No longer needed", ["other", "focal_ke"]),
    ("withdraw", R.MATCHED, "helpdesk", "Duplicate", []),
    ("expire", R.PUBLISHED, "system", "", ["owner", "helpdesk", "other"]),
    ("expire", R.MATCHED, "system", "", ["owner"]),
    ("renew", R.EXPIRED, "owner", "", ["other", "focal_ke", "anonymous", "system"]),
    ("renew", R.EXPIRED, "helpdesk", "", []),
]


@pytest.mark.parametrize(
    ("action", "status", "allowed", "comment", "others"),
    REQUEST_CASES,
    ids=[f"{case[0]}-{case[1]}-{case[2]}" for case in REQUEST_CASES],
)
def test_request_action_both_ways(people, action, status, allowed, comment, others):
    record = kenyan_request(people["owner"], status)
    for key in others:
        message = refused(people[key], record, action, comment)
        assert message in ("You may not do this.", "This action needs a person to take it.")

    record = services.apply(people[allowed], record, action, comment)

    record.refresh_from_db()
    transition = record.transitions.get()
    assert transition.action == action
    assert transition.from_status == status
    assert transition.to_status == record.status
    assert transition.actor == people[allowed]
    assert transition.comment == comment
    # Once moved, the same action is refused as out of place.
    assert "cannot be done now" in refused(people[allowed], record, action, comment)


def test_report_outcome_needs_the_outcome(people):
    record = kenyan_request(people["owner"], R.COMPLETED)
    assert refused(people["owner"], record, "report_outcome") == "Please describe the outcome."
    refused(people["other"], record, "report_outcome", outcome="Trained 40 rangers.")

    services.apply(people["owner"], record, "report_outcome", outcome="Trained 40 rangers.")

    record.refresh_from_db()
    assert record.status == R.OUTCOME_REPORTED
    assert record.outcome == "Trained 40 rangers."
    assert record.outcome_reported_at is not None


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("not_endorse", R.SUBMITTED),
        ("return", R.SUBMITTED),
        ("mark_ineligible", R.VETTED),
    ],
)
def test_reason_required(people, action, status):
    record = kenyan_request(people["owner"], status)
    actor = people["focal_ke"] if action == "not_endorse" else people["helpdesk"]
    assert refused(actor, record, action, "   ") == "Please give a reason."


@pytest.mark.parametrize(
    ("action", "status", "actor"),
    [
        ("submit", R.SUBMITTED, "owner"),
        ("endorse", R.DRAFT, "focal_ke"),
        ("endorse", R.ENDORSED, "focal_ke"),
        ("publish", R.DRAFT, "helpdesk"),
        ("publish", R.SUBMITTED, "helpdesk"),
        ("vet", R.PUBLISHED, "helpdesk"),
        ("start", R.PUBLISHED, "owner"),
        ("complete", R.MATCHED, "owner"),
        ("report_outcome", R.IN_PROGRESS, "owner"),
        ("withdraw", R.COMPLETED, "owner"),
        ("withdraw", R.WITHDRAWN, "owner"),
        ("renew", R.PUBLISHED, "owner"),
        ("expire", R.DRAFT, "system"),
    ],
)
def test_request_wrong_state_refused(people, action, status, actor):
    record = kenyan_request(people["owner"], status)
    message = refused(people[actor], record, action, "a reason", outcome="done")
    assert message.startswith("This cannot be done now: the record is")


def test_unknown_action_refused(people):
    record = kenyan_request(people["owner"], R.DRAFT)
    assert refused(people["owner"], record, "teleport") == "Unknown action."


def test_endorsement_records_who_and_why(people):
    record = kenyan_request(people["owner"], R.SUBMITTED)
    services.apply(people["focal_ke"], record, "endorse", "A national priority")
    record.refresh_from_db()
    assert record.endorsed_by == people["focal_ke"]
    assert record.endorsement_comment == "A national priority"


def test_helpdesk_vets_unendorsed_only_without_a_focal_point(people):
    kenyan = kenyan_request(people["owner"], R.SUBMITTED)
    assert refused(people["helpdesk"], kenyan, "vet") == "You may not do this."

    # No focal point for Chile: the helpdesk vets without an endorsement.
    chilean = SupportRequestFactory(owner=people["owner"], status=R.SUBMITTED, countries=["CL"])
    services.apply(people["helpdesk"], chilean, "vet")
    chilean.refresh_from_db()
    assert chilean.status == R.VETTED


def test_revoked_focal_point_cannot_endorse(people):
    record = kenyan_request(people["owner"], R.SUBMITTED)
    people["focal_ke"].focal_points.update(ended_at=timezone.now())
    assert refused(people["focal_ke"], record, "endorse") == "You may not do this."


def test_kenyan_focal_point_cannot_endorse_brazils_request_by_posting(people, client):
    brazilian = SupportRequestFactory(owner=people["owner"], status=R.SUBMITTED, countries=["BR"])
    client.force_login(people["focal_ke"])

    response = client.post(
        reverse("cooperation:act", args=["requests", brazilian.pk]),
        {"action": "endorse", "comment": "Looks good"},
    )

    # The request is not even visible to the Kenyan focal point: 404, nothing changes.
    assert response.status_code == 404
    brazilian.refresh_from_db()
    assert brazilian.status == R.SUBMITTED
    assert not brazilian.transitions.exists()

    client.force_login(people["focal_br"])
    response = client.post(
        reverse("cooperation:act", args=["requests", brazilian.pk]),
        {"action": "endorse", "comment": "Looks good"},
    )
    assert response.status_code == 302
    brazilian.refresh_from_db()
    assert brazilian.status == R.ENDORSED


def test_kenyan_focal_point_refused_on_a_request_of_both_countries_visible_to_them(people, client):
    """A request of Brazil that the Kenyan focal point can open (it is published) still cannot
    be acted on by them: the endpoint reports the refusal."""
    record = SupportRequestFactory(owner=people["owner"], countries=["BR"], published=True)
    client.force_login(people["focal_ke"])
    response = client.post(
        reverse("cooperation:act", args=["requests", record.pk]),
        {"action": "withdraw", "comment": "x", "next": "/en/"},
        follow=True,
    )
    assert "You may not do this." in response.content.decode()
    record.refresh_from_db()
    assert record.status == R.PUBLISHED


# -- publish and renew dates -----------------------------------------------------------------


def test_publish_sets_published_at_and_a_sensible_end_date(people):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    record = kenyan_request(people["owner"], R.VETTED, expires_on=soon)
    services.apply(people["helpdesk"], record, "publish")
    record.refresh_from_db()
    assert record.published_at is not None
    assert record.expires_on == default_expiry()


def test_publish_keeps_an_end_date_far_enough(people):
    later = timezone.localdate() + datetime.timedelta(days=120)
    record = kenyan_request(people["owner"], R.VETTED, expires_on=later)
    services.apply(people["helpdesk"], record, "publish")
    record.refresh_from_db()
    assert record.expires_on == later


def test_renew_gives_a_new_end_date_and_clears_the_reminder(people):
    past = timezone.localdate() - datetime.timedelta(days=2)
    record = kenyan_request(
        people["owner"], R.EXPIRED, expires_on=past, renewal_reminder_sent_on=past
    )
    services.apply(people["owner"], record, "renew")
    record.refresh_from_db()
    assert record.status == R.PUBLISHED
    assert record.expires_on == default_expiry()
    assert record.renewal_reminder_sent_on is None


def test_renew_with_a_given_date(people):
    record = kenyan_request(people["owner"], R.EXPIRED)
    wanted = timezone.localdate() + datetime.timedelta(days=60)
    services.apply(people["owner"], record, "renew", expires_on=wanted)
    record.refresh_from_db()
    assert record.expires_on == wanted


def test_renew_with_a_past_date_refused(people):
    record = kenyan_request(people["owner"], R.EXPIRED)
    past = timezone.localdate() - datetime.timedelta(days=1)
    message = refused(people["owner"], record, "renew", expires_on=past)
    assert message == "A renewed record must be listed until a future date."


# -- offers ------------------------------------------------------------------------------------

OFFER_CASES = [
    ("submit", OS.DRAFT, "owner", "", ["other", "helpdesk", "anonymous", "system"]),
    ("publish", OS.SUBMITTED, "helpdesk", "", ["owner", "other", "anonymous", "system"]),
    ("return", OS.SUBMITTED, "helpdesk", "Say who is eligible", ["owner", "other"]),
    ("close", OS.PUBLISHED, "owner", "", ["other", "anonymous", "system"]),
    ("close", OS.PUBLISHED, "helpdesk", "Provider asked", []),
    ("expire", OS.PUBLISHED, "system", "", ["owner", "helpdesk"]),
    ("renew", OS.EXPIRED, "owner", "", ["other", "system"]),
]


@pytest.mark.parametrize(
    ("action", "status", "allowed", "comment", "others"),
    OFFER_CASES,
    ids=[f"{case[0]}-{case[1]}-{case[2]}" for case in OFFER_CASES],
)
def test_offer_action_both_ways(people, action, status, allowed, comment, others):
    offer = OfferFactory(owner=people["owner"], status=status)
    for key in others:
        refused(people[key], offer, action, comment)

    services.apply(people[allowed], offer, action, comment)

    offer.refresh_from_db()
    transition = offer.transitions.get()
    assert (transition.action, transition.from_status, transition.actor) == (
        action,
        status,
        people[allowed],
    )
    assert transition.to_status == offer.status != status


def test_offer_return_needs_a_reason(people):
    offer = OfferFactory(owner=people["owner"], status=OS.SUBMITTED)
    assert refused(people["helpdesk"], offer, "return") == "Please give a reason."


def test_offer_wrong_state_refused(people):
    offer = OfferFactory(owner=people["owner"], status=OS.CLOSED)
    assert "cannot be done now" in refused(people["owner"], offer, "close")
    assert "cannot be done now" in refused(people["helpdesk"], offer, "publish")


def test_expert_owns_their_offer(people):
    expert = ExpertProfileFactory(profile__user=people["other"])
    offer = OfferFactory(owner=None, provider_expert=expert, status=OS.DRAFT)
    services.apply(people["other"], offer, "submit")
    offer.refresh_from_db()
    assert offer.status == OS.SUBMITTED


# -- matches -----------------------------------------------------------------------------------


@pytest.fixture
def match_people(people, other_member):
    """A match between ``member``'s published Kenyan request and ``other_member``'s offer."""
    request_record = kenyan_request(people["owner"], R.PUBLISHED)
    offer = OfferFactory(owner=other_member, published=True, capacity=2)
    people["requester"] = people["owner"]
    people["provider"] = other_member
    people["outsider"] = make_focal_point("BR", name="Outsider")
    people["match"] = MatchFactory(request=request_record, offer=offer, status=M.SUGGESTED)
    return people


def feedback(match, user, side, relevant=True):
    return MatchFeedback.objects.create(match=match, user=user, side=side, relevant=relevant)


MATCH_CASES = [
    ("approve", M.SUGGESTED, "helpdesk", "", ["requester", "provider", "outsider", "system"]),
    ("dismiss", M.SUGGESTED, "helpdesk", "Too far", ["requester", "provider", "outsider"]),
    ("decline", M.APPROVED, "requester", "Not what we need", ["outsider", "system"]),
    ("decline", M.APPROVED, "provider", "", []),
    ("decline", M.APPROVED, "helpdesk", "", []),
    ("start", M.ACCEPTED, "provider", "", ["outsider", "system", "anonymous"]),
    ("complete", M.IN_PROGRESS, "requester", "Trained 40 rangers", ["outsider", "system"]),
]


@pytest.mark.parametrize(
    ("action", "status", "allowed", "comment", "others"),
    MATCH_CASES,
    ids=[f"{case[0]}-{case[1]}-{case[2]}" for case in MATCH_CASES],
)
def test_match_action_both_ways(match_people, action, status, allowed, comment, others):
    match = match_people["match"]
    Match.objects.filter(pk=match.pk).update(status=status)
    match.refresh_from_db()
    for key in others:
        refused(match_people[key], match, action, comment)

    services.apply(match_people[allowed], match, action, comment)

    match.refresh_from_db()
    transition = match.transitions.get()
    assert (transition.action, transition.from_status, transition.actor) == (
        action,
        status,
        match_people[allowed],
    )
    assert match.status == transition.to_status != status


def test_party_accepts_only_once_the_other_side_marked_it_relevant(match_people):
    match = match_people["match"]
    Match.objects.filter(pk=match.pk).update(status=M.APPROVED)
    match.refresh_from_db()
    requester, provider = match_people["requester"], match_people["provider"]

    message = refused(requester, match, "accept")
    assert "other side has not yet marked this suggestion relevant" in message
    # The requester's own "relevant" is not the other side's.
    feedback(match, requester, Side.REQUESTER)
    refused(requester, match, "accept")
    # The provider marks it not relevant: still no.
    not_relevant = feedback(match, provider, Side.PROVIDER, relevant=False)
    refused(requester, match, "accept")
    assert refused(match_people["outsider"], match, "accept") == "You may not do this."

    not_relevant.relevant = True
    not_relevant.save()
    services.apply(requester, match, "accept")

    match.refresh_from_db()
    assert match.status == M.ACCEPTED


def test_accept_button_appears_for_a_party_once_the_other_side_agreed(match_people):
    from cooperation.permissions import available_actions

    match = match_people["match"]
    Match.objects.filter(pk=match.pk).update(status=M.APPROVED)
    match.refresh_from_db()
    requester, provider = match_people["requester"], match_people["provider"]

    def names(user):
        return [action.name for action in available_actions(user, match)]

    assert names(requester) == names(provider) == ["decline"]
    feedback(match, provider, Side.PROVIDER)
    assert names(requester) == ["accept", "decline"]
    assert names(provider) == ["decline"]
    assert names(match_people["helpdesk"]) == ["accept", "decline"]


def test_provider_accepts_once_the_requester_marked_it_relevant(match_people):
    match = match_people["match"]
    Match.objects.filter(pk=match.pk).update(status=M.APPROVED)
    match.refresh_from_db()
    feedback(match, match_people["requester"], Side.REQUESTER)
    services.apply(match_people["provider"], match, "accept")
    match.refresh_from_db()
    assert match.status == M.ACCEPTED


def test_helpdesk_may_always_accept(match_people):
    match = match_people["match"]
    Match.objects.filter(pk=match.pk).update(status=M.APPROVED)
    match.refresh_from_db()
    services.apply(match_people["helpdesk"], match, "accept", "Agreed by email")
    match.refresh_from_db()
    assert match.status == M.ACCEPTED


def test_accepting_cascades_to_the_request_then_start_and_complete(match_people):
    match = match_people["match"]
    request_record = match.request
    helpdesk = match_people["helpdesk"]
    services.apply(helpdesk, match, "approve")
    services.apply(helpdesk, match, "accept")

    request_record.refresh_from_db()
    assert request_record.status == R.MATCHED
    system_move = request_record.transitions.get()
    assert (system_move.action, system_move.actor, system_move.from_status) == (
        "match",
        None,
        R.PUBLISHED,
    )

    services.apply(match_people["provider"], match, "start")
    request_record.refresh_from_db()
    assert request_record.status == R.IN_PROGRESS

    services.apply(match_people["requester"], match, "complete", "40 rangers trained")
    match.refresh_from_db()
    request_record.refresh_from_db()
    assert match.outcome == "40 rangers trained"
    assert request_record.status == R.COMPLETED
    assert list(request_record.transitions.values_list("action", flat=True)) == [
        "match",
        "start",
        "complete",
    ]
    assert not request_record.transitions.exclude(actor=None).exists()


def test_request_completes_only_when_no_other_match_is_under_way(match_people):
    match = match_people["match"]
    request_record = match.request
    other = MatchFactory(request=request_record, status=M.IN_PROGRESS)
    SupportRequest.objects.filter(pk=request_record.pk).update(status=R.IN_PROGRESS)
    Match.objects.filter(pk=match.pk).update(status=M.IN_PROGRESS)
    match.refresh_from_db()

    services.apply(match_people["requester"], match, "complete", "Done")
    request_record.refresh_from_db()
    assert request_record.status == R.IN_PROGRESS

    services.apply(match_people["helpdesk"], other, "complete", "Done too")
    request_record.refresh_from_db()
    assert request_record.status == R.COMPLETED


def test_second_accepted_match_leaves_a_matched_request_alone(match_people):
    match = match_people["match"]
    request_record = match.request
    SupportRequest.objects.filter(pk=request_record.pk).update(status=R.MATCHED)
    Match.objects.filter(pk=match.pk).update(status=M.APPROVED)
    match.refresh_from_db()
    services.apply(match_people["helpdesk"], match, "accept")
    request_record.refresh_from_db()
    assert request_record.status == R.MATCHED
    assert not request_record.transitions.exists()


def test_offer_without_capacity_left_cannot_accept_another_match(match_people):
    match = match_people["match"]
    offer = match.offer
    offer.capacity = 1
    offer.save()
    MatchFactory(offer=offer, status=M.IN_PROGRESS)
    Match.objects.filter(pk=match.pk).update(status=M.APPROVED)
    match.refresh_from_db()
    assert services.capacity_left(offer) == 0

    message = refused(match_people["helpdesk"], match, "accept")
    assert message.startswith("This offer has no capacity left")
    match.request.refresh_from_db()
    assert match.request.status == R.PUBLISHED

    offer.capacity = 2
    offer.save()
    services.apply(match_people["helpdesk"], match, "accept")
    assert services.capacity_left(offer) == 0


def test_withdrawing_a_request_closes_its_pending_matches(match_people):
    requester = match_people["requester"]
    suggested = match_people["match"]
    request_record = suggested.request
    approved = MatchFactory(request=request_record, status=M.APPROVED)
    accepted = MatchFactory(request=request_record, status=M.ACCEPTED)

    services.apply(requester, request_record, "withdraw", "Funded elsewhere")

    for match, status, action in (
        (suggested, M.DISMISSED, "dismiss"),
        (approved, M.DECLINED, "decline"),
    ):
        match.refresh_from_db()
        assert match.status == status
        transition = match.transitions.get()
        assert (transition.action, transition.actor) == (action, requester)
        assert transition.comment == "The request was withdrawn."
    accepted.refresh_from_db()
    assert accepted.status == M.ACCEPTED
    assert not accepted.transitions.exists()


def test_match_wrong_state_refused(match_people):
    match = match_people["match"]
    assert "cannot be done now" in refused(match_people["helpdesk"], match, "accept")
    assert "cannot be done now" in refused(match_people["helpdesk"], match, "start")


# -- extend ------------------------------------------------------------------------------------


def test_owner_extends_a_listed_request_near_its_end(people):
    soon = timezone.localdate() + datetime.timedelta(days=20)
    record = kenyan_request(
        people["owner"], R.PUBLISHED, expires_on=soon, renewal_reminder_sent_on=soon
    )
    services.extend(people["owner"], record)
    record.refresh_from_db()
    assert record.expires_on == default_expiry()
    assert record.renewal_reminder_sent_on is None
    assert record.status == R.PUBLISHED
    transition = record.transitions.get()
    assert (transition.action, transition.from_status, transition.to_status) == (
        "extend",
        R.PUBLISHED,
        R.PUBLISHED,
    )


def test_helpdesk_extends_an_offer(people):
    soon = timezone.localdate() + datetime.timedelta(days=5)
    offer = OfferFactory(owner=people["owner"], published=True, expires_on=soon)
    services.extend(people["helpdesk"], offer)
    offer.refresh_from_db()
    assert offer.expires_on == default_expiry()


def _extend_refused(user, record):
    expires_on = type(record).objects.get(pk=record.pk).expires_on
    with pytest.raises(TransitionError) as error:
        services.extend(user, record)
    assert type(record).objects.get(pk=record.pk).expires_on == expires_on
    assert not record.transitions.exists()
    return str(error.value)


def test_extend_refused(people):
    soon = timezone.localdate() + datetime.timedelta(days=20)
    far = timezone.localdate() + datetime.timedelta(days=90)
    listed = kenyan_request(people["owner"], R.PUBLISHED, expires_on=soon)
    assert _extend_refused(people["other"], listed) == "You may not do this."
    assert _extend_refused(people["focal_ke"], listed) == "You may not do this."
    assert _extend_refused(people["anonymous"], listed) == "You may not do this."
    far_off = kenyan_request(people["owner"], R.PUBLISHED, expires_on=far)
    assert "can be extended from 30 days before" in _extend_refused(people["owner"], far_off)
    draft = kenyan_request(people["owner"], R.DRAFT, expires_on=soon)
    assert _extend_refused(people["owner"], draft) == "Only a listed record can be extended."
    expired = kenyan_request(people["owner"], R.EXPIRED, expires_on=soon)
    assert _extend_refused(people["owner"], expired) == "Only a listed record can be extended."


# -- expiry and reminders ----------------------------------------------------------------------


def test_expiry_and_reminders_are_idempotent(people, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    owner = people["owner"]
    ending_soon = kenyan_request(owner, R.PUBLISHED, expires_on=today + datetime.timedelta(10))
    matched_soon = kenyan_request(owner, R.MATCHED, expires_on=today + datetime.timedelta(14))
    far = kenyan_request(owner, R.PUBLISHED, expires_on=today + datetime.timedelta(15))
    due = kenyan_request(owner, R.PUBLISHED, expires_on=today)
    overdue = kenyan_request(owner, R.MATCHED, expires_on=today - datetime.timedelta(3))
    in_progress = kenyan_request(owner, R.IN_PROGRESS, expires_on=today - datetime.timedelta(3))
    offer_due = OfferFactory(owner=owner, published=True, expires_on=today)
    offer_soon = OfferFactory(owner=owner, published=True, expires_on=today + datetime.timedelta(1))
    draft_offer = OfferFactory(owner=owner, status=OS.DRAFT, expires_on=today)

    with django_capture_on_commit_callbacks(execute=True):
        counts = expire_and_remind.call()

    assert counts == {"reminded": 3, "expired": 3}
    for record in (ending_soon, matched_soon, offer_soon):
        record.refresh_from_db()
        assert record.renewal_reminder_sent_on == today
    far.refresh_from_db()
    assert far.renewal_reminder_sent_on is None
    for record in (due, overdue, offer_due):
        record.refresh_from_db()
        assert record.status == "expired"
        transition = record.transitions.get()
        assert (transition.action, transition.actor) == ("expire", None)
    in_progress.refresh_from_db()
    draft_offer.refresh_from_db()
    assert (in_progress.status, draft_offer.status) == (R.IN_PROGRESS, OS.DRAFT)
    reminders = [m for m in mail.outbox if "is listed until" in m.subject]
    assert len(reminders) == 3
    outbox = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        assert expire_and_remind.call() == {"reminded": 0, "expired": 0}
    assert len(mail.outbox) == outbox
    assert Transition.objects.filter(action="expire").count() == 3


def test_management_command_runs_the_job(people, capsys):
    record = kenyan_request(people["owner"], R.PUBLISHED, expires_on=timezone.localdate())
    call_command("cooperation_expire")
    record.refresh_from_db()
    assert record.status == R.EXPIRED
    assert "1 record(s) expired" in capsys.readouterr().out


def test_management_command_enqueues(people, capsys):
    record = kenyan_request(people["owner"], R.PUBLISHED, expires_on=timezone.localdate())
    call_command("cooperation_expire", "--enqueue")
    assert "Expiry task enqueued" in capsys.readouterr().out
    record.refresh_from_db()
    # The immediate backend of the tests runs it at once.
    assert record.status == R.EXPIRED

"""Who may open and use the member pages: editing drafts, the match page and its feedback,
the outcome report, the focal points' endorsements and "my cooperation"."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from community.experts.factories import ExpertProfileFactory
from community.members.factories import ProfileFactory
from cooperation import services
from cooperation.factories import MatchFactory, OfferFactory, SupportRequestFactory
from cooperation.models import MatchFeedback, SupportRequest
from tests.helpers import client_for

from .member_helpers import focal_point, request_data

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


@pytest.fixture
def helpdesk(editor):
    return editor


# -- editing drafts ----------------------------------------------------------------------------


def test_only_the_owner_and_their_organizations_admins_edit_a_draft(
    client, member, other_member, partner, partner_admin, helpdesk
):
    owner = ProfileFactory(display_name="Owner").user
    draft = SupportRequestFactory(owner=owner, requesting_organization=partner, countries=["KE"])
    url = reverse("cooperation:request_edit", args=[draft.pk])
    kenya = focal_point("KE")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    assert client_for(owner).get(url).status_code == 200
    assert client_for(partner_admin).get(url).status_code == 200
    assert client_for(helpdesk).get(url).status_code == 200
    assert client_for(other_member).get(url).status_code == 404
    assert client_for(kenya).get(url).status_code == 404  # a draft is not theirs to see
    # Editing by guessing the URL changes nothing.
    response = client_for(other_member).post(url, request_data(title="Hijacked"))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title != "Hijacked"


def test_a_submitted_request_is_no_longer_edited_here(member, helpdesk):
    record = SupportRequestFactory(owner=member, countries=["KE"], status="submitted")
    url = reverse("cooperation:request_edit", args=[record.pk])
    for user in (member, focal_point("KE"), helpdesk):
        response = client_for(user).get(url)
        assert response.status_code == 403
        assert "only while it is a draft" in _html(response)
    response = client_for(member).post(url, request_data(title="Changed"))
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.title != "Changed"


def test_only_the_provider_edits_a_draft_offer(member, other_member, partner, partner_admin):
    expert = ExpertProfileFactory(profile=other_member.profile)
    by_expert = OfferFactory(owner=other_member, provider_expert=expert)
    by_org = OfferFactory(owner=None, provider_organization=partner)
    assert (
        client_for(other_member)
        .get(reverse("cooperation:offer_edit", args=[by_expert.pk]))
        .status_code
        == 200
    )
    assert (
        client_for(member).get(reverse("cooperation:offer_edit", args=[by_expert.pk])).status_code
        == 404
    )
    assert (
        client_for(partner_admin)
        .get(reverse("cooperation:offer_edit", args=[by_org.pk]))
        .status_code
        == 200
    )
    assert (
        client_for(other_member)
        .get(reverse("cooperation:offer_edit", args=[by_org.pk]))
        .status_code
        == 404
    )
    published = OfferFactory(owner=other_member, provider_expert=expert, published=True)
    response = client_for(other_member).get(reverse("cooperation:offer_edit", args=[published.pk]))
    assert response.status_code == 403


def test_ids_of_nothing_or_beyond_the_database_are_not_found(auth_client):
    for huge in ("99999999", "99999999999999999999999"):
        for path in ("requests/{}/edit/", "offers/{}/edit/", "matches/{}/", "requests/{}/outcome/"):
            assert auth_client.get("/en/cooperation/" + path.format(huge)).status_code == 404
        response = auth_client.post(f"/en/cooperation/matches/{huge}/feedback/", {"side": "x"})
        assert response.status_code == 404


# -- the match page and feedback ---------------------------------------------------------------


@pytest.fixture
def match(member, other_member):
    """An approved match: ``member`` asked, ``other_member`` offers."""
    request_record = SupportRequestFactory(
        owner=member, published=True, title="Mangroves in Lamu", targets=[2]
    )
    offer = OfferFactory(owner=other_member, published=True, title="Nursery training")
    return MatchFactory(
        request=request_record,
        offer=offer,
        status="approved",
        score=7.5,
        parts=[
            {"part": "targets", "points": 4.0, "codes": ["GBF-TARGET-02"]},
            {"part": "assistance", "points": 3.5, "codes": ["training"]},
        ],
    )


def test_both_parties_and_the_helpdesk_see_the_match(client, match, member, other_member, helpdesk):
    url = reverse("cooperation:match", args=[match.pk])
    assert match.get_absolute_url() == url
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    for user in (member, other_member, helpdesk):
        response = client_for(user).get(url)
        assert response.status_code == 200
        html = _html(response)
        assert "Mangroves in Lamu" in html and "Nursery training" in html
        # The score and why, in words: "1 shared target: 2 · offers training".
        assert "7.5" in html and "1 shared target: 2" in html and "offers training" in html
    outsider = ProfileFactory(display_name="Outsider").user
    assert client_for(outsider).get(url).status_code == 404


def test_parties_do_not_see_a_match_before_the_helpdesk_approves_it(match, member, helpdesk):
    match.status = "suggested"
    match.save()
    url = reverse("cooperation:match", args=[match.pk])
    assert client_for(member).get(url).status_code == 404
    assert client_for(helpdesk).get(url).status_code == 200


def test_each_side_gives_one_editable_answer(match, member, other_member):
    url = reverse("cooperation:match_feedback", args=[match.pk])
    requester, provider = client_for(member), client_for(other_member)
    page = _html(requester.get(match.get_absolute_url()))
    assert "Is this suggestion relevant?" in page and "has not answered yet" in page
    requester.post(url, {"side": "requester", "relevant": "yes", "comment": "Spot on"})
    requester.post(url, {"side": "requester", "relevant": "no", "comment": "Too far away"})
    (feedback,) = MatchFeedback.objects.all()
    assert (feedback.side, feedback.relevant, feedback.comment, feedback.user) == (
        "requester",
        False,
        "Too far away",
        member,
    )
    response = provider.post(url, {"side": "provider", "relevant": "yes"}, follow=True)
    assert "your feedback is saved" in _html(response)
    assert "does not find it relevant" in _html(response)  # the requester's answer
    assert MatchFeedback.objects.count() == 2
    assert MatchFeedback.objects.get(side="provider").user == other_member


def test_feedback_is_refused_to_anyone_not_on_that_side(match, member, helpdesk):
    url = reverse("cooperation:match_feedback", args=[match.pk])
    outsider = ProfileFactory(display_name="Outsider").user
    assert (
        client_for(outsider).post(url, {"side": "requester", "relevant": "yes"}).status_code == 404
    )
    response = client_for(helpdesk).post(url, {"side": "requester", "relevant": "yes"})
    assert response.status_code == 403
    assert "Only the requester and the provider" in _html(response)
    response = client_for(member).post(url, {"side": "provider", "relevant": "yes"})
    assert response.status_code == 403  # the requester cannot answer for the provider
    assert client_for(member).get(url).status_code == 405
    assert MatchFeedback.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"side": "requester"}, "Answer yes or no."),
        ({"side": "requester", "relevant": "maybe"}, "Select a valid choice"),
        ({"side": "requester", "relevant": "yes", "comment": "x" * 2001}, "at most 2000"),
    ],
)
def test_bad_feedback_is_refused_with_a_message(match, member, data, message):
    response = client_for(member).post(reverse("cooperation:match_feedback", args=[match.pk]), data)
    assert response.status_code == 200
    assert message in _html(response)
    assert MatchFeedback.objects.count() == 0


def test_the_match_page_offers_its_lifecycle_buttons(match, member, other_member):
    client = client_for(member)
    page = _html(client.get(match.get_absolute_url()))
    # Agreeing waits for the other side to find the match relevant; declining does not.
    assert "Agree to work together" not in page and "Decline" in page
    MatchFeedback.objects.create(match=match, user=other_member, side="provider", relevant=True)
    page = _html(client.get(match.get_absolute_url()))
    assert "Agree to work together" in page and "Decline" in page
    act = reverse("cooperation:act", args=["matches", match.pk])
    assert f'action="{act}"' in page
    client.post(act, {"action": "accept", "next": match.get_absolute_url()})
    match.refresh_from_db()
    assert match.status == "accepted"


# -- outcomes ----------------------------------------------------------------------------------

OUTCOME = "Forty people trained; two nurseries now grow 10,000 seedlings a year."


def test_the_owner_reports_the_outcome_of_a_completed_request(member):
    record = SupportRequestFactory(owner=member, status="completed")
    url = reverse("cooperation:request_outcome", args=[record.pk])
    client = client_for(member)
    assert "Publish the outcome" in _html(client.get(url))
    response = client.post(url, {"outcome": OUTCOME}, follow=True)
    assert "shown as a success story" in _html(response)
    record.refresh_from_db()
    assert record.status == "outcome_reported"
    assert record.outcome == OUTCOME
    assert record.transitions.get().action == "report_outcome"


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ("", "Please describe the outcome."),
        ("   ", "Please describe the outcome."),
        ("Done.", "at least 40 characters"),
        ("x" * 10_001, "under 10,000 characters"),
    ],
)
def test_a_bad_outcome_is_refused_and_changes_nothing(member, outcome, message):
    record = SupportRequestFactory(owner=member, status="completed")
    response = client_for(member).post(
        reverse("cooperation:request_outcome", args=[record.pk]), {"outcome": outcome}
    )
    assert message in _html(response)
    record.refresh_from_db()
    assert (record.status, record.outcome) == ("completed", "")


def test_only_the_owner_or_helpdesk_reports_and_only_once_completed(
    client, member, other_member, helpdesk
):
    record = SupportRequestFactory(owner=member, status="completed")
    url = reverse("cooperation:request_outcome", args=[record.pk])
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    response = client_for(other_member).post(url, {"outcome": OUTCOME})
    assert response.status_code == 403
    assert client_for(helpdesk).get(url).status_code == 200
    underway = SupportRequestFactory(owner=member, status="in_progress")
    url = reverse("cooperation:request_outcome", args=[underway.pk])
    response = client_for(member).post(url, {"outcome": OUTCOME})
    assert "once the request is marked completed" in _html(response)
    underway.refresh_from_db()
    assert (underway.status, underway.outcome) == ("in_progress", "")
    draft = SupportRequestFactory(owner=member)
    url = reverse("cooperation:request_outcome", args=[draft.pk])
    assert client_for(other_member).get(url).status_code == 404


# -- endorsements ------------------------------------------------------------------------------


def test_a_focal_point_sees_their_countrys_submitted_requests_only(member):
    kenya = SupportRequestFactory(owner=member, countries=["KE"], status="submitted", title="Lamu")
    SupportRequestFactory(owner=member, countries=["BR"], status="submitted", title="Pantanal")
    SupportRequestFactory(owner=member, countries=["KE"], title="Draft in Kenya")
    response = client_for(focal_point("KE")).get(reverse("cooperation:endorsements"))
    html = _html(response)
    assert "Lamu" in html and "Pantanal" not in html and "Draft in Kenya" not in html
    assert "1 request waiting" in html
    act = reverse("cooperation:act", args=["requests", kenya.pk])
    assert f'action="{act}"' in html
    assert 'value="endorse"' in html and 'value="not_endorse"' in html


def test_a_focal_point_endorses_or_refuses_with_a_reason(member):
    record = SupportRequestFactory(owner=member, countries=["KE"], status="submitted")
    client = client_for(focal_point("KE"))
    act = reverse("cooperation:act", args=["requests", record.pk])
    queue = reverse("cooperation:endorsements")
    response = client.post(
        act, {"action": "not_endorse", "comment": " ", "next": queue}, follow=True
    )
    assert "Please give a reason." in _html(response)
    record.refresh_from_db()
    assert record.status == "submitted"
    response = client.post(
        act, {"action": "endorse", "comment": "Priority", "next": queue}, follow=True
    )
    record.refresh_from_db()
    assert record.status == "endorsed" and record.endorsement_comment == "Priority"
    html = _html(response)
    assert "Your recent decisions" in html and "endorsed" in html


def test_a_focal_point_cannot_endorse_another_countrys_request_by_its_id(member):
    brazil = SupportRequestFactory(owner=member, countries=["BR"], status="submitted")
    client = client_for(focal_point("KE"))
    response = client.post(
        reverse("cooperation:act", args=["requests", brazil.pk]), {"action": "endorse"}
    )
    assert response.status_code == 404
    brazil.refresh_from_db()
    assert brazil.status == "submitted" and not brazil.transitions.exists()


def test_the_endorsement_page_is_for_focal_points(client, member, helpdesk):
    assert client.get(reverse("cooperation:endorsements")).status_code == 302
    for user in (member, helpdesk):
        response = client_for(user).get(reverse("cooperation:endorsements"))
        assert response.status_code == 403
        assert "This page is for national focal points" in _html(response)


# -- my cooperation ----------------------------------------------------------------------------


def test_my_cooperation_lists_my_records_in_every_state_with_the_next_step(
    member, other_member, partner, partner_admin
):
    SupportRequestFactory(owner=member, title="My draft")
    SupportRequestFactory(owner=member, status="submitted", title="My submitted request")
    SupportRequestFactory(owner=member, status="completed", title="My completed request")
    SupportRequestFactory(
        owner=other_member, requesting_organization=partner, title="My organization's request"
    )
    SupportRequestFactory(owner=other_member, title="Someone else's draft")
    expert = ExpertProfileFactory(profile=member.profile)
    OfferFactory(owner=None, provider_expert=expert, status="submitted", title="My offer")
    html = _html(client_for(member).get(reverse("cooperation:mine")))
    for title in (
        "My draft",
        "My submitted request",
        "My completed request",
        "My organization&#x27;s request",
        "My offer",
    ):
        assert title in html
    assert "Someone else" not in html
    assert "Finish it and submit it for review." in html
    assert "Waiting for the national focal point" in html
    assert "The helpdesk reviews it before it is published." in html
    assert (
        reverse(
            "cooperation:request_outcome",
            args=[SupportRequest.objects.get(title="My completed request").pk],
        )
        in html
    )


def test_expired_records_offer_renewal_and_ending_ones_a_reminder(member):
    today = timezone.localdate()
    expired = SupportRequestFactory(owner=member, status="expired", title="Expired one")
    SupportRequestFactory(
        owner=member,
        published=True,
        title="Ending soon",
        expires_on=today + datetime.timedelta(days=10),
    )
    client = client_for(member)
    html = _html(client.get(reverse("cooperation:mine")))
    assert "Leaves the listings in 10 days" in html
    act = reverse("cooperation:act", args=["requests", expired.pk])
    assert f'action="{act}"' in html and 'value="renew"' in html
    client.post(act, {"action": "renew", "next": reverse("cooperation:mine")})
    expired.refresh_from_db()
    assert expired.status == "published"


def test_my_cooperation_shows_matches_with_their_feedback_and_the_endorsement_queue(
    match, member, other_member
):
    html = _html(client_for(member).get(reverse("cooperation:mine")))
    assert reverse("cooperation:match", args=[match.pk]) in html
    assert "Not given yet: is it relevant?" in html
    MatchFeedback.objects.create(match=match, user=other_member, side="provider", relevant=True)
    services.apply(member, match, "decline", "Found help elsewhere")
    html = _html(client_for(member).get(reverse("cooperation:mine")))
    assert "Declined" in html and "Answered" in html
    assert "wait for your endorsement" not in html and "waits for your endorsement" not in html
    kenya = focal_point("KE")
    SupportRequestFactory(owner=member, countries=["KE"], status="submitted")
    html = _html(client_for(kenya).get(reverse("cooperation:mine")))
    assert "1 request of your country waits for your endorsement" in html


def test_my_cooperation_needs_a_signed_in_member(client):
    response = client.get(reverse("cooperation:mine"))
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("language", ["ar", "zh-hans", "es"])
def test_every_member_page_renders_in_each_language(match, member, language, settings):
    """Right-to-left and other scripts: every page opens, with its language and direction."""
    kenya = focal_point("KE")
    SupportRequestFactory(owner=member, countries=["KE"], status="submitted")
    completed = SupportRequestFactory(owner=member, status="completed")
    draft = SupportRequestFactory(owner=member)
    expert = ExpertProfileFactory(profile=member.profile)
    offer = OfferFactory(owner=member, provider_expert=expert)
    pages = [
        (member, "request_create", []),
        (member, "request_edit", [draft.pk]),
        (member, "offer_create", []),
        (member, "offer_edit", [offer.pk]),
        (member, "match", [match.pk]),
        (member, "request_outcome", [completed.pk]),
        (member, "mine", []),
        (kenya, "endorsements", []),
        (kenya, "mine", []),
    ]
    from django.utils import translation

    for user, name, args in pages:
        with translation.override(language):
            url = reverse(f"cooperation:{name}", args=args)
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert len(response.content) < 100_000, url  # light pages
        html = _html(response)
        assert f'lang="{language}"' in html
        if language == "ar":
            assert 'dir="rtl"' in html


def test_other_countries_focal_points_see_nothing_to_edit(member):
    record = SupportRequestFactory(owner=member, countries=["KE"], status="submitted")
    url = reverse("cooperation:request_edit", args=[record.pk])
    assert client_for(focal_point("BR")).get(url).status_code == 404
    assert (
        client_for(focal_point("BR", name="Other"))
        .get(reverse("cooperation:request_outcome", args=[record.pk]))
        .status_code
        == 404
    )


def test_the_requesting_organizations_admin_is_on_the_requesters_side(
    partner, partner_admin, other_member
):
    owner = other_member
    request_record = SupportRequestFactory(
        owner=owner, requesting_organization=partner, published=True
    )
    match = MatchFactory(request=request_record, status="approved")
    client = client_for(partner_admin)
    assert client.get(match.get_absolute_url()).status_code == 200
    client.post(
        reverse("cooperation:match_feedback", args=[match.pk]),
        {"side": "requester", "relevant": "yes"},
    )
    assert MatchFeedback.objects.get().user == partner_admin


def test_the_helpdesk_reads_both_sides_feedback_on_the_match_page(match, member, helpdesk):
    MatchFeedback.objects.create(
        match=match, user=member, side="requester", relevant=False, comment="Wrong region"
    )
    html = _html(client_for(helpdesk).get(match.get_absolute_url()))
    assert "Feedback from the parties" in html and "Wrong region" in html
    assert 'name="relevant"' not in html  # the helpdesk is on neither side


def test_an_owner_keeps_a_record_listed_from_my_cooperation(member):
    """Near its end a listed request offers "keep it listed"; the button extends it by a year
    and records the step; far from its end the same post is refused and changes nothing."""
    record = SupportRequestFactory(
        owner=member,
        published=True,
        expires_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    client = client_for(member)
    mine_url = reverse("cooperation:mine")
    assert "Keep it listed for another year" in _html(client.get(mine_url))
    act = reverse("cooperation:act", args=["requests", record.pk])
    response = client.post(act, {"action": "extend", "next": mine_url}, follow=True)
    record.refresh_from_db()
    assert record.expires_on > timezone.localdate() + datetime.timedelta(days=300)
    assert record.transitions.filter(action="extend").count() == 1
    assert "Listed until" in _html(response)
    assert "Keep it listed for another year" not in _html(response)
    response = client.post(act, {"action": "extend", "next": mine_url}, follow=True)
    assert record.transitions.filter(action="extend").count() == 1
    assert "it can be extended from 30 days before" in _html(response)

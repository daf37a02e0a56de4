"""The helpdesk's matchmaking tools in the admin (match review, proposing by hand, gap and
feedback reports) and the matchmaking template tags, for each kind of viewer."""

import pytest

from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from community.experts.factories import ExpertProfileFactory
from community.members.factories import UserFactory
from cooperation import matching
from cooperation.factories import MatchFactory, OfferFactory, SupportRequestFactory
from cooperation.models import (
    Match,
    MatchFeedback,
    MatchOrigin,
    MatchStatus,
    RequestStatus,
    Transition,
)
from taxonomy.models import Target

pytestmark = pytest.mark.django_db

REVIEW = "cooperation_match_review"
GAPS = "cooperation_gap_report"
FEEDBACK = "cooperation_feedback_report"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def helpdesk():
    """A staff member with the helpdesk permission (not a superuser)."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="act_as_helpdesk"),
    )
    return user


@pytest.fixture
def staff():
    """An admin user without the helpdesk permission."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def suggested():
    request_record = SupportRequestFactory(
        published=True,
        title="Seed banks for the Sahel",
        targets=[4, 13],
        countries=["NG"],
        assistance_types=["training"],
    )
    OfferFactory(
        published=True,
        title="Seed bank training",
        targets=[4],
        assistance_types=["training"],
        eligible_regions=["002"],
    )
    matching.refresh_suggestions(request_record)
    return Match.objects.get(request=request_record)


# -- permission both ways ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [REVIEW, GAPS, FEEDBACK])
def test_admin_views_refuse_non_helpdesk(name, staff, member):
    assert _client(staff).get(reverse(name)).status_code in (302, 403)
    assert _client(staff).post(reverse(REVIEW), {"match": 1, "action": "approve"}).status_code in (
        302,
        403,
    )
    response = _client(member).get(reverse(name))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Client().get(reverse(name)).status_code == 302


def test_staff_without_permission_is_refused_with_403(staff, suggested):
    response = _client(staff).get(reverse(REVIEW))
    assert response.status_code == 403 or "Seed banks" not in response.content.decode()
    _client(staff).post(reverse(REVIEW), {"match": suggested.pk, "action": "approve"})
    suggested.refresh_from_db()
    assert suggested.status == MatchStatus.SUGGESTED


def test_menu_shows_matchmaking_to_helpdesk_only(helpdesk, staff):
    assert "Matchmaking" in _client(helpdesk).get(reverse("wagtailadmin_home")).content.decode()
    assert "Matchmaking" not in _client(staff).get(reverse("wagtailadmin_home")).content.decode()


# -- match review ------------------------------------------------------------------------------


def test_review_lists_suggestions_with_explanation(helpdesk, suggested):
    html = _client(helpdesk).get(reverse(REVIEW)).content.decode()
    assert "Seed banks for the Sahel" in html
    assert "Seed bank training" in html
    assert "1 shared target: 4" in html
    assert "offers training" in html
    assert "works in Africa" in html


def test_helpdesk_approves_a_suggestion(helpdesk, suggested):
    client = _client(helpdesk)
    response = client.post(
        reverse(REVIEW), {"match": suggested.pk, "action": "approve", "comment": "Good fit"}
    )
    assert response.status_code == 302
    suggested.refresh_from_db()
    assert suggested.status == MatchStatus.APPROVED
    transition = Transition.objects.get(match=suggested)
    assert (transition.actor, transition.comment) == (helpdesk, "Good fit")
    page = client.get(response["Location"]).content.decode()
    assert "Approved: both sides now see this match." in page
    assert "No suggestion awaits review." in page


def test_helpdesk_dismisses_a_suggestion(helpdesk, suggested):
    _client(helpdesk).post(reverse(REVIEW), {"match": suggested.pk, "action": "dismiss"})
    suggested.refresh_from_db()
    assert suggested.status == MatchStatus.DISMISSED
    # A dismissed suggestion is not made again.
    matching.refresh_suggestions(suggested.request)
    assert Match.objects.get(request=suggested.request).status == MatchStatus.DISMISSED


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"match": "abc", "action": "approve"},
        {"match": "-3", "action": "approve"},
        {"match": "99999999999999999999999", "action": "approve"},
        {"action": "approve"},
        {"match": "1", "action": "delete"},
        {"match": "424242", "action": "approve"},
    ],
)
def test_review_bad_input_changes_nothing(helpdesk, suggested, data):
    response = _client(helpdesk).post(reverse(REVIEW), data, follow=True)
    assert response.status_code == 200
    suggested.refresh_from_db()
    assert suggested.status == MatchStatus.SUGGESTED
    assert not Transition.objects.filter(match=suggested).exists()


def test_review_refuses_an_illegal_transition_with_a_message(helpdesk, suggested):
    client = _client(helpdesk)
    client.post(reverse(REVIEW), {"match": suggested.pk, "action": "approve"})
    response = client.post(
        reverse(REVIEW), {"match": suggested.pk, "action": "dismiss"}, follow=True
    )
    assert "This cannot be done now" in response.content.decode()
    suggested.refresh_from_db()
    assert suggested.status == MatchStatus.APPROVED


def test_review_bad_page_number_does_not_fail(helpdesk, suggested):
    assert _client(helpdesk).get(reverse(REVIEW), {"p": "x"}).status_code == 200
    assert _client(helpdesk).get(reverse(REVIEW), {"p": "999"}).status_code == 200


# -- proposing by hand -------------------------------------------------------------------------


def test_request_page_ranks_candidates_and_helpdesk_proposes_by_hand(helpdesk, suggested):
    request_record = suggested.request
    expert = ExpertProfileFactory(headline="Seed conservation scientist")
    expert.targets.set(Target.objects.filter(number=13))
    url = reverse("cooperation_request_matchmaking", args=[request_record.pk])
    client = _client(helpdesk)
    html = client.get(url).content.decode()
    assert "How the candidates rank" in html
    assert expert.profile.display_name in html
    response = client.post(url, {"kind": "expert", "object_id": expert.pk, "comment": "Ask her"})
    assert response.status_code == 302
    match = Match.objects.get(request=request_record, expert=expert)
    assert match.status == MatchStatus.APPROVED
    assert match.origin == MatchOrigin.HELPDESK and match.proposed_by == helpdesk
    assert {part["part"]: part["codes"] for part in match.parts}["targets"] == ["GBF-TARGET-13"]
    # The same pair cannot be proposed twice.
    response = client.post(url, {"kind": "expert", "object_id": expert.pk}, follow=True)
    assert "already been proposed" in response.content.decode()
    assert Match.objects.filter(request=request_record, expert=expert).count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "offer", "object_id": "999999"}, "There is no such offer"),
        ({"kind": "spaceship", "object_id": "1"}, "Please correct the errors"),
        ({"kind": "offer", "object_id": "abc"}, "Please correct the errors"),
        ({"kind": "offer", "object_id": "99999999999999999999999"}, "Please correct the errors"),
        ({}, "Please correct the errors"),
    ],
)
def test_proposing_bad_input_changes_nothing(helpdesk, suggested, data, message):
    url = reverse("cooperation_request_matchmaking", args=[suggested.request_id])
    response = _client(helpdesk).post(url, data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Match.objects.filter(request=suggested.request).count() == 1


def test_proposing_for_a_draft_request_or_a_draft_offer_is_refused(helpdesk, suggested):
    draft_request = SupportRequestFactory(targets=[4])
    offer = suggested.offer
    url = reverse("cooperation_request_matchmaking", args=[draft_request.pk])
    response = _client(helpdesk).post(url, {"kind": "offer", "object_id": offer.pk}, follow=True)
    assert "only be proposed for a published request" in response.content.decode()
    draft_offer = OfferFactory(targets=[4])
    url = reverse("cooperation_request_matchmaking", args=[suggested.request_id])
    response = _client(helpdesk).post(
        url, {"kind": "offer", "object_id": draft_offer.pk}, follow=True
    )
    assert "Only a published offer" in response.content.decode()
    assert not Match.objects.filter(request=draft_request).exists()
    assert not Match.objects.filter(offer=draft_offer).exists()


def test_request_page_of_unknown_request_is_404(helpdesk):
    url = reverse("cooperation_request_matchmaking", args=[987654])
    assert _client(helpdesk).get(url).status_code == 404


# -- reports -----------------------------------------------------------------------------------


def test_gap_report_counts_open_requests_without_a_covering_offer(helpdesk):
    for title in ("Coral reefs in Lagos", "Coral reefs in Accra"):
        SupportRequestFactory(
            published=True, title=title, targets=[7], countries=["NG"], assistance_types=[]
        )
    SupportRequestFactory(title="Draft", targets=[7], countries=["NG"], assistance_types=[])
    html = _client(helpdesk).get(reverse(GAPS)).content.decode()
    assert "No published offer covers Target 7 in Western Africa." in html
    assert "Coral reefs in Lagos" in html and "Coral reefs in Accra" in html
    assert "Draft" not in html
    assert "<td>2</td>" in html


def test_gap_report_without_gaps(helpdesk):
    html = _client(helpdesk).get(reverse(GAPS)).content.decode()
    assert "No gap" in html


def test_feedback_report_counts_verdicts_by_side_and_part(helpdesk, member, other_member):
    match = MatchFactory(
        status=MatchStatus.APPROVED,
        parts=[
            {"part": "targets", "points": 3.0, "codes": ["GBF-TARGET-04"]},
            {"part": "languages", "points": 2.0, "codes": ["en"]},
        ],
    )
    other = MatchFactory(
        status=MatchStatus.APPROVED,
        parts=[{"part": "targets", "points": 3.0, "codes": ["GBF-TARGET-04"]}],
    )
    MatchFeedback.objects.create(match=match, user=member, side="requester", relevant=True)
    MatchFeedback.objects.create(
        match=match, user=other_member, side="provider", relevant=False, comment="Too far away"
    )
    MatchFeedback.objects.create(match=other, user=member, side="requester", relevant=False)
    from cooperation.matchmaking_admin import feedback_summary

    sides, parts = feedback_summary()
    assert sides["requester"] == {"relevant": 1, "not_relevant": 1}
    assert sides["provider"] == {"relevant": 0, "not_relevant": 1}
    by_part = {row["part"]: row["sides"] for row in parts}
    assert by_part["targets"]["requester"] == {"relevant": 1, "not_relevant": 1}
    assert by_part["languages"]["provider"] == {"relevant": 0, "not_relevant": 1}
    html = _client(helpdesk).get(reverse(FEEDBACK)).content.decode()
    assert "Too far away" in html
    assert "Verdicts by part of the score" in html
    assert _client(helpdesk).get(reverse(FEEDBACK), {"p": "nope"}).status_code == 200


# -- template tags, for each viewer ------------------------------------------------------------


def _render(source, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load cooperation_tags %}" + source)
    return template.render(Context({"request": request, **context}))


MATCHMAKING = "{% cooperation_matchmaking request_record %}"


def test_matchmaking_tag_for_the_helpdesk_shows_suggestions(helpdesk, suggested):
    html = _render(MATCHMAKING, helpdesk, request_record=suggested.request)
    assert "Seed bank training" in html
    assert "Suggested, awaiting the helpdesk" in html
    assert "offers training" in html


def test_matchmaking_tag_shows_parties_only_approved_matches(suggested, other_member):
    from django.contrib.auth.models import AnonymousUser

    requester = suggested.request.owner
    assert "Seed bank training" not in _render(
        MATCHMAKING, requester, request_record=suggested.request
    )
    suggested.status = MatchStatus.APPROVED
    suggested.save()
    html = _render(MATCHMAKING, requester, request_record=suggested.request)
    assert "Seed bank training" in html and "1 shared target: 4" in html
    provider = suggested.offer.owner
    assert "Seed bank training" in _render(MATCHMAKING, provider, request_record=suggested.request)
    # Someone else, or a visitor, sees no match (and no gaps: a good suggestion exists).
    assert _render(MATCHMAKING, other_member, request_record=suggested.request).strip() == ""
    assert _render(MATCHMAKING, AnonymousUser(), request_record=suggested.request).strip() == ""


def test_matchmaking_tag_tells_everyone_what_is_missing():
    from django.contrib.auth.models import AnonymousUser

    request_record = SupportRequestFactory(
        published=True, targets=[7], countries=["NG"], assistance_types=["funding"]
    )
    html = _render(MATCHMAKING, AnonymousUser(), request_record=request_record)
    assert "What is missing" in html
    assert "No published offer covers Target 7 in Western Africa." in html
    assert "No published offer gives funding in Western Africa." in html
    # Not on a request that is not open.
    request_record.status = RequestStatus.COMPLETED
    request_record.save()
    assert "What is missing" not in _render(
        MATCHMAKING, AnonymousUser(), request_record=request_record
    )


ANSWERABLE = "{% requests_you_could_answer record %}"


def test_requests_you_could_answer_for_the_offer_owner_only(member, other_member):
    offer = OfferFactory(published=True, owner=member, targets=[7], assistance_types=["training"])
    SupportRequestFactory(published=True, title="Wetlands in Kenya", targets=[7], countries=["KE"])
    html = _render(ANSWERABLE, member, record=offer)
    assert "Requests you could answer" in html
    assert "Wetlands in Kenya" in html and "1 shared target: 7" in html
    assert _render(ANSWERABLE, other_member, record=offer).strip() == ""


def test_requests_you_could_answer_for_the_expert_themselves(other_member):
    expert = ExpertProfileFactory()
    expert.targets.set(Target.objects.filter(number=7))
    SupportRequestFactory(
        published=True,
        title="Advice on wetlands",
        targets=[7],
        assistance_types=["technical-assistance"],
    )
    html = _render(ANSWERABLE, expert.profile.user, record=expert)
    assert "Advice on wetlands" in html and "offers technical assistance" in html
    assert _render(ANSWERABLE, other_member, record=expert).strip() == ""


def test_requests_you_could_answer_when_nothing_fits(member):
    offer = OfferFactory(published=True, owner=member, targets=[7])
    assert "No open request fits this yet." in _render(ANSWERABLE, member, record=offer)


def test_deciding_from_the_request_page_returns_there(helpdesk, suggested):
    url = reverse("cooperation_request_matchmaking", args=[suggested.request_id])
    html = _client(helpdesk).get(url).content.decode()
    assert f'name="request_page" value="{suggested.request_id}"' in html
    response = _client(helpdesk).post(
        reverse(REVIEW),
        {"match": suggested.pk, "action": "dismiss", "request_page": suggested.request_id},
    )
    assert response["Location"] == url
    response = _client(helpdesk).post(
        reverse(REVIEW), {"match": suggested.pk, "action": "dismiss", "request_page": "//evil"}
    )
    assert response["Location"] == reverse(REVIEW)

"""The member dashboard's cooperation card and the member's cooperation data in their
export."""

import json
import re

import pytest

from django.urls import reverse

from community.experts.factories import ExpertProfileFactory
from cooperation import services
from cooperation.factories import MatchFactory, OfferFactory, SupportRequestFactory
from cooperation.models import MatchFeedback
from tests.helpers import client_for

from .member_helpers import document, focal_point

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("members:dashboard")


def _card(html):
    match = re.search(
        r'<li class="card"><h2>Technical and scientific cooperation</h2>(.*?)</li>\s*</ul>\s*</li>',
        html,
        re.S,
    )
    assert match, "no cooperation card on the dashboard"
    return match.group(1)


def test_a_new_member_is_invited_to_post(auth_client):
    card = _card(auth_client.get(DASHBOARD).content.decode())
    assert reverse("cooperation:mine") in card
    assert reverse("cooperation:request_create") in card
    assert reverse("cooperation:offer_create") in card
    assert reverse("cooperation:endorsements") not in card
    assert "draft" not in card


def test_the_card_sums_up_the_members_cooperation(member, other_member):
    SupportRequestFactory(owner=member)
    SupportRequestFactory(owner=member, status="submitted")
    SupportRequestFactory(owner=member, status="completed")
    SupportRequestFactory(owner=member, status="expired")
    OfferFactory(owner=member)
    SupportRequestFactory(owner=other_member)  # not theirs
    MatchFactory(
        request=SupportRequestFactory(owner=member, published=True),
        offer=OfferFactory(owner=other_member, published=True),
        status="approved",
    )
    card = _card(client_for(member).get(DASHBOARD).content.decode())
    assert "5 requests and 1 offers posted" in card
    assert "2 drafts to finish" in card
    assert "1 in review" in card
    assert "1 expired: renew it to list it again" in card
    assert "1 match (1 awaits your feedback)" in card
    assert "1 completed request: report its outcome" in card


def test_a_focal_point_is_linked_to_their_endorsement_queue(member):
    kenya = focal_point("KE")
    SupportRequestFactory(owner=member, countries=["KE"], status="submitted")
    SupportRequestFactory(owner=member, countries=["KE", "TZ"], status="submitted")
    SupportRequestFactory(owner=member, countries=["BR"], status="submitted")
    card = _card(client_for(kenya).get(DASHBOARD).content.decode())
    assert reverse("cooperation:endorsements") in card
    assert "2 requests wait for your endorsement" in card


def _export(user):
    response = client_for(user).post(reverse("members:data_export"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_export_holds_the_members_requests_offers_feedback_and_steps(member, other_member):
    expert = ExpertProfileFactory(profile=member.profile)
    mine = SupportRequestFactory(
        owner=member,
        title="Mangroves in Lamu",
        contact_email="amina@example.org",
        targets=[2],
        countries=["KE"],
        assistance_types=["training"],
    )
    mine.attachments.create(title="plan.pdf", file=document("plan.pdf"))
    services.apply(member, mine, "submit")
    offer = OfferFactory(owner=member, provider_expert=expert, title="My training offer")
    theirs = SupportRequestFactory(owner=other_member, title="Their request", published=True)
    match = MatchFactory(
        request=theirs, offer=OfferFactory(owner=member, published=True), status="approved"
    )
    MatchFeedback.objects.create(
        match=match, user=member, side="provider", relevant=True, comment="Good fit"
    )
    MatchFeedback.objects.create(
        match=match, user=other_member, side="requester", relevant=False, comment="Their secret"
    )

    data = _export(member)
    (request_row,) = data["cooperation_requests"]
    assert request_row["title"] == "Mangroves in Lamu"
    assert request_row["status"] == "submitted"
    assert request_row["contact_email"] == "amina@example.org"
    assert request_row["targets"] == ["GBF-TARGET-02"]
    assert request_row["countries"] == ["KE"]
    assert request_row["assistance_types"] == ["training"]
    assert request_row["attachments"][0]["title"] == "plan.pdf"
    assert request_row["attachments"][0]["url"].startswith("http")
    titles = sorted(o["title"] for o in data["cooperation_offers"])
    assert offer.title in titles and len(titles) == 2
    assert data["cooperation_match_feedback"] == [
        {
            "match": match.pk,
            "side": "provider",
            "relevant": True,
            "comment": "Good fit",
            "created_at": data["cooperation_match_feedback"][0]["created_at"],
            "updated_at": data["cooperation_match_feedback"][0]["updated_at"],
        }
    ]
    (step,) = data["cooperation_transitions"]
    assert step["action"] == "submit" and step["to_status"] == "submitted"
    assert step["record"] == {"type": "request", "id": mine.pk, "title": "Mangroves in Lamu"}
    text = json.dumps(data)
    assert "Their secret" not in text and "Their request" not in text
    assert other_member.email not in text


def test_a_focal_points_steps_name_only_what_they_may_still_see(member):
    kenya = focal_point("KE")
    record = SupportRequestFactory(
        owner=member, countries=["KE"], status="submitted", title="Kenyan request"
    )
    services.apply(kenya, record, "endorse", "Priority")
    (step,) = _export(kenya)["cooperation_transitions"]
    assert step["record"]["title"] == "Kenyan request" and step["comment"] == "Priority"
    record.status = "draft"  # returned to the requester: no longer the focal point's to see
    record.save()
    (step,) = _export(kenya)["cooperation_transitions"]
    assert step["record"] == {"type": "request", "id": record.pk}
    assert _export(kenya)["cooperation_requests"] == []

"""The cooperation demo: every state of both lifecycles and of matches, in several languages,
with its history; seeding twice changes nothing; ``--size`` fills the matchmaker's index."""

import pytest

from django.core.management import call_command

from cooperation import matching
from cooperation.models import (
    Match as MatchModel,
)
from cooperation.models import (
    MatchCandidate,
    MatchFeedback,
    MatchStatus,
    Offer,
    OfferStatus,
    RequestStatus,
    SupportRequest,
    Transition,
)

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "requests": sorted(SupportRequest.objects.values_list("title", "status")),
        "offers": sorted(Offer.objects.values_list("title", "status")),
        "matches": sorted(
            MatchModel.objects.values_list(
                "request_id", "offer_id", "expert_id", "organization_id", "status", "score"
            ),
            key=str,
        ),
        "transitions": Transition.objects.count(),
        "feedback": MatchFeedback.objects.count(),
        "index": MatchCandidate.objects.count(),
    }


def test_demo_has_every_state_with_history_and_is_idempotent(home_page, tmp_path):
    out = open(tmp_path / "out", "w")  # noqa: SIM115
    call_command("seed_demo", stdout=out)
    assert set(SupportRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(Offer.objects.values_list("status", flat=True)) == set(OfferStatus.values)
    assert set(MatchModel.objects.values_list("status", flat=True)) == set(MatchStatus.values)
    # Several languages, each record's history written by the service.
    assert {"en", "es", "fr", "ar", "ru"} <= set(
        SupportRequest.objects.values_list("language__code", flat=True)
    )
    assert {"en", "es", "fr", "ar"} <= set(Offer.objects.values_list("language__code", flat=True))
    for request_record in SupportRequest.objects.exclude(status=RequestStatus.DRAFT):
        assert request_record.transitions.exists(), request_record
    endorsed = SupportRequest.objects.get(status=RequestStatus.ENDORSED)
    assert endorsed.endorsed_by.email == "member00006@example.org"
    assert MatchFeedback.objects.filter(relevant=True).exists()
    assert MatchFeedback.objects.filter(relevant=False).exists()
    # The Arabic request asks for funding no published offer gives: the page says so.
    arabic = SupportRequest.objects.get(language__code="ar")
    assert arabic.status == RequestStatus.PUBLISHED
    assert any(gap.facet == "assistance" for gap in matching.gaps(arabic))
    # The Spanish páramo request got suggestions from offers written in English.
    paramo = SupportRequest.objects.get(title__startswith="Restauración de páramos")
    assert paramo.matches.filter(offer__language__code="en").exists()
    # Experts, organizations and offers are in the index.
    assert set(MatchCandidate.objects.values_list("kind", flat=True)) == {
        "offer",
        "expert",
        "organization",
    }

    before = _snapshot()
    call_command("seed_demo", stdout=out)
    assert _snapshot() == before


def test_demo_size_bulk_creates_indexed_offers(home_page, tmp_path):
    out = open(tmp_path / "out", "w")  # noqa: SIM115
    call_command("seed_demo", "--size", "60", stdout=out)
    published = Offer.objects.filter(status=OfferStatus.PUBLISHED)
    assert published.count() >= 60
    indexed = MatchCandidate.objects.filter(kind="offer").count()
    assert indexed == published.count()
    bulk = published.order_by("-pk").first()
    entry = MatchCandidate.objects.get(kind="offer", object_id=bulk.pk)
    assert entry.terms.filter(facet="targets").exists()
    assert entry.terms.filter(facet="geography").exists()

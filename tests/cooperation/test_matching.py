"""The matchmaker: the candidate index, scoring parts, explanations, gaps, suggestions and the
reverse query."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.utils import timezone, translation

from community.experts.factories import ExpertProfileFactory
from community.experts.models import ExpertProfile
from cooperation import matching, services
from cooperation.factories import MatchFactory, OfferFactory, SupportRequestFactory
from cooperation.models import (
    CandidateKind,
    Match,
    MatchCandidate,
    MatchOrigin,
    MatchStatus,
    OfferStatus,
    RequestStatus,
)
from taxonomy.models import Country, Language, Target, ThematicArea

pytestmark = pytest.mark.django_db


def _request(**kwargs):
    kwargs.setdefault("published", True)
    kwargs.setdefault("targets", [7, 10])
    kwargs.setdefault("countries", ["NG"])
    kwargs.setdefault("assistance_types", ["training"])
    kwargs.setdefault("working_languages", ["en"])
    return SupportRequestFactory(**kwargs)


def _offer(**kwargs):
    kwargs.setdefault("published", True)
    return OfferFactory(**kwargs)


def _parts(suggestion):
    return {part["part"]: part for part in suggestion.parts}


def _only(request_record, **kwargs):
    found = matching.rank(request_record, **kwargs)
    assert len(found) == 1, found
    return found[0]


# -- the index ---------------------------------------------------------------------------------


def test_published_offer_is_indexed_with_its_codes_and_drafts_are_not():
    offer = _offer(
        targets=[7],
        assistance_types=["training"],
        countries=["KE"],
        eligible_regions=["011"],
        working_languages=["fr"],
    )
    offer.thematic_areas.set(ThematicArea.objects.filter(slug="protected-areas"))
    draft = OfferFactory(targets=[7])
    candidate = MatchCandidate.objects.get(kind="offer", object_id=offer.pk)
    codes = {(t.facet, t.code) for t in candidate.terms.all()}
    assert {
        ("targets", "GBF-TARGET-07"),
        ("assistance", "training"),
        ("geography", "KE"),
        ("geography", "011"),
        ("languages", "fr"),
        ("languages", "en"),
        ("themes", "protected-areas"),
    } <= codes
    assert candidate.capacity_left == 3
    assert candidate.deadline == offer.application_deadline
    assert not MatchCandidate.objects.filter(kind="offer", object_id=draft.pk).exists()


def test_offer_without_eligibility_serves_anywhere():
    offer = _offer(targets=[7])
    candidate = MatchCandidate.objects.get(kind="offer", object_id=offer.pk)
    assert list(candidate.terms.filter(facet="geography").values_list("code", flat=True)) == ["*"]


def test_index_follows_transitions_and_capacity(member, editor, django_capture_on_commit_callbacks):
    offer = OfferFactory(owner=member, targets=[7], capacity=1)
    assert not MatchCandidate.objects.filter(kind="offer", object_id=offer.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(member, offer, "submit")
        offer = services.apply(editor, offer, "publish")
    candidate = MatchCandidate.objects.get(kind="offer", object_id=offer.pk)
    assert candidate.active and candidate.capacity_left == 1
    match = MatchFactory(offer=offer, status=MatchStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(editor, match, "accept")
    candidate.refresh_from_db()
    assert candidate.capacity_left == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(editor, offer, "close", "Full")
    assert not MatchCandidate.objects.filter(kind="offer", object_id=offer.pk).exists()


def test_expert_entry_follows_profile_and_is_removed_when_private():
    expert = ExpertProfileFactory(headline="Wetland hydrologist", expertise=["wetlands"])
    expert.targets.set(Target.objects.filter(number=7))
    expert.countries.set(Country.objects.filter(code="KE"))
    expert.languages.set(Language.objects.filter(code="sw"))
    candidate = MatchCandidate.objects.get(kind="expert", object_id=expert.pk)
    codes = {(t.facet, t.code) for t in candidate.terms.all()}
    assert {
        ("targets", "GBF-TARGET-07"),
        ("geography", "KE"),
        ("geography", "014"),
        ("geography", "002"),
        ("assistance", "technical-assistance"),
        ("assistance", "scientific-cooperation"),
    } <= codes
    assert any(facet == "stems" and code.startswith("wetland") for facet, code in codes)
    assert candidate.title == expert.profile.display_name and candidate.active
    expert.availability = ExpertProfile.Availability.UNAVAILABLE
    expert.save()
    candidate.refresh_from_db()
    assert not candidate.active
    expert.visibility = ExpertProfile.Visibility.PRIVATE
    expert.save()
    assert not MatchCandidate.objects.filter(kind="expert", object_id=expert.pk).exists()
    expert.visibility = ExpertProfile.Visibility.PUBLIC
    expert.save()
    expert_id = expert.pk
    expert.delete()
    assert not MatchCandidate.objects.filter(kind="expert", object_id=expert_id).exists()


def test_partner_page_is_indexed_when_published_and_removed_when_unpublished(partner):
    candidate = MatchCandidate.objects.get(kind="organization", object_id=partner.pk)
    codes = {(t.facet, t.code) for t in candidate.terms.all()}
    # An IPLC organization in Peru working in the Americas, on Target 22.
    assert {
        ("targets", "GBF-TARGET-22"),
        ("geography", "PE"),
        ("geography", "019"),
        ("assistance", "capacity-building"),
    } <= codes
    partner.unpublish()
    assert not MatchCandidate.objects.filter(kind="organization", object_id=partner.pk).exists()


def test_reindex_command_rebuilds_everything(partner):
    offer = _offer(targets=[7])
    ExpertProfileFactory()
    MatchCandidate.objects.all().delete()
    out = io.StringIO()
    call_command("cooperation_reindex", stdout=out)
    assert "Candidate index rebuilt." in out.getvalue()
    kinds = set(MatchCandidate.objects.values_list("kind", flat=True))
    assert kinds == {"offer", "expert", "organization"}
    rebuilt = MatchCandidate.objects.get(kind="offer", object_id=offer.pk)
    assert rebuilt.terms.filter(facet="targets", code="GBF-TARGET-07").exists()


# -- scoring -----------------------------------------------------------------------------------


def test_score_is_the_sum_of_named_parts():
    request_record = _request(targets=[7, 10, 2], countries=["NG"], working_languages=["en"])
    request_record.thematic_areas.set(ThematicArea.objects.filter(slug="protected-areas"))
    offer = _offer(
        targets=[2, 7, 10],
        assistance_types=["training"],
        countries=["NG"],
        working_languages=["en"],
        capacity=2,
    )
    offer.thematic_areas.set(ThematicArea.objects.filter(slug="protected-areas"))
    suggestion = _only(request_record)
    assert suggestion.sql_score == pytest.approx(suggestion.score)
    parts = _parts(suggestion)
    assert parts["targets"]["points"] == 3 * matching.TARGET_POINTS
    assert parts["targets"]["codes"] == ["GBF-TARGET-02", "GBF-TARGET-07", "GBF-TARGET-10"]
    assert parts["assistance"] == {
        "part": "assistance",
        "points": matching.ASSISTANCE_POINTS,
        "codes": ["training"],
    }
    assert parts["geography"]["points"] == matching.GEOGRAPHY_POINTS["country"]
    assert parts["geography"]["codes"] == ["NG"]
    assert parts["languages"]["codes"] == ["en"]
    assert parts["themes"]["points"] == matching.THEME_POINTS
    assert parts["deadline"]["codes"] == [offer.application_deadline.isoformat()]
    assert parts["capacity"]["codes"] == ["2"]
    assert suggestion.score == sum(part["points"] for part in suggestion.parts)
    assert suggestion.kind == "offer" and suggestion.object_id == offer.pk
    assert suggestion.qualifies


def test_geography_country_beats_region_beats_anywhere():
    request_record = _request(targets=[7], countries=["NG"])
    in_country = _offer(targets=[7], countries=["NG"])
    in_region = _offer(targets=[7], eligible_regions=["011"])
    in_africa = _offer(targets=[7], eligible_regions=["002"])
    anywhere = _offer(targets=[7])
    elsewhere = _offer(targets=[7], countries=["KE"])
    ranked = matching.rank(request_record)
    # The query's ordering score and the named parts agree, and the order follows them.
    assert all(s.sql_score == pytest.approx(s.score) for s in ranked)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    found = {s.object_id: _parts(s)["geography"] for s in ranked}
    assert found[in_country.pk]["points"] > found[in_region.pk]["points"]
    assert found[in_region.pk]["points"] == found[in_africa.pk]["points"]
    assert found[in_region.pk]["points"] > found[anywhere.pk]["points"]
    assert found[anywhere.pk]["codes"] == ["*"]
    assert found[in_africa.pk]["codes"] == ["002"]
    # An offer restricted to other countries is never suggested.
    assert elsewhere.pk not in found


def test_passed_deadline_and_full_capacity_exclude_an_offer():
    request_record = _request(targets=[7])
    open_offer = _offer(targets=[7])
    _offer(targets=[7], application_deadline=timezone.localdate() - datetime.timedelta(days=1))
    full = _offer(targets=[7], capacity=1)
    MatchFactory(request=_request(), offer=full, status=MatchStatus.ACCEPTED)
    matching.index_candidate("offer", full.pk)
    assert [s.object_id for s in matching.rank(request_record)] == [open_offer.pk]


def test_text_similarity_alone_never_reaches_the_threshold():
    request_record = _request(
        targets=[7],
        assistance_types=["funding"],
        title="Mangrove restoration monitoring with drones",
        summary="Mangrove restoration monitoring, drones, coastal communities.",
    )
    # Same words, nothing else in common: not even ranked.
    _offer(
        targets=[1],
        assistance_types=["training"],
        title="Mangrove restoration monitoring with drones",
        description="Mangrove restoration monitoring, drones, coastal communities.",
    )
    assert matching.rank(request_record) == []
    # With one theme in common the wording adds its bonus, still below the threshold.
    themed = _offer(
        targets=[1],
        assistance_types=["training"],
        title="Mangrove restoration monitoring with drones",
        description="Mangrove restoration monitoring, drones, coastal communities.",
    )
    area = ThematicArea.objects.get(slug="marine-coastal")
    themed.thematic_areas.set([area])
    request_record.thematic_areas.set([area])
    suggestion = _only(request_record)
    parts = _parts(suggestion)
    assert parts["text"]["points"] <= matching.TEXT_MAX_POINTS
    assert parts["text"]["points"] > 0
    assert not suggestion.qualifies


def test_assistance_and_languages_count_once_each():
    request_record = _request(
        targets=[], assistance_types=["training", "funding"], working_languages=["es", "fr"]
    )
    offer = _offer(targets=[], assistance_types=["training", "funding"], working_languages=["es"])
    parts = _parts(_only(request_record))
    assert parts["assistance"]["points"] == matching.ASSISTANCE_POINTS + 1
    assert parts["assistance"]["codes"] == ["funding", "training"]
    assert parts["languages"]["points"] == matching.LANGUAGE_POINTS
    assert parts["languages"]["codes"] == ["en", "es"]  # both written in English
    assert offer.pk == _only(request_record).object_id


def test_spanish_request_finds_english_offer():
    request_record = _request(
        title="Restauración de manglares con comunidades locales",
        summary="Necesitamos formación para restaurar manglares.",
        language=Language.objects.get(code="es"),
        targets=[2, 22],
        countries=["CO"],
        working_languages=["es", "en"],
    )
    offer = _offer(
        title="Mangrove restoration training",
        description="Hands-on training in mangrove restoration.",
        targets=[2],
        assistance_types=["training"],
        eligible_regions=["019"],
        working_languages=["en"],
    )
    suggestion = _only(request_record)
    assert suggestion.object_id == offer.pk
    assert suggestion.qualifies
    assert set(_parts(suggestion)) >= {"targets", "assistance", "geography", "languages"}
    assert "text" not in _parts(suggestion)  # no shared words: the codes did it


def test_rank_by_kind_and_experts():
    request_record = _request(targets=[7], assistance_types=["technical-assistance"])
    expert = ExpertProfileFactory()
    expert.targets.set(Target.objects.filter(number=7))
    offer = _offer(targets=[7])
    assert {s.kind for s in matching.rank(request_record)} == {"offer", "expert"}
    only_experts = matching.rank(request_record, kinds=["expert"])
    assert [(s.kind, s.object_id) for s in only_experts] == [("expert", expert.pk)]
    assert _parts(only_experts[0])["assistance"]["codes"] == ["technical-assistance"]
    assert offer.pk in [s.object_id for s in matching.rank(request_record, kinds=["offer"])]


def test_request_with_nothing_to_match_ranks_nothing():
    request_record = _request(targets=[], assistance_types=[])
    _offer(targets=[7])
    assert matching.rank(request_record) == []


# -- explanations ------------------------------------------------------------------------------


PARTS = [
    {
        "part": "targets",
        "points": 9.0,
        "codes": ["GBF-TARGET-02", "GBF-TARGET-10", "GBF-TARGET-03"],
    },
    {"part": "assistance", "points": 4.0, "codes": ["training"]},
    {"part": "geography", "points": 2.0, "codes": ["005"]},
    {"part": "languages", "points": 2.0, "codes": ["es"]},
    {"part": "themes", "points": 1.5, "codes": ["protected-areas"]},
    {"part": "text", "points": 1.0, "codes": ["4"]},
    {"part": "deadline", "points": 1.0, "codes": ["2027-03-31"]},
    {"part": "capacity", "points": 1.0, "codes": ["2"]},
]


def test_explanation_in_english():
    assert matching.explain(PARTS) == [
        "3 shared targets: 2, 3, 10",
        "offers training",
        "works in South America",
        "speaks Spanish",
        "shared theme: protected and conserved areas",
        "similar wording",
        "open until March 31, 2027",  # DATE_FORMAT, as elsewhere on the site
        "2 places left",
    ]


def test_explanation_singular_and_unknown_parts():
    phrases = matching.explain(
        [
            {"part": "targets", "points": 3.0, "codes": ["GBF-TARGET-07"]},
            {"part": "capacity", "points": 1.0, "codes": ["1"]},
            {"part": "geography", "points": 1.0, "codes": ["*"]},
            {"part": "geography", "points": 3.0, "codes": ["KE"]},
            {"part": "mystery", "points": 1.0, "codes": []},
            {"part": "assistance", "points": 4.0, "codes": ["no-such-type"]},
            {"part": "deadline", "points": 1.0, "codes": ["not a date"]},
            "garbage",
        ]
    )
    assert phrases == [
        "1 shared target: 7",
        "1 place left",
        "open to every country",
        "works in Kenya",
    ]


@pytest.mark.parametrize("language", ["es", "ar"])
def test_explanation_in_other_languages_uses_their_labels(language):
    with translation.override(language):
        phrases = matching.explain(PARTS)
        spanish = Language.objects.get(code="es").label
        training = matching._labels(matching.AssistanceType, "slug", ["training"])[0]
    assert len(phrases) == len(PARTS)
    assert "2, 3, 10" in phrases[0] and "3" in phrases[0]
    assert spanish in phrases[3]
    assert training[1:] in phrases[1]  # the translated label (first letter lowered)
    assert "2" in phrases[-1] and "2027" in phrases[-2]
    if language == "es":
        assert training == "Formación"


# -- gaps --------------------------------------------------------------------------------------


def test_gaps_name_targets_and_assistance_no_offer_covers():
    request_record = _request(targets=[7, 10], countries=["NG"], assistance_types=["funding"])
    _offer(targets=[10], eligible_regions=["002"], assistance_types=["training"])
    _offer(targets=[7], countries=["KE"], assistance_types=["funding"])  # elsewhere
    found = matching.gaps(request_record)
    assert found == [
        matching.Gap("targets", "GBF-TARGET-07", "011"),
        matching.Gap("assistance", "funding", "011"),
    ]
    assert [gap.sentence() for gap in found] == [
        "No published offer covers Target 7 in Western Africa.",
        "No published offer gives funding in Western Africa.",
    ]


def test_gaps_close_when_an_offer_covers_the_area():
    request_record = _request(targets=[7], countries=["NG"], assistance_types=[])
    assert len(matching.gaps(request_record)) == 1
    _offer(targets=[7], countries=["GH"])  # in Western Africa
    assert matching.gaps(request_record) == []


def test_gaps_ignore_closed_and_past_deadline_offers():
    request_record = _request(targets=[7], countries=[], assistance_types=[])
    _offer(targets=[7], application_deadline=timezone.localdate() - datetime.timedelta(days=3))
    OfferFactory(targets=[7], status=OfferStatus.CLOSED)
    assert [g.sentence() for g in matching.gaps(request_record)] == [
        "No published offer covers Target 7."
    ]


def test_gap_report_counts_requests_per_gap():
    first = _request(targets=[7], countries=["NG"], assistance_types=[])
    second = _request(targets=[7], countries=["GH"], assistance_types=[])
    _request(targets=[7], countries=["NG"], assistance_types=[], status=RequestStatus.DRAFT)
    _offer(targets=[7], countries=["KE"])
    rows = matching.gap_report()
    assert rows[0][0] == matching.Gap("targets", "GBF-TARGET-07", "011")
    assert set(rows[0][1]) == {first, second}
    assert len(rows) == 1


# -- suggestions -------------------------------------------------------------------------------


def test_refresh_creates_suggestions_above_threshold_and_is_idempotent():
    request_record = _request(targets=[7, 10])
    good = _offer(targets=[7, 10], assistance_types=["training"])
    weak = _offer(targets=[], assistance_types=[], working_languages=["en"])
    weak.thematic_areas.set(ThematicArea.objects.filter(slug="gender"))
    request_record.thematic_areas.set(ThematicArea.objects.filter(slug="gender"))
    matching.refresh_suggestions(request_record)
    match = Match.objects.get(request=request_record)
    assert match.offer == good and match.status == MatchStatus.SUGGESTED
    assert match.origin == MatchOrigin.MATCHMAKER
    assert match.score >= matching.SUGGESTION_THRESHOLD
    assert {part["part"] for part in match.parts} >= {"targets", "assistance"}
    matching.refresh_suggestions(request_record)
    assert list(Match.objects.filter(request=request_record)) == [match]


def test_refresh_never_touches_decided_matches_and_removes_stale_ones(editor):
    request_record = _request(targets=[7])
    kept = _offer(targets=[7], assistance_types=["training"])
    dropped = _offer(targets=[7], assistance_types=["training"])
    approved = _offer(targets=[7], assistance_types=["training"])
    matching.refresh_suggestions(request_record)
    assert Match.objects.filter(request=request_record).count() == 3
    approved_match = Match.objects.get(request=request_record, offer=approved)
    services.apply(editor, approved_match, "approve")
    # Two offers close: the approved match stays as the helpdesk left it.
    services.apply(editor, dropped, "close", "done")
    services.apply(editor, approved, "close", "done")
    matching.refresh_suggestions(request_record)
    matches = {m.offer_id: m.status for m in Match.objects.filter(request=request_record)}
    assert matches == {kept.pk: MatchStatus.SUGGESTED, approved.pk: MatchStatus.APPROVED}


def test_refresh_keeps_helpdesk_proposals_and_clears_when_request_leaves(editor):
    request_record = _request(targets=[7])
    _offer(targets=[7], assistance_types=["training"])
    other = _offer(targets=[1])
    by_hand = Match.objects.create(
        request=request_record, offer=other, origin=MatchOrigin.HELPDESK, proposed_by=editor
    )
    matching.refresh_suggestions(request_record)
    assert Match.objects.filter(request=request_record).count() == 2
    services.apply(editor, request_record, "withdraw")
    matching.refresh_suggestions(request_record)
    # Withdrawing dismissed every pending suggestion, each with its reason on record, and a
    # request that left the open states gets no new ones.
    statuses = set(Match.objects.filter(request=request_record).values_list("status", flat=True))
    assert statuses == {MatchStatus.DISMISSED}
    by_hand.refresh_from_db()
    assert by_hand.transitions.get().comment == "The request was withdrawn."


def test_publishing_suggests_through_tasks(member, editor, django_capture_on_commit_callbacks):
    offer = _offer(targets=[7], assistance_types=["training"])
    request_record = _request(targets=[7], status=RequestStatus.VETTED, published=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(editor, request_record, "publish")
    assert Match.objects.get(request=request_record).offer == offer
    # A new offer published later reaches the same request through the reverse query.
    newer = OfferFactory(owner=member, targets=[7], assistance_types=["training"])
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(member, newer, "submit")
        services.apply(editor, newer, "publish")
    assert set(Match.objects.filter(request=request_record).values_list("offer_id", flat=True)) == {
        offer.pk,
        newer.pk,
    }


# -- the reverse query -------------------------------------------------------------------------


def test_requests_for_an_offer_lists_open_requests_it_could_answer():
    offer = _offer(targets=[7], assistance_types=["training"], eligible_regions=["002"])
    best = _request(targets=[7], countries=["NG"], assistance_types=["training"])
    weaker = _request(targets=[7], countries=["KE"], assistance_types=["funding"])
    _request(targets=[7], countries=["MX"])  # outside the offer's eligibility
    _request(targets=[7], countries=["NG"], status=RequestStatus.DRAFT, published=False)
    _request(targets=[1], countries=["NG"], assistance_types=["funding"])  # nothing shared
    found = matching.requests_for(CandidateKind.OFFER, offer.pk)
    assert [request_record for request_record, _score, _parts in found] == [best, weaker]
    request_record, score, parts = found[0]
    assert score == sum(part["points"] for part in parts)
    by_name = {part["part"]: part for part in parts}
    assert by_name["targets"]["codes"] == ["GBF-TARGET-07"]
    assert by_name["geography"]["codes"] == ["002"]


def test_requests_for_an_unknown_or_inactive_candidate_is_empty():
    assert matching.requests_for(CandidateKind.OFFER, 999999) == []
    expert = ExpertProfileFactory(accepts_contact=False)
    _request(targets=[7])
    assert matching.requests_for(CandidateKind.EXPERT, expert.pk) == []


def test_closing_an_offer_drops_its_pending_suggestions(editor, django_capture_on_commit_callbacks):
    request_record = _request(targets=[7])
    offer = _offer(targets=[7], assistance_types=["training"])
    matching.refresh_suggestions(request_record)
    assert Match.objects.filter(request=request_record, offer=offer).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(editor, offer, "close", "No more places this year")
    assert not Match.objects.filter(request=request_record, offer=offer).exists()

"""Requests and offers in the record registry: their shape, who may find them, what leaves
search, and the unified search's own facets for them."""

import pytest

from django.test import Client
from django.utils import translation

from community.experts.factories import ExpertProfileFactory
from community.members.factories import ProfileFactory
from cooperation import services
from cooperation.factories import OfferFactory, SupportRequestFactory
from cooperation.models import OfferStatus, RequestStatus
from exchange.serializers import PUBLIC, get_serializer, serializer_for, user_audience
from search.facets import value_labels
from taxonomy.models import Constituency
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def _found(record, response):
    """Whether a search results page links to ``record`` (titles carry highlight marks)."""
    return f'{record.get_absolute_url()}"' in response.content.decode()


def _search(params, client=None):
    return (client or Client()).get(SEARCH, params)


def test_requests_and_offers_are_registered_with_their_schema_types():
    assert serializer_for(SupportRequestFactory()).record_type == "request"
    assert get_serializer("request").schema_type == "Demand"
    assert serializer_for(OfferFactory()).record_type == "offer"
    assert get_serializer("offer").schema_type == "Offer"


def test_a_request_document_has_the_common_shape_and_its_own_keys(partner):
    record = SupportRequestFactory(
        published=True,
        title="Seed bank for páramo species",
        summary="A community seed bank.",
        requesting_organization=partner,
        targets=[4],
        countries=["PE"],
        assistance_types=["technology-transfer", "training"],
        working_languages=["es"],
        budget_min=1000,
        budget_max=2500.5,
        currency="EUR",
    )
    record.beneficiaries.set(Constituency.objects.filter(slug="iplc"))
    data = get_serializer("request").to_dict(record)
    assert data["type"] == "request"
    assert data["title"] == "Seed bank for páramo species"
    assert data["summary"] == "A community seed bank."
    assert data["targets"] == ["GBF-TARGET-04"]
    assert data["countries"] == ["PE"] and "019" in data["regions"]
    assert data["language"] == "en"
    assert data["constituencies"] == ["iplc"]
    assert data["status"] == "published"
    assert sorted(data["assistance_types"]) == ["technology-transfer", "training"]
    assert data["beneficiaries"] == ["iplc"]
    assert data["working_languages"] == ["es"]
    assert data["organization"] == "Asociación Indígena Andina"
    assert data["organization_partner"] == str(partner.uuid)
    assert data["budget_min"] == 1000 and data["budget_max"] == 2500.5
    assert data["currency"] == "EUR"
    assert data["expires_on"] == record.expires_on.isoformat()
    assert data["endorsed"] is False
    assert data["outcome"] is None
    assert data["published"] == record.published_at.isoformat()


def test_an_offer_document_and_json_ld(partner):
    offer = OfferFactory(
        published=True,
        description="We train **rangers** in camera trapping.",
        provider_organization=partner,
        assistance_types=["training"],
        eligible_regions=["002"],
        amount_max=5000,
        capacity=2,
    )
    serializer = get_serializer("offer")
    data = serializer.to_dict(offer)
    assert data["type"] == "offer"
    assert data["summary"] == "We train rangers in camera trapping."
    assert data["provider"] == "Asociación Indígena Andina"
    assert data["provider_kind"] == "organization"
    assert data["eligible_regions"] == ["002"]
    assert data["regions"] == ["002"]
    assert data["amount_min"] is None and data["amount_max"] == 5000
    assert data["capacity"] == 2
    assert data["application_deadline"] == offer.application_deadline.isoformat()
    document = serializer.to_jsonld(offer)
    assert document["@type"] == "Offer"
    assert document["offeredBy"]["@type"] == "Organization"
    assert document["eligibleRegion"] == [{"@type": "Place", "identifier": "002"}]
    assert document["priceSpecification"]["maxPrice"] == 5000
    assert "minPrice" not in document["priceSpecification"]
    assert document["inventoryLevel"]["value"] == 2


def test_an_endorsed_request_says_so_and_a_reported_outcome_is_in_its_document(member, editor):
    from community.members.models import FocalPoint
    from taxonomy.models import Country

    focal = ProfileFactory().user
    FocalPoint.objects.create(user=focal, country=Country.objects.get(code="KE"))
    record = SupportRequestFactory(owner=member, countries=["KE"])
    services.apply(member, record, "submit")
    services.apply(focal, record, "endorse", "Fits our NBSAP.")
    services.apply(editor, record, "vet")
    services.apply(editor, record, "publish")
    record.refresh_from_db()
    data = get_serializer("request").to_dict(record)
    assert data["endorsed"] is True
    record.status = RequestStatus.OUTCOME_REPORTED
    record.outcome = "Two hundred rangers **trained**."
    record.save()
    data = get_serializer("request").search_document(record)
    assert data["outcome"] == "Two hundred rangers **trained**."
    assert "Two hundred rangers trained." in data["text"]


def test_queryset_shows_listed_records_and_the_owner_their_own(member, other_member):
    serializer = get_serializer("request")
    listed = SupportRequestFactory(published=True)
    draft = SupportRequestFactory(owner=member)
    expired = SupportRequestFactory(owner=member, status=RequestStatus.EXPIRED)
    assert set(serializer.queryset(None)) == {listed}
    assert set(serializer.queryset(other_member)) == {listed}
    assert set(serializer.queryset(member)) == {listed, draft}
    assert expired not in serializer.queryset(member)


@pytest.mark.parametrize(
    ("status", "indexable", "audiences"),
    [
        (RequestStatus.DRAFT, True, "owner"),
        (RequestStatus.SUBMITTED, True, "owner"),
        (RequestStatus.PUBLISHED, True, "public"),
        (RequestStatus.MATCHED, True, "public"),
        (RequestStatus.OUTCOME_REPORTED, True, "public"),
        (RequestStatus.WITHDRAWN, True, "owner"),
        (RequestStatus.EXPIRED, False, "owner"),
    ],
)
def test_who_finds_a_request_in_search(status, indexable, audiences, member):
    record = SupportRequestFactory(owner=member, status=status)
    serializer = get_serializer("request")
    assert serializer.is_indexable(record) is indexable
    expected = [PUBLIC] if audiences == "public" else [user_audience(member.pk)]
    assert serializer.audiences(record) == expected


def test_expired_offers_leave_search_but_closed_ones_are_their_owners():
    serializer = get_serializer("offer")
    assert not serializer.is_indexable(OfferFactory(status=OfferStatus.EXPIRED))
    closed = OfferFactory(status=OfferStatus.CLOSED)
    assert serializer.is_indexable(closed)
    assert serializer.audiences(closed) == [user_audience(closed.owner_id)]


def test_renaming_the_requesting_organization_changes_the_documents(partner):
    record = SupportRequestFactory(published=True, requesting_organization=partner)
    dependencies = get_serializer("request").dependencies()
    (records_of,) = [fn for model, fn in dependencies.items() if isinstance(partner, model)]
    assert list(records_of(partner)) == [record]


def test_a_renamed_expert_changes_their_offers_documents():
    expert = ExpertProfileFactory(visibility="public")
    offer = OfferFactory(published=True, provider_expert=expert)
    dependencies = get_serializer("offer").dependencies()
    for instance in (expert, expert.profile):
        (records_of,) = [fn for model, fn in dependencies.items() if isinstance(instance, model)]
        assert list(records_of(instance)) == [offer]


# -- the unified search ------------------------------------------------------------------------


def test_the_unified_search_finds_a_request_by_its_text_and_filters_by_assistance_type():
    training = SupportRequestFactory(
        published=True,
        title="Mangrove nursery",
        problem="Our mangrove seedlings die before planting.",
        assistance_types=["training"],
    )
    funding = SupportRequestFactory(
        published=True,
        title="Mangrove survey",
        problem="We cannot pay for a mangrove survey.",
        assistance_types=["funding"],
    )
    response = _search({"q": "mangrove"})
    assert _found(training, response) and _found(funding, response)
    # The facet group is offered with labels, and narrows the results.
    html = response.content.decode()
    assert "Assistance type" in html and "Training" in html and "Funding" in html
    response = _search({"q": "mangrove", "assistance_type": "training"})
    assert _found(training, response) and not _found(funding, response)
    response = _search({"q": "seedlings die"})
    assert _found(training, response) and not _found(funding, response)


def test_the_status_facet_and_drafts_in_search(member):
    published = SupportRequestFactory(published=True, title="Published coral request")
    matched = SupportRequestFactory(status=RequestStatus.MATCHED, title="Matched coral request")
    draft = SupportRequestFactory(owner=member, title="Draft coral request")
    response = _search({"q": "coral", "status": "matched"})
    assert _found(matched, response) and not _found(published, response)
    assert "Matched" in response.content.decode()
    assert not _found(draft, _search({"q": "coral"}))
    assert _found(draft, _search({"q": "coral"}, client_for(member)))


def test_an_expired_request_leaves_search():
    record = SupportRequestFactory(published=True, title="Peatland request")
    assert _found(record, _search({"q": "peatland"}))
    services.apply(None, record, "expire")
    assert not _found(record, _search({"q": "peatland"}))


def test_event_status_is_not_a_value_of_the_cooperation_status_facet():
    from search.facets import tokens_for

    tokens = tokens_for({"type": "event", "status": "scheduled", "targets": []})
    assert "status:scheduled" not in tokens
    assert "status:published" in tokens_for({"type": "request", "status": "published"})


def test_facet_values_are_labelled_in_the_readers_language():
    with translation.override("es"):
        labels = value_labels("assistance_type", ["training", "unknown-kind"])
        assert labels == {"training": "Formación", "unknown-kind": "unknown-kind"}
        # Labelled from the model's choices, never the raw code.
        assert value_labels("status", ["in_progress"])["in_progress"] != "in_progress"
    assert value_labels("status", ["outcome_reported"]) == {"outcome_reported": "Outcome reported"}


def test_an_offer_for_a_subregion_is_in_its_region_for_search():
    data = get_serializer("offer").to_dict(
        OfferFactory(published=True, countries=["PE"], eligible_regions=["014"])
    )
    # Peru's regions (Americas, South America), Eastern Africa and Africa.
    assert {"019", "014", "002"} <= set(data["regions"])

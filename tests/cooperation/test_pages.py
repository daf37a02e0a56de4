"""The public cooperation pages: the requests and offers listings with their filters and
feeds, the record pages for each state and each kind of viewer, their buttons, and the widgets
on partner and expert pages."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own feeds

import pytest

from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from community.experts.factories import ExpertProfileFactory
from community.members.factories import ProfileFactory
from community.members.models import FocalPoint
from cooperation import services
from cooperation.factories import OfferFactory, SupportRequestFactory
from cooperation.models import Attachment, OfferStatus, RequestStatus, Transition
from taxonomy.models import Constituency, Country, Language
from tests.helpers import client_for, json_ld

pytestmark = pytest.mark.django_db

REQUESTS = "/cooperation/requests/"
OFFERS = "/cooperation/offers/"


def _published(**kwargs):
    return SupportRequestFactory(published=True, **kwargs)


def _titles(response):
    return response.content.decode()


# -- requests listing --------------------------------------------------------------------------


def test_the_requests_listing_shows_listed_requests_only():
    shown = {
        status: SupportRequestFactory(status=status, title=f"Request {status}")
        for status in RequestStatus.values
    }
    html = Client().get(REQUESTS).content.decode()
    for status, record in shown.items():
        listed = status in ("published", "matched", "in_progress", "completed", "outcome_reported")
        assert (escape(record.title) in html) is listed, status


def test_a_request_card_shows_its_organization_targets_countries_types_status_and_deadline(
    partner,
):
    _published(
        title="Páramo water monitoring",
        summary="Help us monitor páramo water.",
        requesting_organization=partner,
        targets=[11],
        countries=["PE"],
        assistance_types=["training"],
        end_date=datetime.date(2027, 3, 31),
    )
    html = Client().get(REQUESTS).content.decode()
    assert "Páramo water monitoring" in html
    assert "Help us monitor páramo water." in html
    assert "Asociación Indígena Andina" in html
    assert "Target 11" in html and "Peru" in html and "Training" in html
    assert "Published" in html
    assert "Needed by" in html and "2027" in html


@pytest.mark.parametrize(
    ("query", "kwargs_in", "kwargs_out"),
    [
        ("target=7", {"targets": [7]}, {"targets": [8]}),
        ("country=KE", {"countries": ["KE"]}, {"countries": ["PE"]}),
        ("region=002", {"countries": ["KE"]}, {"countries": ["PE"]}),
        ("region=014", {"countries": ["KE"]}, {"countries": ["NG"]}),
        ("assistance_type=funding", {"assistance_types": ["funding"]}, {}),
        ("status=matched", {"status": RequestStatus.MATCHED}, {}),
        ("language=es", {"working_languages": ["es"]}, {"working_languages": ["fr"]}),
    ],
)
def test_the_requests_listing_filters(query, kwargs_in, kwargs_out):
    wanted = _published(title="The wanted request", **kwargs_in)
    other = _published(title="Another request", **kwargs_out)
    html = Client().get(f"{REQUESTS}?{query}").content.decode()
    assert wanted.title in html
    assert other.title not in html


def test_the_thematic_area_filter():
    from taxonomy.models import ThematicArea

    wanted, other = _published(title="Health request"), _published(title="Other request")
    wanted.thematic_areas.set([ThematicArea.objects.get(slug="health")])
    html = Client().get(f"{REQUESTS}?thematic_area=health").content.decode()
    assert wanted.title in html and other.title not in html


def test_the_language_filter_also_finds_the_language_a_request_is_written_in():
    spanish = _published(
        title="Restauración de manglares", language=Language.objects.get(code="es")
    )
    english = _published(title="Mangrove restoration")
    html = Client().get(f"{REQUESTS}?language=es").content.decode()
    assert spanish.title in html and english.title not in html


@pytest.mark.parametrize(
    "query",
    [
        "target=99",
        "target=abc",
        "country=ZZ",
        "region=999",
        "assistance_type=flying",
        "status=draft",
        "status=withdrawn",
        "language=xx",
        "target=99999999999999999999999",
        "page=abc",
        "page=-3",
    ],
)
def test_bad_filter_values_are_reported_and_ignored(query):
    record = _published(title="Still listed", targets=[3])
    response = Client().get(f"{REQUESTS}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert record.title in html
    if not query.startswith("page"):
        assert "Some filters were not understood and have been ignored" in html


def test_a_bad_filter_is_ignored_while_the_valid_ones_still_apply():
    wanted = _published(title="Target seven", targets=[7])
    other = _published(title="Target eight", targets=[8])
    html = Client().get(f"{REQUESTS}?target=7&country=ZZ").content.decode()
    assert wanted.title in html and other.title not in html
    assert "Some filters were not understood" in html


def test_the_status_filter_offers_only_listed_states():
    html = Client().get(REQUESTS).content.decode()
    assert '<option value="outcome_reported">' in html
    assert '<option value="draft">' not in html
    assert '<option value="withdrawn">' not in html


def test_the_listing_paginates_with_its_filters():
    for number in range(22):
        _published(title=f"Paged request {number:02d}", targets=[5])
    _published(title="Not target five", targets=[6])
    first = Client().get(f"{REQUESTS}?target=5").content.decode()
    assert "22 results" in first
    assert "target=5&amp;page=2" in first
    second = Client().get(f"{REQUESTS}?target=5&page=2").content.decode()
    assert second.count("Paged request") == 2


# -- offers listing ----------------------------------------------------------------------------


def test_the_offers_listing_shows_published_offers_with_their_provider(partner):
    published = OfferFactory(
        published=True, title="Drone mapping course", provider_organization=partner
    )
    for status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.CLOSED, "expired"):
        OfferFactory(status=status, title=f"Offer {status}")
    html = Client().get(OFFERS).content.decode()
    assert published.title in html
    assert "Offered by Asociación Indígena Andina" in html
    for status in ("draft", "submitted", "closed", "expired"):
        assert f"Offer {status}" not in html


def test_the_offers_country_filter_means_eligibility():
    by_country = OfferFactory(published=True, title="For Kenya", countries=["KE"])
    by_region = OfferFactory(published=True, title="For Eastern Africa", eligible_regions=["014"])
    anywhere = OfferFactory(published=True, title="For anyone")
    elsewhere = OfferFactory(published=True, title="For Peru", countries=["PE"])
    html = Client().get(f"{OFFERS}?country=KE").content.decode()
    for offer in (by_country, by_region, anywhere):
        assert offer.title in html
    assert elsewhere.title not in html


def test_the_offers_region_filter_covers_its_subregions_and_countries():
    subregion = OfferFactory(published=True, title="Eastern Africa offer", eligible_regions=["014"])
    country = OfferFactory(published=True, title="Kenya offer", countries=["KE"])
    elsewhere = OfferFactory(published=True, title="Americas offer", eligible_regions=["019"])
    html = Client().get(f"{OFFERS}?region=002").content.decode()
    assert subregion.title in html and country.title in html
    assert elsewhere.title not in html


def test_the_offers_open_only_filter_hides_passed_deadlines():
    today = timezone.localdate()
    open_offer = OfferFactory(published=True, title="Open offer")
    passed = OfferFactory(
        published=True, title="Passed offer", application_deadline=today - datetime.timedelta(1)
    )
    html = Client().get(f"{OFFERS}?open_only=on").content.decode()
    assert open_offer.title in html and passed.title not in html
    assert passed.title in Client().get(OFFERS).content.decode()


def test_the_offers_listing_filters_by_assistance_type_and_rejects_bad_values():
    training = OfferFactory(published=True, title="Training offer", assistance_types=["training"])
    funding = OfferFactory(published=True, title="Funding offer", assistance_types=["funding"])
    html = Client().get(f"{OFFERS}?assistance_type=training").content.decode()
    assert training.title in html and funding.title not in html
    response = Client().get(f"{OFFERS}?assistance_type=nope&open_only=maybe&region=abc")
    assert response.status_code == 200
    assert training.title in response.content.decode()


# -- feeds -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_requests_feeds_are_valid_xml_with_the_listing_filters(kind):
    _published(title="Feed target seven", targets=[7])
    _published(title="Feed target eight", targets=[8])
    SupportRequestFactory(title="Feed draft", targets=[7])
    response = Client().get(f"{REQUESTS}{kind}/?target=7")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    text = ET.tostring(root, encoding="unicode")
    assert "Feed target seven" in text
    assert "Feed target eight" not in text and "Feed draft" not in text


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_offers_feeds_are_valid_xml_with_the_listing_filters(kind):
    OfferFactory(published=True, title="Feed training", assistance_types=["training"])
    OfferFactory(published=True, title="Feed funding", assistance_types=["funding"])
    response = Client().get(f"{OFFERS}{kind}/?assistance_type=training")
    root = ET.fromstring(response.content)  # noqa: S314
    text = ET.tostring(root, encoding="unicode")
    assert "Feed training" in text and "Feed funding" not in text


def test_a_feed_with_bad_filters_still_answers():
    _published(title="Feed survivor")
    response = Client().get(f"{REQUESTS}rss/?target=abc&status=draft")
    assert response.status_code == 200
    assert "Feed survivor" in response.content.decode()


def test_the_listing_links_its_feeds_with_its_filters():
    html = Client().get(f"{REQUESTS}?target=7").content.decode()
    assert 'href="/cooperation/requests/rss/?target=7"' in html
    assert 'href="/cooperation/requests/atom/?target=7"' in html


# -- request pages: who sees what --------------------------------------------------------------


@pytest.fixture
def focal_point(db):
    user = ProfileFactory(display_name="Wanjiru Kamau").user
    FocalPoint.objects.create(user=user, country=Country.objects.get(code="KE"))
    return user


@pytest.fixture
def helpdesk(db):
    user = ProfileFactory(display_name="Helpdesk Officer").user
    user.user_permissions.add(Permission.objects.get(codename="act_as_helpdesk"))
    return user


def _status(path, user=None):
    client = client_for(user) if user is not None else Client()
    return client.get(path).status_code


@pytest.mark.parametrize(
    ("status", "anonymous", "owner", "other", "focal", "helpdesk_sees"),
    [
        (RequestStatus.DRAFT, 404, 200, 404, 404, 200),
        (RequestStatus.SUBMITTED, 404, 200, 404, 200, 200),
        (RequestStatus.ENDORSED, 404, 200, 404, 200, 200),
        (RequestStatus.NOT_ENDORSED, 404, 200, 404, 200, 200),
        (RequestStatus.VETTED, 404, 200, 404, 200, 200),
        (RequestStatus.PUBLISHED, 200, 200, 200, 200, 200),
        (RequestStatus.MATCHED, 200, 200, 200, 200, 200),
        (RequestStatus.IN_PROGRESS, 200, 200, 200, 200, 200),
        (RequestStatus.COMPLETED, 200, 200, 200, 200, 200),
        (RequestStatus.OUTCOME_REPORTED, 200, 200, 200, 200, 200),
        (RequestStatus.EXPIRED, 200, 200, 200, 200, 200),
        (RequestStatus.INELIGIBLE, 404, 200, 404, 200, 200),
        (RequestStatus.WITHDRAWN, 404, 200, 404, 200, 200),
    ],
)
def test_who_may_open_a_request_in_each_state(
    status,
    anonymous,
    owner,
    other,
    focal,
    helpdesk_sees,
    member,
    other_member,
    focal_point,
    helpdesk,
):
    record = SupportRequestFactory(owner=member, status=status, countries=["KE"])
    path = record.get_absolute_url()
    assert _status(path) == anonymous
    assert _status(path, member) == owner
    assert _status(path, other_member) == other
    assert _status(path, focal_point) == focal
    assert _status(path, helpdesk) == helpdesk_sees


def test_a_focal_point_of_another_country_gets_404(member):
    peru = ProfileFactory().user
    FocalPoint.objects.create(user=peru, country=Country.objects.get(code="PE"))
    record = SupportRequestFactory(owner=member, status=RequestStatus.SUBMITTED, countries=["KE"])
    assert _status(record.get_absolute_url(), peru) == 404


def test_an_unknown_or_huge_id_is_404():
    assert Client().get("/cooperation/requests/999999/").status_code == 404
    assert Client().get("/cooperation/requests/99999999999999999999999/").status_code == 404
    assert Client().get("/cooperation/offers/0/").status_code == 404


def test_a_request_page_shows_every_field_a_reader_needs(partner):
    record = _published(
        title="Coral reef restoration",
        summary="Restore reefs.",
        problem="Reefs are **bleaching**.",
        objectives="Replant 5 ha.",
        expected_outcomes="Healthy reefs.",
        assistance_details="A trainer for six weeks.",
        co_financing="Our ministry pays travel.",
        requesting_organization=partner,
        contact_name="Ana Pérez",
        budget_min=10000,
        budget_max=25000,
        currency="EUR",
        targets=[11],
        countries=["PE"],
        assistance_types=["technical-assistance"],
        working_languages=["es"],
        language=Language.objects.get(code="es"),
    )
    record.beneficiaries.set(Constituency.objects.filter(slug__in=["iplc", "women"]))
    html = Client().get(record.get_absolute_url()).content.decode()
    for text in (
        "Coral reef restoration",
        "Restore reefs.",
        "<strong>bleaching</strong>",
        "Replant 5 ha.",
        "Healthy reefs.",
        "A trainer for six weeks.",
        "Our ministry pays travel.",
        "Asociación Indígena Andina",
        "Ana Pérez",
        "EUR 10,000 to 25,000",
        "Technical assistance",
        "Target 11",
        "Peru",
        "Women",
        'lang="es"',
    ):
        assert text in html, text
    # The contact email is for signed-in members.
    assert record.contact_email not in html
    assert "Sign in to see the contact email" in html


def test_member_written_markdown_is_sanitized():
    record = _published(problem="<script>alert(1)</script> **bold**")
    html = Client().get(record.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<strong>bold</strong>" in html


def test_an_arabic_request_is_marked_right_to_left():
    record = _published(title="طلب دعم", language=Language.objects.get(code="ar"))
    html = Client().get(record.get_absolute_url()).content.decode()
    assert 'lang="ar" dir="rtl"' in html


def test_an_expired_request_keeps_its_page_with_a_notice():
    record = SupportRequestFactory(status=RequestStatus.EXPIRED, title="Old request")
    response = Client().get(record.get_absolute_url())
    assert response.status_code == 200
    assert "This request has expired." in response.content.decode()
    assert "Old request" not in Client().get(REQUESTS).content.decode()


def test_a_request_page_carries_its_json_ld():
    record = _published(
        title="JSON-LD request", targets=[7], countries=["KE"], assistance_types=["training"]
    )
    document = json_ld(Client().get(record.get_absolute_url()).content.decode())
    assert document["@type"] == "Demand"
    assert document["name"] == "JSON-LD request"
    assert document["identifier"] == str(record.uuid)
    assert document["url"].endswith(record.get_absolute_url())
    assert document["keywords"] == ["GBF-TARGET-07"]
    assert document["category"] == ["training"]
    assert document["areaServed"] == [{"@type": "Country", "identifier": "KE"}]
    assert "@reverse" not in document  # no requesting organization named


def test_a_request_json_ld_names_the_organization_that_seeks_it(partner):
    record = _published(requesting_organization=partner)
    document = json_ld(Client().get(record.get_absolute_url()).content.decode())
    seeker = document["@reverse"]["seeks"]
    assert seeker["@type"] == "Organization"
    assert seeker["name"] == "Asociación Indígena Andina"
    assert seeker["url"].endswith(partner.url)


def test_a_draft_page_has_no_json_ld_and_says_it_is_not_public(member):
    record = SupportRequestFactory(owner=member)
    html = client_for(member).get(record.get_absolute_url()).content.decode()
    assert "application/ld+json" not in html
    assert "This request is not public" in html


def test_attachments_are_listed(member):
    from django.core.files.base import ContentFile

    record = _published()
    attachment = Attachment(request=record, title="Project concept note")
    attachment.file.save("concept.pdf", ContentFile(b"%PDF-1.4"), save=True)
    html = Client().get(record.get_absolute_url()).content.decode()
    assert "Project concept note" in html
    assert attachment.get_absolute_url() in html


# -- timelines and buttons ---------------------------------------------------------------------


def _buttons(html):
    import re

    return set(re.findall(r'name="action" value="([a-z_]+)"', html))


def test_the_public_timeline_shows_dates_and_the_owner_sees_the_full_history(member, helpdesk):
    record = SupportRequestFactory(owner=member)
    services.apply(member, record, "submit")
    services.apply(helpdesk, record, "return", "Please add a budget.")
    services.apply(member, record, "submit")
    services.apply(helpdesk, record, "vet", "Eligible and complete.")
    services.apply(helpdesk, record, "publish")
    path = record.get_absolute_url()

    public = Client().get(path).content.decode()
    assert "Timeline" in public
    assert "Submitted for review" in public and "Vetted by the helpdesk" in public
    assert "Published" in public
    assert "Please add a budget." not in public and "Full history" not in public

    own = client_for(member).get(path).content.decode()
    assert "Full history" in own
    assert "Please add a budget." in own and "Eligible and complete." in own
    assert "Helpdesk Officer" in own


def test_buttons_are_those_the_viewer_may_use(member, other_member, focal_point, helpdesk):
    record = SupportRequestFactory(owner=member, countries=["KE"])
    path = record.get_absolute_url()
    assert _buttons(client_for(member).get(path).content.decode()) == {"submit", "withdraw"}

    services.apply(member, record, "submit")
    assert _buttons(client_for(member).get(path).content.decode()) == {"withdraw"}
    focal_html = client_for(focal_point).get(path).content.decode()
    assert _buttons(focal_html) == {"endorse", "not_endorse"}
    # The reason for not endorsing is required; the endorsement comment is optional.
    assert 'name="comment" rows="2" required' in focal_html
    # With a focal point for Kenya, the helpdesk waits for the endorsement before vetting.
    assert _buttons(client_for(helpdesk).get(path).content.decode()) == {
        "return",
        "mark_ineligible",
        "withdraw",
    }

    services.apply(focal_point, record, "endorse")
    services.apply(helpdesk, record, "vet")
    services.apply(helpdesk, record, "publish")
    assert _buttons(Client().get(path).content.decode()) == set()
    assert _buttons(client_for(other_member).get(path).content.decode()) == set()
    assert _buttons(client_for(member).get(path).content.decode()) == {"withdraw"}


def test_a_button_acts_and_comes_back_to_the_page(member):
    record = SupportRequestFactory(owner=member)
    client = client_for(member)
    path = record.get_absolute_url()
    assert f'action="/cooperation/requests/{record.pk}/act/"' in client.get(path).content.decode()
    response = client.post(
        f"/cooperation/requests/{record.pk}/act/", {"action": "submit", "next": path}
    )
    assert response.status_code == 302 and response["Location"] == path
    record.refresh_from_db()
    assert record.status == RequestStatus.SUBMITTED
    assert Transition.objects.filter(request=record, action="submit").exists()


def test_the_request_page_names_the_provider_it_works_with(member):
    from cooperation.factories import MatchFactory
    from cooperation.models import MatchStatus

    record = _published(owner=member)
    MatchFactory(
        request=record,
        offer=OfferFactory(published=True, title="GIS training offer"),
        status=MatchStatus.ACCEPTED,
    )
    MatchFactory(
        request=record,
        offer=OfferFactory(published=True, title="Suggested only"),
        status=MatchStatus.SUGGESTED,
    )
    html = Client().get(record.get_absolute_url()).content.decode()
    assert "Working with" in html and "GIS training offer" in html
    assert "Suggested only" not in html


# -- offer pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "anonymous", "owner", "other", "helpdesk_sees"),
    [
        (OfferStatus.DRAFT, 404, 200, 404, 200),
        (OfferStatus.SUBMITTED, 404, 200, 404, 200),
        (OfferStatus.PUBLISHED, 200, 200, 200, 200),
        (OfferStatus.CLOSED, 200, 200, 200, 200),
        (OfferStatus.EXPIRED, 200, 200, 200, 200),
    ],
)
def test_who_may_open_an_offer_in_each_state(
    status, anonymous, owner, other, helpdesk_sees, member, other_member, helpdesk
):
    offer = OfferFactory(owner=member, status=status)
    path = offer.get_absolute_url()
    assert _status(path) == anonymous
    assert _status(path, member) == owner
    assert _status(path, other_member) == other
    assert _status(path, helpdesk) == helpdesk_sees


def test_an_offer_page_shows_its_terms_and_json_ld(partner):
    offer = OfferFactory(
        published=True,
        title="Small grants for restoration",
        description="Grants for *community* restoration.",
        eligibility="Community organizations.",
        application_process="Send a two-page concept.",
        provider_organization=partner,
        amount_min=5000,
        amount_max=20000,
        capacity=4,
        eligible_regions=["019"],
        assistance_types=["funding"],
        application_deadline=datetime.date(2027, 6, 30),
    )
    html = Client().get(offer.get_absolute_url()).content.decode()
    for text in (
        "Small grants for restoration",
        "<em>community</em>",
        "Community organizations.",
        "Send a two-page concept.",
        "Offered by",
        "Asociación Indígena Andina",
        "USD 5,000 to 20,000",
        "Can take on 4 requests",
        "Americas",
        "Funding",
    ):
        assert text in html, text
    document = json_ld(html)
    assert document["@type"] == "Offer"
    assert document["offeredBy"]["name"] == "Asociación Indígena Andina"
    assert document["priceSpecification"] == {
        "@type": "PriceSpecification",
        "priceCurrency": "USD",
        "minPrice": 5000,
        "maxPrice": 20000,
    }
    assert document["validThrough"] == "2027-06-30"


def test_an_expired_and_a_closed_offer_say_so():
    expired = OfferFactory(status=OfferStatus.EXPIRED)
    closed = OfferFactory(status=OfferStatus.CLOSED)
    assert "This offer has expired." in Client().get(expired.get_absolute_url()).content.decode()
    assert "This offer is closed" in Client().get(closed.get_absolute_url()).content.decode()


def test_an_offer_owner_gets_its_buttons(member, helpdesk):
    offer = OfferFactory(owner=member)
    path = offer.get_absolute_url()
    assert _buttons(client_for(member).get(path).content.decode()) == {"submit"}
    services.apply(member, offer, "submit")
    assert _buttons(client_for(helpdesk).get(path).content.decode()) == {"publish", "return"}
    services.apply(helpdesk, offer, "publish")
    assert _buttons(client_for(member).get(path).content.decode()) == {"close"}
    assert _buttons(Client().get(path).content.decode()) == set()


def test_an_experts_offer_names_them_only_as_their_profile_allows():
    hidden = ExpertProfileFactory(visibility="private")
    hidden.profile.display_name = "Secret Expert"
    hidden.profile.public_name = "A taxonomist"
    hidden.profile.visibility = "private"
    hidden.profile.save()
    offer = OfferFactory(published=True, provider_expert=hidden)
    html = Client().get(offer.get_absolute_url()).content.decode()
    # Neither the page nor its JSON-LD names a private member; their chosen name stands in.
    assert "Secret Expert" not in html
    assert "A taxonomist" in html
    assert hidden.get_absolute_url() not in html

    public = ExpertProfileFactory(visibility="public")
    offer = OfferFactory(published=True, provider_expert=public)
    html = Client().get(offer.get_absolute_url()).content.decode()
    assert escape(public.profile.display_name) in html
    assert public.get_absolute_url() in html


# -- widgets on other apps' pages --------------------------------------------------------------


def test_a_partner_page_lists_its_published_requests_and_offers(partner):
    _published(title="AIA needs seed banks", requesting_organization=partner)
    SupportRequestFactory(title="AIA draft need", requesting_organization=partner)
    OfferFactory(published=True, title="AIA offers páramo training", provider_organization=partner)
    html = Client().get(partner.url).content.decode()
    assert "Technical and scientific cooperation" in html
    assert "AIA needs seed banks" in html and "AIA offers páramo training" in html
    assert "AIA draft need" not in html


def test_a_partner_page_without_cooperation_has_no_section(partner):
    assert "Technical and scientific cooperation" not in Client().get(partner.url).content.decode()


def test_an_expert_profile_lists_their_published_offers():
    expert = ExpertProfileFactory(visibility="public")
    OfferFactory(published=True, title="Mentoring in taxonomy", provider_expert=expert)
    OfferFactory(title="Unpublished mentoring", provider_expert=expert)
    html = Client().get(expert.get_absolute_url()).content.decode()
    assert "Mentoring in taxonomy" in html
    assert "Unpublished mentoring" not in html


def _queries(path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.usefixtures("render_not_cache")
def test_listings_do_not_query_per_record(partner):
    def add(count):
        for _ in range(count):
            _published(requesting_organization=partner, targets=[1], countries=["KE"])
            OfferFactory(
                published=True, provider_organization=partner, assistance_types=["funding"]
            )
            OfferFactory(published=True, provider_expert=ExpertProfileFactory(visibility="public"))

    add(2)
    _queries(REQUESTS)  # warm the site's caches
    _queries(OFFERS)
    requests, offers = _queries(REQUESTS), _queries(OFFERS)
    add(8)
    assert _queries(REQUESTS) == requests
    assert _queries(OFFERS) == offers

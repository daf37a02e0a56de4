"""Every record type in the registry keeps the contract the rest of the site relies on.

For each registered serializer a record is built from its app's factories: a public one,
classified with KMGBF target 3, and a restricted one (behind a login, members-only or in a
restricted forum category) with the member who may see it. The checks: the public record's
page opens for a visitor; its JSON-LD and search document have the common keys; it is a value
of the unified search's type facet; the type's listing filters by the taxonomy; and the
serializer's ``queryset`` hides the restricted record from visitors but not from the member.

A new record type registered without a case in ``CASES`` fails here: add one (see the
README, "Adding a record type").
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import PageViewRestriction

from chm.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
)
from community.experts.factories import ExpertProfileFactory
from community.forums.factories import CategoryFactory, ThreadFactory
from community.members.factories import UserFactory
from community.members.models import FocalPoint
from community.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from cooperation.factories import OfferFactory, SupportRequestFactory
from events.factories import EventIndexPageFactory, EventPageFactory
from exchange.serializers import all_serializers, audiences_for_user, search_url
from reporting.factories import (
    DataSeriesFactory,
    NationalReportFactory,
    NationalTargetFactory,
    NBSAPFactory,
)
from search.backends import Query, get_backend
from taxonomy.models import Country, Target

pytestmark = pytest.mark.django_db

TARGET = 3


@dataclass
class Case:
    record: object  # public, classified with TARGET
    restricted: object  # hidden from anonymous visitors
    allowed: object  # a user who may see ``restricted``
    listing: str  # the type's listing, filtered by TARGET


def _unified_search(record_type):
    target = Target.objects.get(number=TARGET).identifier
    return f"{reverse('search:search')}?{urlencode({'type': record_type, 'target': target})}"


def _publish(page):
    """Classify and publish through a revision, as editors do (this indexes the page)."""
    page.targets.set(Target.objects.filter(number=TARGET))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _pages(factory, parent, member, listing=None):
    record = _publish(factory(parent=parent, title="Conformance record", slug="conformance"))
    restricted = _publish(factory(parent=parent, title="Members' record", slug="members"))
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    return Case(record, restricted, member, listing or f"{parent.url}?target={TARGET}")


def page_case(home_page, member):
    # Standard pages have no listing of their own: the unified search filtered to them is it.
    return _pages(StandardPageFactory, home_page, member, _unified_search("page"))


def listed_pages(index_factory, page_factory):
    """Pages listed (and filtered) by their index page."""

    def build(home_page, member):
        return _pages(page_factory, index_factory(parent=home_page), member)

    return build


def expert_case(home_page, member):
    record = ExpertProfileFactory(visibility="public")
    record.targets.set(Target.objects.filter(number=TARGET))
    restricted = ExpertProfileFactory(visibility="members")
    listing = f"{reverse('experts:directory')}?target={TARGET}"
    return Case(record, restricted, member, listing)


def thread_case(home_page, member):
    record = ThreadFactory(category=CategoryFactory(), title="Conformance thread")
    record.targets.set(Target.objects.filter(number=TARGET))
    caucus = Group.objects.create(name="Caucus")
    member.groups.add(caucus)
    restricted = ThreadFactory(category=CategoryFactory(group=caucus), title="Caucus thread")
    # The forums list threads by category; the unified search is their taxonomy listing.
    return Case(record, restricted, member, _unified_search("forum-thread"))


def cooperation_case(factory, listing_name):
    """A published request or offer, and a draft only its owner may see (and find)."""

    def build(home_page, member):
        record = factory(published=True, title="Conformance cooperation record", targets=[TARGET])
        restricted = factory(owner=member, title="Draft cooperation record")
        return Case(record, restricted, member, f"{reverse(listing_name)}?target={TARGET}")

    return build


def reporting_case(record_type, factory, restricted_extra=None, **classified):
    """A published record of Kenya classified with TARGET (an NBSAP is classified by its
    country only), and a draft of Kenya's that only its focal points and the editors see.
    The listing is the unified search filtered by type and taxonomy."""

    def build(home_page, member):
        record = factory(country="KE", published=True, **classified)
        restricted = factory(country="KE", **classified, **(restricted_extra or {}))
        focal_point = UserFactory()
        kenya = Country.objects.get(code="KE")
        FocalPoint.objects.create(user=focal_point, country=kenya)
        if classified:
            listing = _unified_search(record_type)
        else:
            listing = search_url(record_type, country=kenya)
        return Case(record, restricted, focal_point, listing)

    return build


CASES = {
    "page": page_case,
    "news": listed_pages(NewsIndexPageFactory, NewsPageFactory),
    "resource": listed_pages(ResourceIndexPageFactory, ResourcePageFactory),
    "event": listed_pages(EventIndexPageFactory, EventPageFactory),
    "partner": listed_pages(PartnerIndexPageFactory, PartnerPageFactory),
    "expert": expert_case,
    "forum-thread": thread_case,
    "request": cooperation_case(SupportRequestFactory, "cooperation:requests"),
    "offer": cooperation_case(OfferFactory, "cooperation:offers"),
    "nbsap": reporting_case("nbsap", NBSAPFactory),
    "national-target": reporting_case(
        "national-target", NationalTargetFactory, alignments=[(TARGET, "high")]
    ),
    # The factory's series is of headline indicator 3.1, whose target is TARGET.
    "indicator-data": reporting_case(
        "indicator-data", DataSeriesFactory, points=[(2020, 12.5), (2021, 13.1)]
    ),
    # One report per country and cycle: the draft is the previous cycle's.
    "national-report": reporting_case(
        "national-report",
        NationalReportFactory,
        restricted_extra={"cycle": 6},
        progress=[(TARGET, "on-track")],
    ),
}

SERIALIZERS = sorted(all_serializers(), key=lambda serializer: serializer.record_type)


def test_every_registered_type_has_a_case():
    assert {s.record_type for s in SERIALIZERS} == set(CASES)


@pytest.fixture(params=SERIALIZERS, ids=lambda serializer: serializer.record_type)
def serializer(request):
    return request.param


@pytest.fixture
def case(serializer, home_page, member):
    assert serializer.record_type in CASES, (
        f"Record type {serializer.record_type!r} has no conformance case: add one to CASES."
    )
    return CASES[serializer.record_type](home_page, member)


def _path(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def test_its_page_opens_for_a_visitor(serializer, case, client):
    url = serializer.get_url(case.record)
    assert url
    assert client.get(_path(url)).status_code == 200


def test_its_json_ld_and_search_document_have_the_common_keys(serializer, case):
    jsonld = serializer.to_jsonld(case.record)
    assert {"@context", "@type", "identifier", "name", "url"} <= set(jsonld)
    assert jsonld["identifier"] == str(case.record.uuid) and jsonld["name"]
    document = serializer.search_document(case.record)
    assert document["text"] and document["audiences"]
    assert document["type"] == serializer.record_type


def test_it_is_a_value_of_the_unified_search_type_facet(serializer, case):
    results = get_backend().search(Query(audiences=frozenset(audiences_for_user(None))))
    assert serializer.record_type in dict(results.facets["type"])


def test_its_listing_filters_by_the_taxonomy(serializer, case, client):
    response = client.get(case.listing)
    assert response.status_code == 200
    assert escape(serializer.get_title(case.record)) in response.content.decode()


def test_its_permission_rule_holds_both_ways(serializer, case):
    assert not serializer.queryset(None).filter(pk=case.restricted.pk).exists()
    assert serializer.queryset(case.allowed).filter(pk=case.restricted.pk).exists()
    assert serializer.queryset(None).filter(pk=case.record.pk).exists()

    url = _path(serializer.get_url(case.restricted))
    assert Client().get(url).status_code != 200
    allowed = Client()
    allowed.force_login(case.allowed)
    assert allowed.get(url).status_code == 200

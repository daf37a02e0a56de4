"""The partner and expert directories on the shared listing base: pages and the map keep the
visitor's filters, URL-encoded, and a bad filter value is reported while the valid ones apply."""

import pytest

from django.urls import reverse

from community.experts.factories import ExpertProfileFactory
from community.partners.factories import PartnerPageFactory
from community.partners.models import PartnerPage

pytestmark = pytest.mark.django_db

TRICKY = "Fish & Chips #"
ENCODED = "q=Fish+%26+Chips+%23"


def test_partner_pages_keep_a_query_with_ampersand_and_hash(client, partner_index, monkeypatch):
    from community.partners import views

    monkeypatch.setattr(views, "map_assets_available", lambda: True)
    for number in range(25):
        PartnerPageFactory(parent=partner_index, title=f"{TRICKY}{number:02d}")
    PartnerPageFactory(parent=partner_index, title="Savanna Trust")

    first = client.get(partner_index.url, {"q": TRICKY}).content.decode()
    assert "25 organizations" in first and "Savanna Trust" not in first
    assert f'href="?{ENCODED}&amp;page=2" rel="next"' in first
    assert f'data-points="{reverse("partners:map_data")}?{ENCODED}"' in first

    second = client.get(partner_index.url, {"q": TRICKY, "page": "2"}).content.decode()
    assert "25 organizations" in second and "Fish &amp; Chips #24" in second
    assert f'href="?{ENCODED}&amp;page=1" rel="prev"' in second
    # The map shows every filtered partner, whatever page of the list is open.
    assert f'data-points="{reverse("partners:map_data")}?{ENCODED}"' in second


def test_map_data_uses_the_directory_filters(client, partner, partner_index):
    PartnerPageFactory(parent=partner_index, title=f"{TRICKY}1")
    points = client.get(reverse("partners:map_data"), {"q": TRICKY}).json()["partners"]
    assert [p["name"] for p in points] == [f"{TRICKY}1"]
    # A bad value is ignored there too, without a message (the map is fetched by a script).
    points = client.get(reverse("partners:map_data"), {"country": "XX"}).json()["partners"]
    assert len(points) == 2


def test_partner_directory_reports_a_bad_filter_and_applies_the_valid_ones(
    client, partner, partner_index
):
    PartnerPageFactory(
        parent=partner_index,
        title="Savanna Trust",
        organization_type=PartnerPage.OrganizationType.NGO,
    )
    response = client.get(partner_index.url, {"type": "iplc", "country": "XX"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not valid and have been ignored." in html
    assert "Asociación Indígena Andina" in html and "Savanna Trust" not in html
    assert "Clear filters" in html


def test_partner_directory_without_filters_offers_no_clear_link(client, partner, partner_index):
    html = client.get(partner_index.url).content.decode()
    assert "Clear filters" not in html
    assert "Some filters were not valid" not in html


def test_expert_directory_reports_a_bad_filter_and_applies_the_valid_ones(client):
    ExpertProfileFactory(headline="Freshwater ecologist")
    ExpertProfileFactory(headline="Marine economist")
    response = client.get(reverse("experts:directory"), {"q": "ecologist", "language": "xx"})
    html = response.content.decode()
    assert "Some filters were not valid and have been ignored." in html
    assert "Freshwater ecologist" in html and "Marine economist" not in html


def test_expert_directory_pages_keep_the_filters(client):
    for number in range(21):
        ExpertProfileFactory(headline=f"{TRICKY}{number}")
    html = client.get(reverse("experts:directory"), {"q": TRICKY}).content.decode()
    assert f'href="?{ENCODED}&amp;page=2" rel="next"' in html
    assert "Clear filters" in html

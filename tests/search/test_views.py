"""The search page and autocomplete, as a visitor uses them, including bad input."""

import pytest

from django.urls import reverse

from search.models import SearchDocument

pytestmark = pytest.mark.django_db

URL = "/search/"


def test_the_header_has_a_search_box_that_works_without_javascript(client, home_page):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and f'action="{URL}"' in html
    assert '<label for="site-search-q"' in html


def test_results_show_highlight_type_date_classification_and_facets(client, publish):
    publish("Mangrove nurseries", "Seedlings for coasts.", targets=[3], countries=["KE"])
    publish("Seed banks", "Mangrove seeds kept cold.", countries=["TZ"])

    response = client.get(URL, {"q": "mangrove"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "2 results for “mangrove”" in html
    assert "<mark>Mangrove</mark> nurseries" in html
    assert '<span class="result__type">Page</span>' in html
    assert "<time datetime=" in html
    assert "<li>Kenya</li>" in html and "<li>Target 3</li>" in html  # labels, not codes
    assert "3. Conserve 30% of Land" in html  # the target facet's full label
    assert 'name="country" value="KE"' in html and "(1)" in html
    assert 'name="type" value="page"' in html and "(2)" in html


def test_facet_checkboxes_narrow_the_results(client, publish):
    publish("Mangrove nurseries", "Seedlings.", countries=["KE"])
    publish("Mangrove mapping", "Satellites.", countries=["TZ"])

    html = client.get(URL, {"q": "mangrove", "country": "TZ"}).content.decode()

    assert "1 result for" in html and "/mangrove-mapping/" in html
    assert "/mangrove-nurseries/" not in html
    assert 'name="country" value="TZ" checked' in html


def test_filters_alone_browse_without_words(client, publish):
    publish("Mangrove nurseries", "Seedlings.", countries=["KE"])
    html = client.get(URL, {"country": "KE"}).content.decode()
    assert "1 result" in html and "/mangrove-nurseries/" in html


def test_restricted_records_do_not_appear_or_count_for_visitors(
    client, auth_client, publish, restrict
):
    publish("Tidal flats", "Shorebirds.")
    restrict(publish("Tidal flats members", "Members only."), "login")

    anonymous = client.get(URL, {"q": "tidal"}).content.decode()
    assert "1 result for" in anonymous and "Tidal flats members" not in anonymous
    member = auth_client.get(URL, {"q": "tidal"}).content.decode()
    assert "2 results for" in member


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Type one or more words"),
        ({"q": "   "}, "Type one or more words"),
        ({"q": "x" * 1001}, "Your search is too long (1001 characters)"),
        ({"q": "forest\x00"}, "Null characters are not allowed"),
        ({"q": "wetlands", "date_from": "yesterday"}, "Enter a valid date"),
        (
            {"q": "wetlands", "date_from": "2025-05-01", "date_to": "2024-01-01"},
            "The end date is before the start date",
        ),
        ({"q": "wetlands", "country": "<script>"}, "Some filter values were not recognized"),
        ({"q": "wetlands", "sort": "price"}, "Select a valid choice"),
        ({"q": "wetlands", "page": "abc"}, "That page number was not understood"),
        ({"q": "wetlands", "page": "-3"}, "That page number was not understood"),
        ({"q": "wetlands", "page": "999999"}, "Only the first 50 pages are shown"),
    ],
)
def test_bad_input_gets_a_normal_page_with_a_clear_message(client, publish, params, message):
    publish("Wetlands", "Ramsar sites.")
    before = SearchDocument.objects.count()

    response = client.get(URL, params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert SearchDocument.objects.count() == before


@pytest.mark.parametrize(
    "text",
    [
        'title:(wetlands OR "x") AND body:~2 ^3 [a TO z] {!lucene} \\',
        "wetlands'; DROP TABLE search_searchdocument; --",
        'wetlands" OR 1=1 --',
        "wetlands & | ! :* <-> ()",
        "%_wetlands%",
        "<script>alert(1)</script> wetlands",
        "wetlands " * 150,
    ],
)
def test_query_syntax_and_injection_attempts_are_just_words(client, publish, text):
    publish("Wetlands", "Ramsar sites.")

    response = client.get(URL, {"q": text})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert SearchDocument.objects.filter(title="Wetlands").exists()
    assert "result" in html


def test_autocomplete_suggests_visible_titles_only(client, auth_client, publish, restrict):
    publish("Pollinator gardens", "Bees.")
    restrict(publish("Pollinator members area", "Members."), "login")
    url = reverse("search:suggest")

    anonymous = client.get(url, {"q": "pollin"}).json()
    assert [s["title"] for s in anonymous["suggestions"]] == ["Pollinator gardens"]
    assert anonymous["suggestions"][0]["url"].endswith("/pollinator-gardens/")
    member = auth_client.get(url, {"q": "pollin"}).json()
    assert len(member["suggestions"]) == 2


@pytest.mark.parametrize("text", ["", "p", "   ", "'; --", "\x00\x00", "%%%"])
def test_autocomplete_with_nothing_useful_returns_no_suggestions(client, publish, text):
    publish("Pollinator gardens", "Bees.")
    response = client.get(reverse("search:suggest"), {"q": text})
    assert response.status_code == 200
    assert response.json() == {"suggestions": []}


def test_autocomplete_refuses_an_over_long_query_with_a_message(client):
    response = client.get(reverse("search:suggest"), {"q": "x" * 1001})
    assert response.status_code == 400
    assert response.json()["message"] == "Your search is too long."


def test_a_page_past_the_end_shows_the_last_page(client, publish):
    publish("Wetlands", "Ramsar sites.")
    html = client.get(URL, {"q": "wetlands", "page": "7"}).content.decode()
    assert "There are fewer pages now; showing the last one." in html
    assert "/wetlands/" in html


def test_an_unavailable_backend_gives_a_message_not_an_error(client, monkeypatch):
    from search.backends.base import SearchUnavailable
    from search.backends.database import DatabaseBackend

    def down(self, query):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(DatabaseBackend, "search", down)
    response = client.get(URL, {"q": "wetlands"})
    # 503 with the message (not 200), so no page cache or crawler keeps it (README: Faults).
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Search is unavailable at the moment" in response.content.decode()


def test_search_only_accepts_get(client):
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_the_page_works_without_javascript_and_loads_little(client, publish):
    publish("Wetlands", "Ramsar sites.")
    html = client.get(URL, {"q": "wetlands"}).content.decode()
    assert '<form method="get" action="/search/"' in html
    assert 'src="/static/search/autocomplete.js" defer' in html
    assert 'data-autocomplete="/search/suggest/"' in html
    assert len(html.encode()) < 30_000

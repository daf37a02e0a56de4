"""Saving searches (from the search page and from listings), "My saved searches", and the
Atom feeds of searches, as members and visitors use them, including bad input."""

import json

import pytest
from defusedxml import ElementTree as ET

from django.test import Client
from django.urls import reverse

from search.models import Frequency, SavedSearch
from search.saved import MAX_SAVED_SEARCHES, normalise_query

from .conftest import day

pytestmark = pytest.mark.django_db

SAVE = "/search/saved/new/"
SAVED = "/search/saved/"
ATOM = "{http://www.w3.org/2005/Atom}"


def save(client, query, name="Mangroves", frequency="weekly", **extra):
    return client.post(SAVE, {"query": query, "name": name, "frequency": frequency, **extra})


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


# --- normalising -----------------------------------------------------------------------------


def test_a_query_is_normalised_to_one_canonical_string():
    a, errors_a = normalise_query("country=TZ&q=  mangrove   forests &country=KE&page=3&sort=date")
    b, errors_b = normalise_query("q=mangrove+forests&country=KE&country=TZ")
    assert errors_a == errors_b == []
    assert a == b == "q=mangrove+forests&country=KE&country=TZ"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type one or more words"),
        ("country=ZZ", "is not a known value"),
        ("type=no-such-type", "is not a known value"),
        ("target=GBF-TARGET-99", "is not a known value"),
        ("q=x&country=<b>", "Some filter values were not recognized"),
        ("q=x&date_from=2025-05-01&date_to=2024-01-01", "The end date is before"),
        ("q=" + "x" * 1001, "Your search is too long"),
    ],
)
def test_a_bad_query_is_refused_with_a_reason(query, message):
    normalised, errors = normalise_query(query)
    assert normalised == ""
    assert any(message in error for error in errors)


# --- saving ----------------------------------------------------------------------------------


def test_a_member_saves_the_search_shown_on_the_search_page(auth_client, member, publish):
    publish("Mangrove nurseries", "Seedlings.", countries=["KE"])
    html = auth_client.get("/search/", {"q": "mangrove", "country": "KE"}).content.decode()
    assert "Save this search" in html
    assert 'name="query" value="q=mangrove&amp;country=KE"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html

    response = save(auth_client, "q=mangrove&country=KE", name="Kenyan mangroves")

    assert response.status_code == 302 and response["Location"].endswith(SAVED)
    saved = SavedSearch.objects.get(user=member)
    assert (saved.name, saved.query, saved.frequency) == (
        "Kenyan mangroves",
        "q=mangrove&country=KE",
        Frequency.WEEKLY,
    )


def test_saving_the_same_search_again_updates_it_instead_of_duplicating(auth_client, member):
    save(auth_client, "q=mangrove&country=KE", name="First", frequency="daily")
    response = save(auth_client, "country=KE&q=mangrove&page=2", name="Second", frequency="none")

    assert "You had already saved this search" in " ".join(messages_of(response))
    saved = SavedSearch.objects.get(user=member)
    assert (saved.name, saved.frequency) == ("Second", Frequency.NONE)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"query": "country=ZZ"}, "is not a known value"),
        ({"query": ""}, "Type one or more words"),
        ({"query": "q=mangrove", "name": ""}, "Name: This field is required"),
        ({"query": "q=mangrove", "name": "x" * 201}, "Name: Ensure this value has at most"),
        ({"query": "q=mangrove", "frequency": "hourly"}, "Select a valid choice"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(auth_client, data, message):
    post = {"name": "Mangroves", "frequency": "weekly", **data}
    response = auth_client.post(SAVE, post)
    assert response.status_code == 302
    assert any(message in text for text in messages_of(response))
    assert not SavedSearch.objects.exists()


def test_a_member_keeps_at_most_the_limit_of_saved_searches(auth_client, member):
    SavedSearch.objects.bulk_create(
        SavedSearch(user=member, name=f"s{i}", query=f"q=word{i}")
        for i in range(MAX_SAVED_SEARCHES)
    )
    response = save(auth_client, "q=one-more")
    assert "at most 50 saved searches" in " ".join(messages_of(response))
    assert SavedSearch.objects.filter(user=member).count() == MAX_SAVED_SEARCHES
    # Saving one already kept still works at the limit (it is an update).
    save(auth_client, "q=word3", name="Renamed")
    assert SavedSearch.objects.get(user=member, query="q=word3").name == "Renamed"


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_search(client, publish):
    publish("Mangrove nurseries", "Seedlings.")
    html = client.get("/search/", {"q": "mangrove"}).content.decode()
    assert "Sign in to save this search" in html

    response = save(client, "q=mangrove", next="/search/?q=mangrove")

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert "next=/search/%3Fq%3Dmangrove" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_next_outside_the_site_is_ignored(auth_client):
    response = save(auth_client, "country=ZZ", next="https://evil.example/")
    assert response["Location"].startswith("/search/")


def test_saving_from_a_listing_stores_the_unified_search_equivalent(
    auth_client, member, news_index
):
    html = auth_client.get(news_index.url, {"target": "3", "country": "KE"}).content.decode()
    assert "Save this search" in html
    assert 'name="query" value="type=news&amp;target=GBF-TARGET-03&amp;country=KE"' in html

    save(auth_client, "type=news&target=GBF-TARGET-03&country=KE", next=news_index.url)

    assert SavedSearch.objects.get(user=member).query == (
        "type=news&country=KE&target=GBF-TARGET-03"
    )


def test_listings_of_every_type_offer_to_save(
    auth_client, resource_index, events_index, partner_index
):
    for url, record_type in [
        (resource_index.url, "resource"),
        (events_index.url, "event"),
        (partner_index.url, "partner"),
        (reverse("experts:directory"), "expert"),
        (reverse("cooperation:requests"), "request"),
        (reverse("cooperation:offers"), "offer"),
    ]:
        html = auth_client.get(url, {"country": "KE"}).content.decode()
        assert f'name="query" value="type={record_type}&amp;country=KE"' in html, url


def test_a_listing_with_an_invalid_filter_saves_only_the_valid_ones(auth_client, news_index):
    html = auth_client.get(news_index.url, {"country": "ZZ", "target": "3"}).content.decode()
    assert 'name="query" value="type=news&amp;target=GBF-TARGET-03"' in html


# --- My saved searches -----------------------------------------------------------------------


def test_my_saved_searches_lists_renames_changes_and_deletes(auth_client, member, other_member):
    mine = SavedSearch.objects.create(user=member, name="Coral reefs", query="q=coral")
    SavedSearch.objects.create(user=other_member, name="Not mine", query="q=coral")

    html = auth_client.get(SAVED).content.decode()
    assert "Coral reefs" in html and "Not mine" not in html
    assert "/search/?q=coral" in html and mine.feed_url() in html

    auth_client.post(
        reverse("search:saved_update", args=[mine.pk]),
        {f"s{mine.pk}-name": "Reefs", f"s{mine.pk}-frequency": "daily"},
    )
    mine.refresh_from_db()
    assert (mine.name, mine.frequency) == ("Reefs", Frequency.DAILY)

    response = auth_client.post(
        reverse("search:saved_update", args=[mine.pk]),
        {f"s{mine.pk}-name": "", f"s{mine.pk}-frequency": "yearly"},
    )
    errors = " ".join(messages_of(response))
    assert "Name: This field is required" in errors and "Select a valid choice" in errors
    mine.refresh_from_db()
    assert (mine.name, mine.frequency) == ("Reefs", Frequency.DAILY)

    auth_client.post(reverse("search:saved_delete", args=[mine.pk]))
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


def test_another_members_saved_search_cannot_be_changed(auth_client, other_member):
    theirs = SavedSearch.objects.create(user=other_member, name="Theirs", query="q=coral")
    assert auth_client.post(reverse("search:saved_delete", args=[theirs.pk])).status_code == 404
    assert auth_client.post(reverse("search:saved_update", args=[theirs.pk])).status_code == 404
    assert auth_client.get(reverse("search:saved_delete", args=[theirs.pk])).status_code == 405
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_my_saved_searches_needs_signing_in_and_is_on_the_dashboard(client, auth_client):
    assert reverse("account_login") in client.get(SAVED)["Location"]
    dashboard = auth_client.get(reverse("members:dashboard")).content.decode()
    assert SAVED in dashboard and "0 saved searches" in dashboard


# --- feeds -----------------------------------------------------------------------------------


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text and root.find(f"{ATOM}updated").text
    found = root.findall(f"{ATOM}entry")
    for entry in found:
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    return [entry.find(f"{ATOM}title").text for entry in found]


def test_any_search_has_a_valid_atom_feed_newest_first_with_its_filters(client, publish):
    publish("Mangrove old", "Kenya.", countries=["KE"], when=day(2024, 1, 1))
    publish("Mangrove new", "Kenya.", countries=["KE"], when=day(2025, 1, 1))
    publish("Mangrove elsewhere", "Tanzania.", countries=["TZ"], when=day(2025, 2, 1))

    response = client.get("/search/feed/", {"q": "mangrove", "country": "KE"})

    assert response.status_code == 200
    assert entries(response) == ["Mangrove new", "Mangrove old"]


def test_the_public_feed_never_shows_restricted_records_even_to_members(
    client, auth_client, publish, restrict
):
    publish("Tidal flats", "Shorebirds.")
    restrict(publish("Tidal flats members", "Members only."), "login")
    assert entries(client.get("/search/feed/", {"q": "tidal"})) == ["Tidal flats"]
    assert entries(auth_client.get("/search/feed/", {"q": "tidal"})) == ["Tidal flats"]


def test_a_saved_searchs_private_feed_shows_what_its_member_may_see(member, publish, restrict):
    publish("Tidal flats", "Shorebirds.", when=day(2024, 1, 1))
    restrict(publish("Tidal flats members", "Members only.", when=day(2025, 1, 1)), "login")
    saved = SavedSearch.objects.create(user=member, name="Tidal", query="q=tidal")

    response = Client().get(saved.feed_url())  # a feed reader: no session

    assert entries(response) == ["Tidal flats members", "Tidal flats"]
    member.is_active = False
    member.save()
    assert Client().get(saved.feed_url()).status_code == 404
    unknown = "/search/saved/00000000-0000-0000-0000-000000000000/feed/"
    assert Client().get(unknown).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": "ZZ"},
        {"q": "x", "date_from": "yesterday"},
        {"q": "x" * 1001},
        {"q": "x", "type": "<script>"},
    ],
)
def test_a_feed_with_bad_parameters_is_a_400_with_a_message(client, params):
    response = client.get("/search/feed/", params)
    assert response.status_code == 400
    assert response.content.decode().strip()


# --- admin and data export -------------------------------------------------------------------


def test_editors_see_how_many_members_follow_each_search_but_not_who(
    editor_client, client, auth_client, member, other_member
):
    SavedSearch.objects.create(user=member, name="Private name", query="q=coral", frequency="daily")
    SavedSearch.objects.create(user=other_member, name="Other", query="q=coral", frequency="weekly")
    SavedSearch.objects.create(user=other_member, name="Kelp", query="q=kelp")

    response = editor_client.get(reverse("search_saved_report"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "q=coral" in html and "q=kelp" in html
    assert "Private name" not in html and member.email not in html
    assert [
        (row.query, row.members, row.daily, row.weekly) for row in response.context["object_list"]
    ] == [
        ("q=coral", 2, 1, 1),
        ("q=kelp", 1, 0, 0),
    ]
    assert auth_client.get(reverse("search_saved_report")).status_code in {302, 403}
    assert client.get(reverse("search_saved_report")).status_code == 302


def test_saved_searches_are_in_the_members_data_export(auth_client, member):
    SavedSearch.objects.create(user=member, name="Coral reefs", query="q=coral")
    data = json.loads(auth_client.post(reverse("members:data_export")).content)
    assert data["saved_searches"][0]["name"] == "Coral reefs"
    assert data["saved_searches"][0]["search"].endswith("/search/?q=coral")


def test_every_link_in_a_search_feed_opens(client, publish):
    """The Atom feed of a search: its own links and each entry's link answer 200."""
    import re
    from urllib.parse import urlsplit

    for number in range(3):
        publish(f"Mangrove feed {number}", "New.")
    feed = client.get("/search/feed/?q=mangrove")
    assert feed.status_code == 200
    links = set(re.findall(r'href="([^"]+)"', feed.content.decode()))
    assert len(links) >= 4
    for link in links:
        parts = urlsplit(link.replace("&amp;", "&"))
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        assert client.get(path).status_code == 200, link

"""The public read API: endpoints, filters, pagination, permissions, the CBD export."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chm.factories import NewsPageFactory
from exchange import harvesting
from exchange.harvesting import Importer

from .conftest import publish_news

pytestmark = pytest.mark.django_db


def titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_all_records_newest_first_in_the_serializers_shape(client, records):
    response = client.get("/api/v1/records/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    items = response.json()["items"]
    assert {item["type"] for item in items} >= {"news", "page", "forum-thread"}
    updated = [item["updated"] for item in items]
    assert updated == sorted(updated, reverse=True)
    kenya = next(item for item in items if item["title"] == "Kenya restores wetlands")
    from exchange.serializers import get_serializer

    expected = get_serializer("news").to_api(records["kenya"])
    assert kenya == expected | {"url": kenya["url"]}
    assert kenya["targets"] == ["GBF-TARGET-03"] and kenya["countries"] == ["KE"]
    assert kenya["provenance"] is None and "body" in kenya
    assert response.json()["next"] is None


def test_one_type_and_one_record(client, records):
    response = client.get("/api/v1/records/news/")
    assert sorted(titles(response)) == ["Kenya restores wetlands", "Mangroves in Guadeloupe"]
    uuid = records["kenya"].uuid
    detail = client.get(f"/api/v1/records/news/{uuid}")
    assert detail.status_code == 200
    assert detail.json()["uuid"] == str(uuid) and detail.json()["type"] == "news"
    assert detail.has_header("Last-Modified")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/records/nothing/",
        "/api/v1/records/nothing/0e7c5b7e-8f5a-4d59-9a52-6e3c1f1d2a33",
        "/api/v1/records/news/not-a-uuid",
        "/api/v1/records/news/0e7c5b7e-8f5a-4d59-9a52-6e3c1f1d2a33",
        "/api/v1/taxonomy/planets/",
        "/api/v1/no/such/address",
    ],
)
def test_unknown_addresses_are_json_404(client, records, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_record_of_another_type_is_not_found_under_this_one(client, records):
    assert client.get(f"/api/v1/records/page/{records['kenya'].uuid}").status_code == 404


def test_draft_is_absent(client, records, news_index):
    draft = NewsPageFactory(parent=news_index, title="Draft news", live=False)
    assert "Draft news" not in titles(client.get("/api/v1/records/"))
    assert client.get(f"/api/v1/records/news/{draft.uuid}").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("target=3", ["Kenya restores wetlands"]),
        ("target=GBF-TARGET-03", ["Kenya restores wetlands"]),
        ("country=ke", ["Kenya restores wetlands"]),
        ("country=FR", ["Mangroves in Guadeloupe"]),
        ("q=MANGROVES", ["Mangroves in Guadeloupe"]),
        ("type=news&published_after=2026-05-03", ["Mangroves in Guadeloupe"]),
        ("type=news&published_before=2026-05-03", ["Kenya restores wetlands"]),
        ("type=news&language=en", ["Mangroves in Guadeloupe", "Kenya restores wetlands"]),
        ("type=news&language=fr", []),
    ],
)
def test_filters(client, records, query, expected):
    response = client.get(f"/api/v1/records/?{query}")
    assert response.status_code == 200, response.content
    assert sorted(titles(response)) == sorted(expected)


def test_region_and_theme_filters(client, records, theme):
    from taxonomy.models import Country

    kenya = Country.objects.get(code="KE")
    region = kenya.subregion or kenya.region
    assert "Kenya restores wetlands" in titles(
        client.get(f"/api/v1/records/?region={region.identifier}")
    )
    assert titles(client.get(f"/api/v1/records/?theme={theme.slug}")) == ["Kenya restores wetlands"]


def test_type_filter_is_repeatable(client, records):
    response = client.get("/api/v1/records/?type=news&type=page")
    assert {item["type"] for item in response.json()["items"]} == {"news", "page"}


def test_updated_since(client, records):
    newest = client.get("/api/v1/records/").json()["items"][0]
    response = client.get("/api/v1/records/", {"updated_since": newest["updated"]})
    assert response.status_code == 200
    assert newest["title"] in titles(response)
    assert client.get("/api/v1/records/?updated_since=2999-01-01T00:00:00Z").json()["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        "target=24",
        "target=GBF-TARGET-99",
        "country=XX",
        "region=999",
        "theme=no-such-theme",
        "type=planet",
        "cursor=garbage",
        "limit=0",
        "limit=101",
        "limit=many",
        "published_after=yesterday",
        "updated_since=2026-13-45",
    ],
)
def test_bad_filters_are_clear_client_errors(client, records, query):
    response = client.get(f"/api/v1/records/?{query}")
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_unknown_target_message_says_what_is_expected(client, records):
    detail = client.get("/api/v1/records/?target=24").json()["detail"]
    assert "1 to 23" in detail


def _all_pages(client, url):
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [item["uuid"] for item in response.json()["items"]]
        url = response.json()["next"]
        pages += 1
    return seen, pages


def test_pagination_to_the_end_without_duplicates_or_gaps(client, records, news_index):
    for day in range(1, 8):
        publish_news(news_index, f"More news {day}", day=day)
    everything = [item["uuid"] for item in client.get("/api/v1/records/?limit=100").json()["items"]]
    seen, pages = _all_pages(client, "/api/v1/records/?limit=3")
    assert seen == everything and len(set(seen)) == len(seen) == 11
    assert pages == 4
    news, _ = _all_pages(client, "/api/v1/records/news/?limit=2")
    assert len(news) == len(set(news)) == 9


def test_next_link_is_absolute_and_keeps_the_filters(client, records, news_index):
    publish_news(news_index, "Another Kenyan story", day=9, country="KE")
    response = client.get("/api/v1/records/?country=KE&limit=1")
    next_url = response.json()["next"]
    assert next_url.startswith("http://testserver/api/v1/records/?")
    assert "country=KE" in next_url and "cursor=" in next_url
    assert response["Link"] == f'<{next_url}>; rel="next"'
    assert titles(client.get(next_url)) == ["Kenya restores wetlands"]


def test_a_tampered_cursor_is_refused(client, records, news_index):
    for day in range(1, 4):
        publish_news(news_index, f"More news {day}", day=day)
    next_url = client.get("/api/v1/records/?limit=1").json()["next"]
    tampered = next_url[:-3] + ("abc" if not next_url.endswith("abc") else "xyz")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def _queries(client, url):
    client.get(url)  # warm the content type and site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries], len(response.json()["items"])


def test_queries_do_not_grow_with_the_records(client, records, news_index):
    url = "/api/v1/records/?type=news&type=page"
    once, count = _queries(client, url)
    for day in range(4):
        publish_news(news_index, f"Batch {day}", day=day + 1, target=5, country="KE")
    five_times, more = _queries(client, url)
    assert more == count + 4
    assert len(five_times) == len(once), "\n".join(five_times)


def test_restricted_thread_absent_for_those_who_may_not_see_it(
    client, records, restricted_thread, caucus_member, member
):
    url = f"/api/v1/records/forum-thread/{restricted_thread.uuid}"
    assert "Caucus strategy" not in titles(client.get("/api/v1/records/"))
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert "Caucus strategy" not in titles(client.get("/api/v1/records/forum-thread/"))
    assert client.get(url).status_code == 404
    client.force_login(caucus_member)
    assert "Caucus strategy" in titles(client.get("/api/v1/records/forum-thread/"))
    assert client.get(url).status_code == 200


def test_types(client, records):
    types = {entry["record_type"]: entry for entry in client.get("/api/v1/types/").json()}
    assert types["news"]["schema_type"] == "NewsArticle" or types["news"]["schema_type"]
    assert set(types["news"]) == {"record_type", "label", "schema_type", "cbd_export"}
    assert "forum-thread" in types


@pytest.mark.parametrize(
    "vocabulary",
    [
        "goals",
        "targets",
        "indicators",
        "countries",
        "regions",
        "thematic-areas",
        "constituencies",
        "languages",
    ],
)
def test_taxonomy_vocabularies(client, vocabulary):
    response = client.get(f"/api/v1/taxonomy/{vocabulary}/")
    assert response.status_code == 200
    document = response.json()
    assert document["vocabulary"] == vocabulary
    assert document["terms"]
    assert all(term["identifier"] and term["labels"].get("en") for term in document["terms"])


def test_taxonomy_targets_carry_cbd_identifiers_and_languages(client):
    terms = client.get("/api/v1/taxonomy/targets/").json()["terms"]
    seven = next(term for term in terms if term["identifier"] == "GBF-TARGET-07")
    assert len(seven["labels"]) > 1 and "section" in seven["relations"]
    indicators = client.get("/api/v1/taxonomy/indicators/").json()["terms"]
    assert any(term["relations"]["goal"] for term in indicators)


class _NewsCBD(Importer):
    kind = harvesting.CBD
    schema = "testNews"

    def save(self, document, record, context):  # pragma: no cover - export only
        raise NotImplementedError

    def export(self, record):
        return {
            "header": {"schema": "testNews", "identifier": str(record.uuid)},
            "title": {"en": record.title},
        }


@pytest.fixture
def news_exporter():
    from chm.models import NewsPage

    _NewsCBD.model = NewsPage
    harvesting.register(_NewsCBD)
    yield
    harvesting.unregister(harvesting.CBD, "testNews")


def test_cbd_export(client, records, news_exporter):
    response = client.get(f"/api/v1/records/news/{records['kenya'].uuid}?format=cbd")
    assert response.status_code == 200
    assert response.json() == {
        "header": {"schema": "testNews", "identifier": str(records["kenya"].uuid)},
        "title": {"en": "Kenya restores wetlands"},
    }
    types = {entry["record_type"]: entry for entry in client.get("/api/v1/types/").json()}
    assert types["news"]["cbd_export"] is True


def test_cbd_export_of_a_type_without_one_is_406(client, records, news_exporter):
    response = client.get(f"/api/v1/records/page/{records['page'].uuid}?format=cbd")
    assert response.status_code == 406
    assert "news" in response.json()["detail"]


def test_unknown_format_is_400(client, records):
    response = client.get(f"/api/v1/records/news/{records['kenya'].uuid}?format=xml")
    assert response.status_code == 400

"""What every /api/v1/ response shares: caching, CORS, methods, rate limits, the OpenAPI
document and the docs page."""

import pytest

pytestmark = pytest.mark.django_db


def test_etag_and_if_none_match(client, records):
    response = client.get("/api/v1/records/")
    etag = response["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/api/v1/records/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get("/api/v1/records/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_last_modified_is_the_newest_record_and_if_modified_since(client, records):
    from django.utils.http import http_date, parse_http_date

    response = client.get("/api/v1/records/")
    newest = response.json()["items"][0]["updated"]
    from datetime import datetime

    assert parse_http_date(response["Last-Modified"]) == int(
        datetime.fromisoformat(newest).timestamp()
    )
    later = http_date(parse_http_date(response["Last-Modified"]) + 60)
    assert client.get("/api/v1/records/", HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    earlier = http_date(parse_http_date(response["Last-Modified"]) - 60)
    assert client.get("/api/v1/records/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_cache_control_and_vary_follow_the_reader(client, records, member):
    response = client.get("/api/v1/records/")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in response["Vary"].split(",")}
    client.force_login(member)
    assert "private" in client.get("/api/v1/records/")["Cache-Control"]


def test_cors_on_reads(client, records):
    response = client.get("/api/v1/records/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Retry-After" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_cors_preflight(client):
    response = client.options(
        "/api/v1/records/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="If-None-Match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405_json(client, records, method):
    response = getattr(client, method)("/api/v1/records/", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["detail"]
    assert "GET" in response["Allow"]


def test_head_has_headers_and_no_body(client, records):
    response = client.head("/api/v1/records/")
    assert response.status_code == 200
    assert response.content == b"" and response["ETag"]


def test_rate_limit_429_with_retry_after(client, records, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "api.read": {"anonymous": (2, 3600), "member": (5, 3600)},
    }
    assert client.get("/api/v1/types/").status_code == 200
    assert client.get("/api/v1/types/").status_code == 200
    refused = client.get("/api/v1/types/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert refused.json()["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_members_have_their_own_higher_limit(client, records, settings, member):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "api.read": {"anonymous": (1, 3600), "member": (3, 3600)},
    }
    assert client.get("/api/v1/types/").status_code == 200
    assert client.get("/api/v1/types/").status_code == 429
    client.force_login(member)
    assert client.get("/api/v1/types/").status_code == 200


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/records/",
        "/api/v1/records/{record_type}/",
        "/api/v1/records/{record_type}/{uuid}",
        "/api/v1/types/",
        "/api/v1/taxonomy/{vocabulary}/",
    } <= set(document["paths"])
    record = document["components"]["schemas"]["RecordSchema"]
    assert record["additionalProperties"] is True
    assert "uuid" in record["required"]


def test_openapi_document_loads_in_schemathesis(client):
    import schemathesis

    schema = schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 5


def test_root_leads_to_the_docs(client):
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"].endswith("/api/v1/docs")


def test_docs_page_for_a_visitor(client, records):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html and "Public API" in html
    assert "/api/v1/records/?limit=5" in html
    assert "/api/v1/records/" in html and "Retry-After" in html and "If-None-Match" in html
    assert "/api/v1/openapi.json" in html


@pytest.mark.parametrize(
    ("request_kwargs", "lang"),
    [
        ({"path": "/api/v1/docs?lang=ar"}, "ar"),
        ({"path": "/api/v1/docs", "HTTP_ACCEPT_LANGUAGE": "ar"}, "ar"),
    ],
)
def test_docs_page_in_arabic(client, records, request_kwargs, lang):
    response = client.get(**request_kwargs)
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="rtl"' in html


def test_docs_page_ignores_an_unknown_language(client, records):
    response = client.get("/api/v1/docs?lang=xx")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_footer_links_to_the_docs_in_the_visitors_language(client, home_page):
    assert 'href="/api/v1/docs"' in client.get("/").content.decode()
    assert 'href="/api/v1/docs?lang=ar"' in client.get("/ar/").content.decode()

"""/healthz: 200 while the database answers, 503 when it does not, cache trouble degraded."""

import pytest

from chm import health

from .faults import database_down

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["cache"]["ok"] is True
    assert body["search"]["ok"] is True


def test_database_down(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is False
    text = response.content.decode()
    assert "5432" not in text and "refused" not in text  # no error text, no host
    assert client.get("/healthz").status_code == 200  # and back at once


def test_cache_down_is_degraded(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr("chm.health.cache.set", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["ok"] is False
    assert body["database"]["ok"] is True
    assert "redis" not in response.content.decode()


def test_cache_returning_nothing_is_degraded(client, monkeypatch):
    monkeypatch.setattr("chm.health.cache.get", lambda *args, **kwargs: None)
    assert client.get("/healthz").json()["cache"]["ok"] is False


def test_search_engine_down_is_degraded(client, monkeypatch):
    from search.backends.base import SearchBackend, SearchUnavailable

    def down(self):
        raise SearchUnavailable("ConnectionError(http://es:9200)")

    monkeypatch.setattr(SearchBackend, "check_health", down)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["search"]["ok"] is False
    assert "9200" not in response.content.decode()


def test_only_get(client):
    assert client.post("/healthz").status_code == 405
    assert client.get("/healthz?x=%00").status_code == 200


def test_not_behind_a_language_prefix_or_login(client):
    assert client.get("/fr/healthz", follow=True).status_code == 404


def test_registered_checks_are_reported(client, monkeypatch):
    monkeypatch.setitem(health._checks, "extra", lambda: None)
    assert client.get("/healthz").json()["extra"]["ok"] is True

"""A failing search engine never takes a page down, and index updates never fail a save."""

import logging

import pytest

from django.db import DatabaseError, OperationalError

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.backends.database import DatabaseBackend

pytestmark = pytest.mark.django_db


class _Cause(Exception):
    pass


def _elasticsearch_down(*args, **kwargs):
    raise SearchUnavailable("ConnectionError: http://es:9200 refused")


def _database_search_error(*args, **kwargs):
    error = DatabaseError("canceling statement due to statement timeout")
    error.__cause__ = _Cause()
    raise error


@pytest.fixture(params=["elasticsearch", "database"])
def broken_search(request, monkeypatch):
    if request.param == "elasticsearch":
        monkeypatch.setattr(DatabaseBackend, "search", _elasticsearch_down)
        monkeypatch.setattr(DatabaseBackend, "suggest", _elasticsearch_down)
    else:
        monkeypatch.setattr(DatabaseBackend, "_search", _database_search_error)
        monkeypatch.setattr(DatabaseBackend, "_suggest", _database_search_error)
    return request.param


@pytest.mark.parametrize("path", ["/search/?q=wetlands", "/ar/search/?q=wetlands"])
def test_search_page_says_search_is_unavailable(client, home_page, broken_search, path):
    response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'name="q"' in html  # the form is still there to try again
    assert "9200" not in html and "statement timeout" not in html


def test_search_page_message_in_english(client, home_page, broken_search):
    html = client.get("/search/?q=wetlands").content.decode()
    assert "Search is unavailable at the moment" in html


def test_suggest_endpoint(client, home_page, broken_search):
    response = client.get("/search/suggest/?q=wetl")
    assert response.status_code == 503
    assert response.json()["suggestions"] == []
    assert response.json()["message"]


@pytest.mark.parametrize("path", ["/search/feed/?q=wetlands"])
def test_feed(client, home_page, broken_search, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"]


def test_search_page_without_a_query_needs_no_backend(client, home_page, broken_search):
    assert client.get("/search/").status_code == 200


def test_an_unreachable_database_is_an_outage_not_a_search_error(client, home_page, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(DatabaseBackend, "_search", down)
    with pytest.raises(OperationalError):
        get_backend().search(None)


def test_publishing_succeeds_while_indexing_fails(news_index, monkeypatch, caplog):
    """The save that enqueued the index update commits; the failure is logged."""
    from chm.factories import NewsPageFactory
    from chm.models import NewsPage

    def down(*args, **kwargs):
        raise SearchUnavailable("cluster unreachable")

    monkeypatch.setattr(DatabaseBackend, "bulk_index", down)
    monkeypatch.setattr(DatabaseBackend, "index", down)
    with caplog.at_level(logging.ERROR, logger="chm.retry"):
        page = NewsPageFactory(parent=news_index, title="Wetlands report")
        page.save_revision().publish()
    assert NewsPage.objects.live().filter(title="Wetlands report").exists()
    assert "index_record" in caplog.text


def test_a_database_error_while_indexing_leaves_the_save_intact(news_index, monkeypatch):
    from chm.factories import NewsPageFactory
    from chm.models import NewsPage
    from search.models import SearchDocument

    def broken(*args, **kwargs):
        SearchDocument.objects.create(uuid=None)  # an integrity error inside the task

    monkeypatch.setattr(DatabaseBackend, "bulk_index", broken)
    page = NewsPageFactory(parent=news_index, title="Peatlands")
    page.save_revision().publish()
    page.title = "Peatlands, revised"
    page.save_revision().publish()  # the transaction is still usable after the failure
    assert NewsPage.objects.get(pk=page.pk).title == "Peatlands, revised"


def test_index_tasks_are_retried_later(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends
    from django_tasks.base import TaskContext

    from search.tasks import remove_record

    monkeypatch.setattr(DatabaseBackend, "remove", _elasticsearch_down)
    result = remove_record.enqueue("00000000-0000-0000-0000-000000000000")
    remove_record.func(TaskContext(task_result=result), *result.args)
    retried = task_backends["default"].results[-1]
    assert retried.kwargs == {"attempt": 2}
    assert retried.task.run_after is not None

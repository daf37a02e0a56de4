"""A database outage answers 503 + Retry-After, never 500, in the reader's language."""

import pytest

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.test import Client

from chm.outage import is_outage

from .faults import database_down

pytestmark = pytest.mark.django_db


def assert_unavailable_page(response, language="en"):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert "Traceback" not in html
    assert "OperationalError" not in html
    assert "5432" not in html  # nothing about the database reaches the reader
    return html


def test_home_page_while_the_database_is_down(client, home_page):
    with database_down():
        response = client.get("/")
    html = assert_unavailable_page(response)
    assert "Temporarily unavailable" in html
    assert "try again" in html.lower()
    assert 'href="/css/' not in html  # the stylesheet comes from the static files
    assert "site.css" in html


def test_the_page_is_in_the_language_of_the_url(client, home_page):
    with database_down():
        response = client.get("/ar/news/")
    html = assert_unavailable_page(response, "ar")
    assert 'dir="rtl"' in html


def test_unprefixed_paths_follow_accept_language(client, home_page):
    with database_down():
        response = client.get("/forums/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert_unavailable_page(response, "fr")


def test_a_bad_accept_language_header_still_gets_the_page(client, home_page):
    with database_down():
        response = client.get("/forums/", HTTP_ACCEPT_LANGUAGE="\x00;;;q=zz" * 50)
    assert_unavailable_page(response)


def test_the_retry_link_never_leaves_the_site(rf):
    from chm.outage import unavailable_response

    for path in ["//evil.example/x", "/\\evil.example/x"]:
        request = rf.get("/")
        request.path = path
        response = unavailable_response(request)
        assert response.status_code == 503
        html = response.content.decode()
        assert 'href="//' not in html
        assert 'href="/\\' not in html


@pytest.mark.parametrize(
    "path", ["/forums/", "/experts/", "/organizations/", "/search/?q=wetlands", "/ar/forums/"]
)
def test_django_views_while_the_database_is_down(client, home_page, path):
    with database_down():
        response = client.get(path)
    assert response.status_code == 503


def test_signed_in_member_whose_session_lookup_fails(auth_client, home_page):
    with database_down(only="django_session"):
        response = auth_client.get("/forums/")
    assert_unavailable_page(response)


def test_form_posts_while_the_database_is_down(auth_client, home_page):
    with database_down():
        response = auth_client.post("/accounts/login/", {"login": "x@example.org", "password": "y"})
    assert response.status_code == 503


def test_error_raised_in_a_middleware_is_503_not_500(settings, home_page):
    """Raised outside a view, the error goes through handler500, which answers 503."""
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: settings.MIDDLEWARE.index("chm.outage.OutageMiddleware") + 1],
        "tests.chm.faults.DatabaseDownMiddleware",
        *settings.MIDDLEWARE[settings.MIDDLEWARE.index("chm.outage.OutageMiddleware") + 1 :],
    ]
    client = Client(raise_request_exception=False)
    response = client.get("/ar/")
    assert_unavailable_page(response, "ar")
    response = client.get("/api/v1/records/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"


def test_the_404_page_while_the_database_is_down(home_page):
    """The 404 page (site layout, settings from the database) fails to render: 503."""
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get("/no-such-page/")
    assert response.status_code == 503


def test_wagtail_admin_while_the_database_is_down(editor_client, home_page):
    with database_down():
        for path in ["/admin/", "/admin/pages/", f"/admin/pages/{home_page.pk}/edit/"]:
            response = editor_client.get(path)
            assert_unavailable_page(response)


def test_django_admin_while_the_database_is_down(editor_client, home_page):
    with database_down():
        response = editor_client.get("/django-admin/")
    assert response.status_code == 503


def test_api_answers_json(client, home_page):
    with database_down():
        response = client.get("/api/v1/records/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["error"] == "unavailable"
    assert body["retry_after"] == int(response["Retry-After"])
    assert "5432" not in response.content.decode()


def test_api_json_in_the_readers_language(client, home_page):
    with database_down():
        response = client.get("/api/v1/records/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 503
    assert response["Content-Language"] == "ar"


def test_retry_after_comes_from_settings(client, home_page, settings):
    settings.OUTAGE_RETRY_AFTER = 7
    with database_down():
        response = client.get("/")
    assert response["Retry-After"] == "7"
    assert "7 seconds" in response.content.decode()


def test_the_site_is_back_as_soon_as_the_database_answers(client, home_page):
    with database_down():
        assert client.get("/").status_code == 503
    assert client.get("/").status_code == 200


def test_other_errors_still_give_the_500_page(rf):
    """A bug, not an outage: the plain 500 page, no traceback."""
    from chm.outage import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "a bug" not in response.content.decode()


class _Cause(Exception):
    pass


class _DriverOperationalError(Exception):
    pass


_DriverOperationalError.__name__ = "OperationalError"


class _QueryCanceled(Exception):
    sqlstate = "57014"


def test_which_database_errors_count_as_an_outage():
    assert is_outage(OperationalError("connection refused"))
    assert is_outage(InterfaceError("connection already closed"))
    wrapped = DatabaseError("server closed the connection")
    wrapped.__cause__ = _DriverOperationalError()
    assert is_outage(wrapped)
    plain = DatabaseError("syntax error")
    plain.__cause__ = _Cause()
    assert not is_outage(plain)
    cancelled = OperationalError("canceling statement due to statement timeout")
    cancelled.__cause__ = _QueryCanceled()
    assert not is_outage(cancelled)
    assert not is_outage(ValueError("not a database error"))


@pytest.mark.django_db(transaction=True)
def test_the_broken_connection_is_closed_so_the_next_request_reconnects(
    client, monkeypatch, reference_data, home_page
):
    """Outside a test transaction (as in production) the worker's connection is closed after
    the error; the next request opens a new one and the site answers again. (A transactional
    test can follow one that emptied the database: ``reference_data`` puts the home page back.)"""
    closed = []
    close = connection.close

    def spy():
        closed.append(True)
        close()

    monkeypatch.setattr(connection, "close", spy)
    with database_down():
        response = client.get("/")
    assert response.status_code == 503
    assert closed
    if connection.vendor == "postgresql":
        assert connection.connection is None
    assert client.get("/").status_code == 200

"""Test-only fault injection: make the database, a middleware or the mail server fail."""

import smtplib
from contextlib import contextmanager

from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, connection


@contextmanager
def database_down(only=None):
    """Every query (or those whose SQL contains ``only``) raises the ``OperationalError``
    psycopg gives while PostgreSQL restarts, as Django wraps it."""

    def refuse(execute, sql, params, many, context):
        if only is None or only in sql:
            raise OperationalError(
                'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


class DatabaseDownMiddleware:
    """A middleware whose database query fails, like the session lookup of a signed-in
    member while the database is down (the error is raised outside any view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with database_down(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return self.get_response(request)


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses the connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class SMTPErrorEmailBackend(BaseEmailBackend):
    """A mail server that answers with an SMTP error."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

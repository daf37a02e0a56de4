"""The embedded SQLite default survives a few concurrent writers: write-ahead logging, write
transactions that take the lock when they begin, and a busy timeout (issue 15, item 4)."""

import threading

import pytest

from django.conf import settings
from django.db import connections, transaction

from chm.settings.base import sqlite_options
from tests.chm.test_settings import PRODUCTION_ENV, _run

OPTIONS_PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.DATABASES["default"].get("OPTIONS", {})))
"""


def _options(env):
    import json

    result = _run(["-c", OPTIONS_PROBE], env, "chm.settings.dev")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_gets_wal_immediate_transactions_and_a_busy_timeout():
    options = _options({})
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_other_databases_keep_their_own_options():
    # PostgreSQL gets its own option (connect_timeout, chm/outage.py), none of SQLite's.
    assert _options({"DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}) == {"connect_timeout": 3}


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):
    """A second database alias on a temporary SQLite file, with the project's options."""
    alias = "concurrent_sqlite"
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "concurrent.sqlite3"),
        "OPTIONS": sqlite_options(),
        "CONN_MAX_AGE": 0,
        "TEST": {},
    }
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections[alias]  # this thread's wrapper still names the file
    del connections.settings[alias]


def test_journal_mode_is_wal_on_a_file_database(sqlite_file_alias):
    with connections[sqlite_file_alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_concurrent_writers_do_not_hit_database_is_locked(sqlite_file_alias):
    alias = sqlite_file_alias
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
        cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT)")
    errors = []
    threads, writes = 6, 25
    start = threading.Barrier(threads)

    def writer(number):
        try:
            start.wait()
            for i in range(writes):
                # Read then write in one transaction: the pattern that fails with "database is
                # locked" under SQLite's default deferred transactions.
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    (value,) = cursor.fetchone()
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
                    cursor.execute("INSERT INTO note (text) VALUES (%s)", [f"{number}-{i}"])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections[alias].close()

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        assert cursor.fetchone()[0] == threads * writes
        cursor.execute("SELECT COUNT(*) FROM note")
        assert cursor.fetchone()[0] == threads * writes


def test_the_test_database_uses_the_same_options():
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

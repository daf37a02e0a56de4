"""What ``/healthz`` reports: the database, the cache and any service an app registers.

A load balancer or an orchestrator polls ``/healthz`` every few seconds. The database decides
the answer (HTTP 503 while it is unreachable: the process can serve nothing but cached pages);
a failing cache or search engine makes the site "degraded" (HTTP 200: pages still render, only
slower or without search). Each check is short and bounded, and the output names only states,
never hosts, users or error messages (it is public).

Apps above the site shell add their service with ``register("search", check)``; a check
returns nothing when healthy and raises when not.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

#: Milliseconds a health-check query may run on PostgreSQL before it counts as down.
DATABASE_TIMEOUT_MS = 2000

_checks = {}


def register(name, check):
    """Add an optional service check (``check()`` raises when the service is down)."""
    _checks[name] = check


def check_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"SET statement_timeout = {DATABASE_TIMEOUT_MS}")
            try:
                cursor.execute("SELECT 1")
                row = cursor.fetchone()
            finally:
                cursor.execute("SET statement_timeout = DEFAULT")
        else:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    if not row or row[0] != 1:
        raise RuntimeError("unexpected answer to SELECT 1")


def check_cache():
    key = f"chm:healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    try:
        if cache.get(key) != "1":
            raise RuntimeError("the cache did not return the value just set")
    finally:
        cache.delete(key)


def _run(name, check):
    started = time.monotonic()
    try:
        check()
    except Exception as error:  # noqa: BLE001 - any failure means this service is down
        logger.warning("Health check %s failed: %s: %s", name, type(error).__name__, error)
        return {"ok": False, "ms": round((time.monotonic() - started) * 1000)}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000)}


def report():
    """``(status, body)``: ``"ok"`` (HTTP 200), ``"degraded"`` (200: the database answers,
    another service does not) or ``"unavailable"`` (503: the database does not answer)."""
    database = _run("database", check_database)
    if not database["ok"]:
        from .outage import discard_broken_connections

        discard_broken_connections()
    services = {"database": database, "cache": _run("cache", check_cache)}
    for name, check in _checks.items():
        services[name] = _run(name, check)
    if not database["ok"]:
        status = "unavailable"
    elif all(service["ok"] for service in services.values()):
        status = "ok"
    else:
        status = "degraded"
    return status, {"status": status, **services}

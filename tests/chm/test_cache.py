"""The Redis cache that REDIS_URL switches on, against a real Redis server."""

import os

import pytest

from django.core.cache import caches
from django.test import override_settings

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL")

pytestmark = pytest.mark.skipif(
    not REDIS_TEST_URL,
    reason="REDIS_TEST_URL is not set (CI sets it to the local Redis); no Redis to talk to",
)


def test_redis_cache_round_trip_and_expiry():
    config = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": "chm-test",
        },
        # The page cache's alias stays (its middleware and the tests' fixtures use it).
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(CACHES=config):
        cache = caches.create_connection("default")
        cache.set("greeting", {"en": "hello", "fr": "bonjour"}, timeout=30)
        assert cache.get("greeting") == {"en": "hello", "fr": "bonjour"}
        cache.delete("counter")
        assert cache.add("counter", 0)
        assert cache.incr("counter") == 1
        cache.delete_many(["greeting", "counter"])
        assert cache.get("greeting") is None

"""Flood control with the shared cache (Redis in production, so limits hold across processes)."""

from django.conf import settings
from django.core.cache import cache

# action: (how many, per seconds); FORUMS_RATE_LIMITS overrides any of them.
DEFAULT_LIMITS = {"post": (6, 60), "thread": (3, 600), "flag": (10, 3600), "react": (60, 60)}


def limit_for(action):
    return getattr(settings, "FORUMS_RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])


def allow(action, user):
    """Count one ``action`` by ``user``; False once the limit for the period is reached."""
    count, period = limit_for(action)
    key = f"forums:rate:{action}:{user.pk}"
    cache.add(key, 0, timeout=period)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        used = 1
    return used <= count

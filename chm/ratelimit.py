"""Flood control for what people send through the site: one module, one setting.

``settings.RATE_LIMITS`` maps an action (``"forums.post"``, ``"experts.contact"``...) to its
limits, each ``(attempts, seconds)``::

    RATE_LIMITS = {"experts.contact": {"member": (5, 3600), "anonymous": (20, 3600)}}

A signed-in member is counted per account, never by network address: many people share one
address (a conference wifi, a campus or a mobile operator's NAT), and one of them must not
lock the others out. Anonymous visitors have nothing else to be told apart by, so they are
counted per client address, the one allauth's own sign-in limits see (behind a load balancer
set ``ALLAUTH_TRUSTED_PROXY_COUNT``). An action with no ``"anonymous"`` limit is for members
only and refuses to count anonymous visitors.

Counts live in the shared cache (Redis in production), in a window opened by the first attempt:
``cache.add`` and ``cache.incr`` are atomic there, so every web process counts together.
``hit`` says whether the attempt may go ahead and, if not, how long until the next one may.
"""

import math
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter as get_account_adapter

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext, ngettext


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int  # attempts allowed per period
    period: int  # seconds
    retry_after: int  # seconds until the next attempt is allowed (0 when this one is)
    per_account: bool  # counted for a signed-in member (else for an anonymous address)

    @property
    def wait_text(self):
        """ "12 minutes": how long until the next attempt is allowed."""
        return duration_text(self.retry_after)

    @property
    def period_text(self):
        """ "in the last hour": the window the limit counts in."""
        return within_text(self.period)


def duration_text(seconds):
    seconds = max(int(math.ceil(seconds)), 1)
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def within_text(seconds):
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("in the last hour", "in the last %(count)d hours", hours) % {"count": hours}
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("in the last minute", "in the last %(count)d minutes", minutes) % {
            "count": minutes
        }
    return ngettext("in the last second", "in the last %(count)d seconds", seconds) % {
        "count": seconds
    }


def client_address(request):
    """The client's address as allauth's rate limits see it (one proxy setting for both)."""
    return get_account_adapter().get_client_ip(request)


def _limit(action, kind):
    limits = settings.RATE_LIMITS.get(action)
    if limits is None or kind not in limits:
        raise ImproperlyConfigured(f'settings.RATE_LIMITS["{action}"] has no "{kind}" limit.')
    attempts, period = limits[kind]
    return int(attempts), int(period)


def hit(request, action):
    """Count one attempt at ``action`` by whoever sends ``request``; a ``Verdict``."""
    user = request.user
    per_account = user.is_authenticated
    if per_account:
        limit, period = _limit(action, "member")
        who = f"user:{user.pk}"
    else:
        limit, period = _limit(action, "anonymous")
        who = f"address:{client_address(request)}"
    base = f"ratelimit:{action}:{who}"
    now = time.time()
    # The window opens with the first attempt and lasts ``period``, so everything it counts
    # happened within the last ``period`` seconds. ``add`` is atomic: when two processes open
    # it at once, one start wins and both read it.
    cache.add(f"{base}:start", now, timeout=period)
    start = cache.get(f"{base}:start", now)
    if now - start >= period:  # a cache that kept the key a little past its timeout
        start = now
        cache.set(f"{base}:start", now, timeout=period)
    key = f"{base}:{start:.6f}"
    cache.add(key, 0, timeout=period + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        used = 1
    allowed = used <= limit
    retry_after = 0 if allowed else max(math.ceil(start + period - now), 1)
    return Verdict(allowed, limit, period, retry_after, per_account)


def network_message(verdict):
    """The refusal for an anonymous visitor: it is the shared address that was counted."""
    return gettext(
        "Too many messages were sent from this network recently; please try again in "
        "%(wait)s or sign in."
    ) % {"wait": verdict.wait_text}

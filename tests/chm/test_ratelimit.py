"""Flood limits (chm/ratelimit.py): members are counted per account, anonymous visitors per
network address, and a refusal says how long to wait."""

from unittest import mock

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from chm import ratelimit
from community.members.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "test.send": {"member": (2, 3600), "anonymous": (1, 600)},
    }


def _request(user=None, **meta):
    request = RequestFactory().post("/", **meta)
    request.user = user or AnonymousUser()
    return request


def test_members_are_counted_per_account_whatever_their_address(limits):
    first, second = ProfileFactory().user, ProfileFactory().user
    same_address = {"REMOTE_ADDR": "203.0.113.9"}
    verdicts = [ratelimit.hit(_request(first, **same_address), "test.send") for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert ratelimit.hit(_request(second, **same_address), "test.send").allowed
    refused = verdicts[-1]
    assert refused.per_account and refused.limit == 2 and 3590 < refused.retry_after <= 3600


def test_anonymous_visitors_are_counted_per_forwarded_address(limits, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [
        ratelimit.hit(
            _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address), "test.send"
        ).allowed
        for address in ["203.0.113.1", "203.0.113.2", "203.0.113.2"]
    ]
    # Two visitors behind the same load balancer are not one sender; a repeat from one is.
    assert statuses == [True, True, False]


def test_the_wait_runs_from_the_first_attempt(limits):
    member = ProfileFactory().user
    with mock.patch("chm.ratelimit.time.time", return_value=1_000_000.0):
        ratelimit.hit(_request(member), "test.send")
    with mock.patch("chm.ratelimit.time.time", return_value=1_000_000.0 + 48 * 60):
        ratelimit.hit(_request(member), "test.send")
        verdict = ratelimit.hit(_request(member), "test.send")
    assert not verdict.allowed and verdict.retry_after == 12 * 60
    assert verdict.wait_text == "12 minutes"
    assert verdict.period_text == "in the last hour"


def test_the_message_for_a_shared_network_does_not_blame_the_visitor(limits):
    for _ in range(2):
        verdict = ratelimit.hit(_request(REMOTE_ADDR="198.51.100.7"), "test.send")
    assert not verdict.allowed and not verdict.per_account
    assert ratelimit.network_message(verdict) == (
        "Too many messages were sent from this network recently; please try again in "
        "10 minutes or sign in."
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (59, "59 seconds"), (61, "2 minutes"), (3600, "1 hour"), (7201, "3 hours")],
)
def test_waits_read_naturally(seconds, text):
    assert ratelimit.duration_text(seconds) == text


def test_an_action_without_a_limit_for_anonymous_visitors_refuses_to_count_them(settings):
    settings.RATE_LIMITS = {"test.members-only": {"member": (1, 60)}}
    with pytest.raises(ImproperlyConfigured):
        ratelimit.hit(_request(REMOTE_ADDR="198.51.100.7"), "test.members-only")

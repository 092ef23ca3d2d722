"""Rate limits: at most N attempts in any sliding period, per account and per address.

The counting function takes the time as an argument, so these tests place each attempt at
an exact instant instead of depending on the clock.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import ngettext

from parvis.core.ratelimit import Limit, _consume, check, client_ip, wait_message

T0 = 1_800_000_000.0  # a whole minute: 2027-01-15 08:00:00 UTC
PER_MINUTE = Limit(count=30, seconds=60)


def hits(key: str, limit: Limit, instants: list[float]) -> list[int]:
    return [_consume(key, limit, now) for now in instants]


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("20/m", Limit(20, 60)),
        ("5/10m", Limit(5, 600)),
        ("100/d", Limit(100, 86400)),
        ("3/h", Limit(3, 3600)),
        ("1/30s", Limit(1, 30)),
    ],
)
def test_limits_are_written_as_count_per_period(text, limit):
    assert Limit.parse(text) == limit


def test_thirty_attempts_a_minute_pass_and_the_next_waits_for_the_oldest_to_expire():
    allowed = hits("follow:user:1", PER_MINUTE, [T0 + n for n in range(30)])

    refused = _consume("follow:user:1", PER_MINUTE, T0 + 30.5)

    assert allowed == [0] * 30
    # The refused attempt counts too: two must leave the window (T0's, then T0 + 1's at
    # T0 + 61) before one more fits.
    assert refused == 31


def test_the_window_slides_across_the_turn_of_a_clock_minute():
    # 30 attempts in the last second of a minute, then one in the first second of the next:
    # a per-clock-minute counter would have let 60 through here.
    before = hits("k", PER_MINUTE, [T0 + 59.2 + n * 0.02 for n in range(30)])

    after = _consume("k", PER_MINUTE, T0 + 60.5)

    assert before == [0] * 30
    assert after == 59  # the burst at 59 s leaves the window at 119 s


def test_attempts_are_allowed_again_once_the_old_ones_have_left_the_window():
    hits("k", PER_MINUTE, [T0 + n for n in range(30)])

    assert _consume("k", PER_MINUTE, T0 + 60.0) == 0  # T0's attempt has left: 30 in window
    # Full again; this refused attempt counts, so T0 + 1's and T0 + 2's must leave (T0 + 62).
    assert _consume("k", PER_MINUTE, T0 + 60.5) == 2


def test_refused_attempts_count_so_hammering_keeps_the_door_shut():
    limit = Limit(count=3, seconds=60)
    hits("k", limit, [T0, T0 + 1, T0 + 2])

    hammering = hits("k", limit, [T0 + 10 + n for n in range(50)])

    assert all(wait > 0 for wait in hammering)
    assert _consume("k", limit, T0 + 61) > 0  # the refused ones are still in the window


def test_each_key_counts_on_its_own():
    limit = Limit(count=1, seconds=60)

    assert hits("follow:user:1", limit, [T0, T0 + 1]) == [0, 60]
    assert hits("follow:user:2", limit, [T0 + 1]) == [0]
    assert hits("comment:user:1", limit, [T0 + 1]) == [0]


def test_a_limit_of_zero_lets_nothing_through():
    assert _consume("closed", Limit(count=0, seconds=60), T0) == 60


def test_check_counts_per_address_and_per_account(resident, other_resident):
    factory = RequestFactory()

    def attempt(user, address: str) -> int:
        request = factory.post("/", REMOTE_ADDR=address)
        request.user = user
        return check(request, "vote", per_user="2/h", per_ip="3/h")

    assert attempt(resident, "198.51.100.1") == 0
    assert attempt(resident, "198.51.100.2") == 0
    assert attempt(resident, "198.51.100.3") > 0  # the account's limit, whatever the address
    assert attempt(other_resident, "198.51.100.1") == 0
    assert attempt(AnonymousUser(), "198.51.100.1") == 0  # the address's third attempt
    assert attempt(AnonymousUser(), "198.51.100.1") > 0  # its fourth, whoever makes it
    assert attempt(AnonymousUser(), "198.51.100.9") == 0


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.1, 203.0.113.7", "203.0.113.7"),  # a spoofed first entry is ignored
        (2, "203.0.113.7, 198.51.100.4", "203.0.113.7"),
        (2, "203.0.113.7", "192.0.2.1"),  # fewer entries than proxies: not trusted
    ],
)
def test_the_visitor_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_the_wait_is_said_in_seconds_then_in_minutes():
    def said(count: int, unit: str) -> str:
        return ngettext(
            f"You have done this too often. Please wait %(n)d {unit} and try again.",
            f"You have done this too often. Please wait %(n)d {unit}s and try again.",
            count,
        ) % {"n": count}

    with translation.override("en"):
        assert wait_message(1) == said(1, "second")
        assert wait_message(119) == said(119, "second")
        assert wait_message(120) == said(2, "minute")
        assert wait_message(3599) == said(60, "minute")

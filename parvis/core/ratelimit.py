"""Rate limits for every form residents can post: per account and per address.

Counters live in the cache (Redis at scale, process memory in the embedded default). Each
limit is a sliding window cut into `SLOTS` slots: "30/m" means at most 30 attempts in any
60 seconds (to within a second), not 30 per clock minute, which would let 60 through
around the turn of a minute. A view calls `check()` before doing the work and, when it is
refused, tells the person in words when they can try again (see `too_many_response`).
Refused attempts count too, so hammering keeps the door shut.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """ "20/m" is 20 per minute, "5/10m" 5 per ten minutes, "100/d" 100 a day."""
        count_text, period = text.split("/")
        unit = period[-1]
        amount = int(period[:-1] or 1)
        return cls(count=int(count_text), seconds=amount * _UNITS[unit])


def client_ip(request: HttpRequest) -> str:
    """The visitor's address; behind N trusted proxies, the Nth address from the right."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


#: How many slots a window is cut into: the window slides by a sixtieth of its length.
SLOTS = 60


def _consume(key: str, limit: Limit, now: float) -> int:
    """Count one hit; returns 0 if allowed, else the seconds until one more would be."""
    width = limit.seconds / SLOTS
    current = int(now // width)
    first = current - SLOTS + 1

    def slot_key(slot: int) -> str:
        return f"parvis:rl:{key}:{limit.seconds}:{slot}"

    timeout = limit.seconds + int(width) + 1
    if not cache.add(slot_key(current), 1, timeout=timeout):
        try:
            cache.incr(slot_key(current))
        except ValueError:  # expired between add() and incr()
            cache.add(slot_key(current), 1, timeout=timeout)
    found = cache.get_many([slot_key(slot) for slot in range(first, current + 1)])
    counts = [int(found.get(slot_key(slot), 0)) for slot in range(first, current + 1)]
    total = sum(counts)
    if total <= limit.count:
        return 0
    # The oldest slots leave the window first: wait until enough hits have left it for
    # one more attempt to fit.
    for leaving, count in enumerate(counts):
        total -= count
        if total + 1 <= limit.count:
            free_at = (first + leaving + SLOTS) * width
            return max(1, math.ceil(free_at - now))
    return limit.seconds  # a limit of zero lets nothing through, ever


def check(request: HttpRequest, action: str, *, per_user: str, per_ip: str) -> int:
    """Count this attempt at `action`; 0 when allowed, else seconds to wait."""
    now = time.time()
    waits = [_consume(f"{action}:ip:{client_ip(request)}", Limit.parse(per_ip), now)]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        waits.append(_consume(f"{action}:user:{user.pk}", Limit.parse(per_user), now))
    return max(waits)


def check_key(action: str, who: str, *, limit: str) -> int:
    """Count an attempt at `action` by `who` (an API key's id, any stable name) when neither
    an account nor an address is what is limited; 0 when allowed, else seconds to wait."""
    return _consume(f"{action}:key:{who}", Limit.parse(limit), time.time())


def wait_message(seconds: int) -> str:
    if seconds < 120:
        return ngettext(
            "You have done this too often. Please wait %(n)d second and try again.",
            "You have done this too often. Please wait %(n)d seconds and try again.",
            seconds,
        ) % {"n": seconds}
    minutes = (seconds + 59) // 60
    return ngettext(
        "You have done this too often. Please wait %(n)d minute and try again.",
        "You have done this too often. Please wait %(n)d minutes and try again.",
        minutes,
    ) % {"n": minutes}


def too_many_response(request: HttpRequest, seconds: int) -> HttpResponse:
    from parvis.core.errors import render_error

    response = render_error(request, 429, detail=wait_message(seconds))
    response["Retry-After"] = str(seconds)
    return response


def rate_limit(action: str, *, per_user: str, per_ip: str) -> Callable:
    """Decorator for POST views: over the limit, answer 429 with a page saying how long to wait."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                wait = check(request, action, per_user=per_user, per_ip=per_ip)
                if wait:
                    return too_many_response(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

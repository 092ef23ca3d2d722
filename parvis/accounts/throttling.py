"""allauth's rate limits answered as Parvis answers its own: 429 with Retry-After.

allauth counts attempts per address, per account and per typed key (ACCOUNT_RATE_LIMITS) and
refuses in two ways, neither saying when to come back:

- a 429 page (too many sign-ups, sign-ins, reset requests…), rendered by the `handler429`
  of the URLconf: `accounts.views.too_many_attempts`;
- an error on the form for a lockout (the "login_failed" limit: too many wrong passwords or
  two-factor codes), answered 429 by `accounts.views.LockoutStatusMixin`.

Both read allauth's counters here to say, in Retry-After, how many seconds are left.
"""

from __future__ import annotations

import math
import time
from typing import Any

from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.core.cache import cache
from django.http import HttpRequest

#: The form errors allauth raises when a lockout refuses an attempt (allauth.account and
#: allauth.mfa: `check_rate_limit`, `DefaultAccountAdapter.pre_authenticate`).
LOCKOUT_ERROR_CODES = frozenset({"too_many_login_attempts", "rate_limited"})

#: allauth's pages answering 429, and what each counts (allauth.account.views).
ACTION_OF_PAGE = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_email": "manage_email",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_reauthenticate": "reauthenticate",
    "mfa_reauthenticate": "reauthenticate",
}


def retry_after(
    request: HttpRequest, *, action: str, key: str | None = None, app: str = "allauth.account"
) -> int:
    """Seconds until allauth lets this visitor try `action` again (at least 1).

    Each limit of the action keeps the moments of the attempts it counted, newest first; a
    full limit frees a place when the oldest counted attempt leaves its window. Limits per
    key are read only when `key` is given, limits per account only for a signed-in person.
    """
    now = time.time()
    wait = 0.0
    user = getattr(request, "user", None)
    for rate in get_rates(app=app, action=action):
        if rate.per == "key" and key is None:
            continue
        if rate.per == "user" and not (user is not None and user.is_authenticated):
            continue
        cache_key = get_cache_key(request, app=app, action=action, rate=rate, key=key)
        history = [moment for moment in cache.get(cache_key, []) if moment > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    # A refusal with no full limit left (allauth also refuses when its cache lock is busy)
    # still asks for a second.
    return max(1, math.ceil(wait))


def page_retry_after(request: HttpRequest) -> int:
    """Retry-After for allauth's 429 page at this request's address."""
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else None
    action = ACTION_OF_PAGE.get(url_name or "")
    if action is None:
        # A page not listed (a newer allauth): the longest wait any of its limits imposes.
        from allauth.account import app_settings

        return max(retry_after(request, action=name) for name in app_settings.RATE_LIMITS)
    key = None
    if action == "reset_password":
        key = request.POST.get("email", "").strip().lower()
    return retry_after(request, action=action, key=key)


def is_refused_by_lockout(form: Any) -> bool:
    """True when allauth refused `form` because of a lockout, not because of what was typed."""
    return any(
        error.code in LOCKOUT_ERROR_CODES
        for errors in form.errors.as_data().values()
        for error in errors
    )

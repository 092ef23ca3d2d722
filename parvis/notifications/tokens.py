"""Unsubscribe links: signed, so they need no login, never expire and cannot be guessed.

A token names a person and what it stops: one subscription, or every e-mail ("all"). It is
signed with the site's secret key (HMAC, `django.core.signing`) under a salt of its own, so a
token made for anything else is refused, and changing one character of it breaks the
signature. It carries no date: an old e-mail's link keeps working, as RFC 8058 expects.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import translation

from parvis.core.links import absolute_url

_SALT = "parvis.notifications.unsubscribe"
ALL = "all"


@dataclass(frozen=True)
class UnsubscribeScope:
    user_id: int
    subscription_id: int | None  # None: every e-mail

    @property
    def is_everything(self) -> bool:
        return self.subscription_id is None


def make_token(*, user_id: int, subscription_id: int | None) -> str:
    scope = ALL if subscription_id is None else str(subscription_id)
    return signing.Signer(salt=_SALT).sign(f"{user_id}.{scope}")


def read_token(token: str) -> UnsubscribeScope | None:
    """The scope a genuine token names, or None for a forged, altered or foreign one."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    user_text, _, scope = value.partition(".")
    if not user_text.isdigit() or not (scope == ALL or scope.isdigit()):
        return None
    return UnsubscribeScope(
        user_id=int(user_text), subscription_id=None if scope == ALL else int(scope)
    )


def unsubscribe_url(*, user_id: int, subscription_id: int | None, language: str) -> str:
    """The absolute address of the unsubscribe page, in `language`."""
    token = make_token(user_id=user_id, subscription_id=subscription_id)
    with translation.override(language):
        path = reverse("unsubscribe", kwargs={"token": token})
    return absolute_url(path)

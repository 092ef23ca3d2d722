"""Signing in through the real pages, as a person would (password, then code)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD, totp_code


def sign_in(client: Client, user: Any, *, with_code: bool = True, next_url: str = "") -> Any:
    """Sign `user` in with their password and, when asked for it, their current TOTP code.

    Returns the last response. allauth refuses a code used twice within its period, so
    the cache that remembers used codes is cleared first: each sign-in types a "new" code.
    """
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    if response["Location"].startswith("/accounts/2fa/authenticate/") and with_code:
        cache.clear()
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def confirmation_paths(mailbox: Any, address: str) -> list[str]:
    """The confirmation links (paths) of the messages `address` received, oldest first."""
    import re
    from urllib.parse import urlsplit

    return [
        urlsplit(link).path
        for message in mailbox.to(address)
        for link in re.findall(r"https?://\S+", mailbox.text(message))
        if urlsplit(link).path.startswith("/accounts/confirm-email/")
    ]

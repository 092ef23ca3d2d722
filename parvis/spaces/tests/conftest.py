"""Fixtures for the spaces tests: staff signed in to the back office through the real pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD, totp_code


@pytest.fixture
def sign_in_to_backoffice() -> Callable[[Any], Client]:
    """A client signed in as `user` with password and TOTP code, as staff do every morning."""

    def sign_in(user: Any, **client_options: Any) -> Client:
        client = Client(**client_options)
        response = client.post(
            "/accounts/login/",
            {"login": user.email, "password": PASSWORD, **_csrf(client, "/accounts/login/")},
        )
        assert response["Location"] == "/accounts/2fa/authenticate/"
        # allauth refuses a code used twice within its period; a new sign-in types a new one.
        cache.clear()
        response = client.post(
            "/accounts/2fa/authenticate/",
            {"code": totp_code(user), **_csrf(client, "/accounts/2fa/authenticate/")},
        )
        assert response.status_code == 302
        assert client.get("/backoffice/").status_code == 200
        return client

    return sign_in


def _csrf(client: Client, url: str) -> dict[str, str]:
    """The CSRF token of the form at `url`, as a browser sends it back with the form."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return {"csrfmiddlewaretoken": page.select_one("input[name=csrfmiddlewaretoken]")["value"]}

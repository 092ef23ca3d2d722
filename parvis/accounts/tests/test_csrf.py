"""Every form of the accounts pages refuses a POST without its CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

# Every address under /accounts/, with sample values for its parameters.
ENDPOINTS = [
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/signup/",
    "/accounts/inactive/",
    "/accounts/reauthenticate/",
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/MQ:1sample:key/",
    "/accounts/password/change/",
    "/accounts/password/set/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-set-password/",
    "/accounts/password/reset/key/done/",
    "/accounts/login/code/confirm/",
    "/accounts/profile/",
    "/accounts/delete/",
    "/accounts/deleted/",
    "/accounts/subscriptions/",
    "/accounts/subscriptions/follow/",
    "/accounts/subscriptions/unfollow/",
    "/accounts/subscriptions/preferences/",
    "/accounts/subscriptions/1/",
    "/accounts/subscriptions/1/stop/",
    "/accounts/oidc/logged-out/",
    "/accounts/oidc/franceconnect/login/",
    "/accounts/oidc/franceconnect/login/callback/",
    "/accounts/2fa/",
    "/accounts/2fa/authenticate/",
    "/accounts/2fa/reauthenticate/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/recovery-codes/download/",
    "/accounts/3rdparty/",
    "/accounts/3rdparty/signup/",
    "/accounts/3rdparty/login/cancelled/",
    "/accounts/3rdparty/login/error/",
]


def csrf_refusal() -> str:
    with translation.override("fr"):
        return escape(
            gettext(
                "The form had expired or came from another site. Go back, reload the page "
                "and send it again."
            )
        )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_a_post_without_csrf_token_is_refused(resident, path, signed_in):
    browser = Client(enforce_csrf_checks=True)
    if signed_in:
        browser.force_login(resident)

    response = browser.post(
        path,
        {
            "display_name": "Forged",
            "confirm": "on",
            "email": "forged@example.org",
            "login": resident.email,
        },
    )

    assert response.status_code == 403
    assert csrf_refusal() in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "Camille"
    assert (browser.session.get("_auth_user_id") is not None) == signed_in


@pytest.mark.django_db
def test_the_same_post_with_its_token_goes_through(resident):
    # The refusal above comes from the missing token, not from the form itself.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    browser.get("/accounts/profile/")
    token = browser.cookies["csrftoken"].value

    response = browser.post(
        "/accounts/profile/", {"display_name": "Camille M.", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Camille M."


def _account_url_names() -> set[str]:
    found: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            # Unnamed ones are allauth's old /accounts/social/… aliases of /3rdparty/.
            elif isinstance(pattern, URLPattern) and text.startswith("accounts/") and pattern.name:
                found.add(pattern.name)

    walk(get_resolver().url_patterns, "")
    return found


def test_the_list_covers_every_accounts_address():
    covered = {resolve(path).url_name for path in ENDPOINTS}

    assert _account_url_names() == covered

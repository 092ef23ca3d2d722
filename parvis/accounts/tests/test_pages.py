"""Every accounts page (allauth's and Parvis's) renders inside the site layout, cleanly.

Each page: the expected status, no variable missing from its template, the site's header and
footer around it, one `<h1>`, headings that do not skip a level, labelled fields, unique ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD, make_user, totp_code
from parvis.accounts.oidc.config import oidc_settings
from parvis.accounts.tests.markup import outline

Setup = Callable[[Client, Any], str]


def _resident(client: Client) -> Any:
    user = make_user("page.reader@example.org", display_name="Lecteur")
    client.force_login(user)
    return user


def _recently_signed_in(client: Client) -> Any:
    user = _resident(client)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return user


def _with_totp(client: Client) -> Any:
    user = _recently_signed_in(client)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    RecoveryCodes.activate(user)
    return user


def _without_password(client: Client) -> Any:
    # Someone who only ever signed in through the identity provider.
    user = _resident(client)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client.force_login(user)
    return user


def _with_social_account(client: Client) -> Any:
    user = _resident(client)
    SocialAccount.objects.create(user=user, provider="franceconnect", uid="fc-sub-1")
    return user


def _pending_confirmation(client: Client, mailbox: Any, run_tasks: Any) -> str:
    client.post(
        "/accounts/signup/",
        {"email": "pending@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    run_tasks()
    (message,) = mailbox.to("pending@example.org")
    return re.search(r"/accounts/confirm-email/[^/\s]+/", mailbox.text(message)).group(0)


def _confirmation_of_an_address_in_use(client: Client, mailbox: Any, run_tasks: Any) -> str:
    make_user("taken@example.org")
    other = make_user("other@example.org")
    claim = EmailAddress.objects.create(user=other, email="taken@example.org")
    return f"/accounts/confirm-email/{EmailConfirmationHMAC(claim).key}/"


def _reset_form(client: Client, mailbox: Any, run_tasks: Any) -> str:
    user = make_user("forgetful@example.org")
    client.post("/accounts/password/reset/", {"email": user.email})
    run_tasks()
    (message,) = mailbox.to(user.email)
    key_path = re.search(r"/accounts/password/reset/key/\S+/", mailbox.text(message)).group(0)
    return client.get(key_path)["Location"]


def _mfa_authenticate(client: Client) -> str:
    user = make_user("two.factor@example.org", totp=True)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    return "/accounts/2fa/authenticate/"


def _mfa_reauthenticate(client: Client) -> str:
    user = make_user("two.factor@example.org", totp=True)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    cache.clear()
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})
    return "/accounts/2fa/reauthenticate/"


# name: (setup, status). A setup prepares the client and returns the address to open.
PAGES: dict[str, tuple[Callable[..., str], int]] = {
    "login": (lambda c, m, r: "/accounts/login/", 200),
    "login-en": (lambda c, m, r: "/en/accounts/login/", 200),
    "signup": (lambda c, m, r: "/accounts/signup/", 200),
    "verification-sent": (lambda c, m, r: "/accounts/confirm-email/", 200),
    "confirm-email": (lambda c, m, r: _pending_confirmation(c, m, r), 200),
    "confirm-email-bad-key": (lambda c, m, r: "/accounts/confirm-email/bad-key/", 200),
    "confirm-email-in-use": (lambda c, m, r: _confirmation_of_an_address_in_use(c, m, r), 200),
    "password-reset": (lambda c, m, r: "/accounts/password/reset/", 200),
    "password-reset-done": (lambda c, m, r: "/accounts/password/reset/done/", 200),
    "password-reset-from-key": (lambda c, m, r: _reset_form(c, m, r), 200),
    "password-reset-bad-key": (lambda c, m, r: "/accounts/password/reset/key/1-bad/", 200),
    "password-reset-from-key-done": (lambda c, m, r: "/accounts/password/reset/key/done/", 200),
    "account-inactive": (lambda c, m, r: "/accounts/inactive/", 200),
    "logout": (lambda c, m, r: _resident(c) and "/accounts/logout/", 200),
    "email": (lambda c, m, r: _resident(c) and "/accounts/email/", 200),
    "password-change": (lambda c, m, r: _resident(c) and "/accounts/password/change/", 200),
    "password-set": (lambda c, m, r: _without_password(c) and "/accounts/password/set/", 200),
    "reauthenticate": (lambda c, m, r: _resident(c) and "/accounts/reauthenticate/", 200),
    "profile": (lambda c, m, r: _resident(c) and "/accounts/profile/", 200),
    "delete": (lambda c, m, r: _recently_signed_in(c) and "/accounts/delete/", 200),
    "deleted": (lambda c, m, r: "/accounts/deleted/", 200),
    "subscriptions": (lambda c, m, r: _resident(c) and "/accounts/subscriptions/", 200),
    "mfa-index": (lambda c, m, r: _resident(c) and "/accounts/2fa/", 200),
    "mfa-index-with-totp": (lambda c, m, r: _with_totp(c) and "/accounts/2fa/", 200),
    "mfa-activate": (
        lambda c, m, r: _recently_signed_in(c) and "/accounts/2fa/totp/activate/",
        200,
    ),
    "mfa-deactivate": (lambda c, m, r: _with_totp(c) and "/accounts/2fa/totp/deactivate/", 200),
    "mfa-recovery-codes": (lambda c, m, r: _with_totp(c) and "/accounts/2fa/recovery-codes/", 200),
    "mfa-recovery-codes-generate": (
        lambda c, m, r: _with_totp(c) and "/accounts/2fa/recovery-codes/generate/",
        200,
    ),
    "mfa-authenticate": (lambda c, m, r: _mfa_authenticate(c), 200),
    "mfa-reauthenticate": (lambda c, m, r: _mfa_reauthenticate(c), 200),
    "social-connections": (lambda c, m, r: _resident(c) and "/accounts/3rdparty/", 200),
    "social-connections-with-one": (
        lambda c, m, r: _with_social_account(c) and "/accounts/3rdparty/",
        200,
    ),
    "social-login-error": (lambda c, m, r: "/accounts/3rdparty/login/error/", 401),
    "social-login-cancelled": (lambda c, m, r: "/accounts/3rdparty/login/cancelled/", 200),
    "oidc-login-confirm": (lambda c, m, r: "/accounts/oidc/franceconnect/login/", 200),
    "oidc-callback-without-state": (
        lambda c, m, r: "/accounts/oidc/franceconnect/login/callback/",
        401,
    ),
    "oidc-logged-out": (lambda c, m, r: "/accounts/oidc/logged-out/", 200),
}


@pytest.fixture
def strict_templates(settings: Any) -> None:
    # A variable missing from a template shows up instead of vanishing silently.
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "string_if_invalid": "«MISSING %s»"},
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_renders_cleanly_in_the_site_layout(
    client, settings, mailbox, run_tasks, strict_templates, name
):
    settings.OIDC, settings.SOCIALACCOUNT_PROVIDERS = oidc_settings(
        issuer="https://fc.example", client_id="parvis", client_secret="secret"
    )
    setup, status = PAGES[name]
    url = setup(client, mailbox, run_tasks)

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == status, url
    # (The site's header fills the search box with `query|default:''`, which this
    # setting defeats: only the page's own content is checked.)
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "«MISSING" not in main, re.findall(r"«MISSING [^»]*»", main)
    page = outline(html)
    assert page.html_lang == ("en" if url.startswith("/en/") else "fr")
    assert page.main_count == 1
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert page.headings.count(1) == 1, page.headings
    assert page.heading_jumps() == []
    assert page.unlabelled_controls() == []
    assert page.duplicate_ids() == []

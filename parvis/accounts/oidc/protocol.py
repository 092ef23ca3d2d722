"""The checks and the logout that the FranceConnect profile adds to OpenID Connect."""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import urlencode

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.helpers import render_authentication_error
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from parvis.accounts.oidc.views import ID_TOKEN_SESSION_KEY, PROVIDER_SESSION_KEY, ParvisOIDCAdapter
from parvis.core.links import absolute_url

LOGOUT_STATE_SALT = "parvis.oidc.logout"
LOGOUT_STATE_MAX_AGE = 600


#: eIDAS levels of assurance, in order; FranceConnect states one of them in `acr`.
EIDAS_LEVELS = {"eidas1": 1, "eidas2": 2, "eidas3": 3}


def is_parvis_oidc(sociallogin: Any) -> bool:
    provider_id = settings.OIDC.get("provider_id", "")
    return provider_id != "" and sociallogin.account.provider == provider_id


def acr_satisfies(obtained: Any, requested: str) -> bool:
    """True when the level `obtained` (the ID token's `acr`) meets one of `requested`.

    `requested` is the space-separated `acr_values` sent. A stronger eIDAS level than asked
    meets the request (the provider states the level actually reached); anything else must
    be one of the values asked for. A token that states no level does not meet any.
    """
    if not isinstance(obtained, str) or not obtained:
        return False
    wanted = requested.split()
    if obtained in wanted:
        return True
    level = EIDAS_LEVELS.get(obtained)
    return level is not None and any(w in EIDAS_LEVELS and level >= EIDAS_LEVELS[w] for w in wanted)


def verify_id_token_claims(request: HttpRequest, sociallogin: Any) -> None:
    """Refuse the login unless the ID token carries our nonce and the level we asked for.

    allauth already checked the token's issuer, audience and expiry, and the `state` of the
    callback. Raises ImmediateHttpResponse with the sign-in error page.
    """
    claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
    expected_nonce = (sociallogin.state or {}).get("nonce")
    nonce = claims.get("nonce")
    if (
        not expected_nonce
        or not isinstance(nonce, str)
        or not hmac.compare_digest(nonce.encode(), expected_nonce.encode())
    ):
        _refuse(request, sociallogin, "nonce")
    wanted_acr = settings.OIDC["acr_values"]
    if wanted_acr and not acr_satisfies(claims.get("acr"), wanted_acr):
        _refuse(request, sociallogin, "acr")


def _refuse(request: HttpRequest, sociallogin: Any, reason: str) -> None:
    request.session.pop(ID_TOKEN_SESSION_KEY, None)
    request.session.pop(PROVIDER_SESSION_KEY, None)
    raise ImmediateHttpResponse(
        render_authentication_error(
            request,
            sociallogin.account.get_provider(),
            exception=PermissionError(f"ID token refused: {reason}"),
        )
    )


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send the browser to end its session at the provider, if it signed in there.

    Call before the local logout, which flushes the session holding the ID token.
    """
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    provider_id = request.session.get(PROVIDER_SESSION_KEY)
    if not id_token or not provider_id:
        return None
    try:
        endpoint = ParvisOIDCAdapter(request, provider_id).openid_config.get("end_session_endpoint")
    except Exception:
        # The provider is unreachable: logging out here must still work.
        return None
    if not endpoint:
        return None
    state = signing.dumps({"n": secrets.token_urlsafe(16)}, salt=LOGOUT_STATE_SALT)
    params = {
        "id_token_hint": id_token,
        "state": state,
        "post_logout_redirect_uri": post_logout_redirect_uri(),
    }
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"


def post_logout_redirect_uri() -> str:
    """The address registered at the provider for coming back after its logout.

    Built in the default language, as the provider accepts only the registered address.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("oidc_logged_out"))


def logout_state_is_valid(state: str | None) -> bool:
    if not state:
        return False
    try:
        signing.loads(state, salt=LOGOUT_STATE_SALT, max_age=LOGOUT_STATE_MAX_AGE)
    except signing.BadSignature:
        return False
    return True

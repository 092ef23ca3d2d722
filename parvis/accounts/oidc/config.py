"""The two settings that describe the OpenID Connect provider, built from one set of values.

`settings.OIDC` is what Parvis's own code reads (the level of assurance to check, whether a
login proves identity); `settings.SOCIALACCOUNT_PROVIDERS` is what allauth reads (where the
provider is, the client's credentials, the scopes and the fixed authorization parameters).
Both come from `oidc_settings()` so they cannot drift apart — in `settings.py`, which feeds it
environment variables, and in tests, which feed it a provider they started themselves.

This module imports nothing from Django's app registry: `settings.py` imports it.
"""

from __future__ import annotations

from typing import Any

#: The scopes FranceConnect expects, one per claim (`birthdate`: votes limited to an age range).
FRANCECONNECT_SCOPES = ("openid", "given_name", "family_name", "birthdate", "email")

#: The id under which the provider's app is known in URLs (/accounts/oidc/<id>/login/).
DEFAULT_PROVIDER_ID = "franceconnect"


def oidc_settings(
    *,
    issuer: str,
    client_id: str = "",
    client_secret: str = "",
    name: str = "FranceConnect",
    scopes: list[str] | tuple[str, ...] = FRANCECONNECT_SCOPES,
    acr_values: str = "eidas1",
    verifies_identity: bool = True,
    token_auth_method: str = "client_secret_post",  # noqa: S107 (a method's name)
    trust_email: bool = True,
    provider_id: str = DEFAULT_PROVIDER_ID,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return `(OIDC, SOCIALACCOUNT_PROVIDERS)`; both describe "no provider" when `issuer` is empty.

    Raises ValueError when an issuer is given without the client's id and secret.
    """
    issuer = issuer.rstrip("/")
    oidc = {
        "issuer": issuer,
        "name": name,
        "client_id": client_id,
        "client_secret": client_secret,
        "scopes": list(scopes),
        "acr_values": acr_values,
        "verifies_identity": verifies_identity,
        "provider_id": provider_id if issuer else "",
    }
    if not issuer:
        return oidc, {}
    if not (client_id and client_secret):
        raise ValueError("OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed.")
    providers = {
        "parvis_oidc": {
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name,
                    "client_id": client_id,
                    "secret": client_secret,
                    "settings": {
                        "server_url": issuer,
                        "scope": list(scopes),
                        # The level of assurance is the town's choice: the provider class
                        # ignores any `auth_params` a visitor adds to the login URL.
                        "auth_params": {"acr_values": acr_values} if acr_values else {},
                        "token_auth_method": token_auth_method,
                        # FranceConnect's e-mail comes from a State identity provider.
                        "trust_email": trust_email,
                    },
                }
            ]
        }
    }
    return oidc, providers

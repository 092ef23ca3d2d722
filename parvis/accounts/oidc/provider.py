from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest

from parvis.accounts.oidc.views import ParvisOIDCAdapter


class ParvisOIDCProvider(OpenIDConnectProvider):
    id = "parvis_oidc"
    name = "OpenID Connect"
    oauth2_adapter_class = ParvisOIDCAdapter

    def get_default_scope(self) -> list[str]:
        return ["openid", "email"]

    def get_auth_params_from_request(self, request: HttpRequest, action: Any) -> dict:
        # Unlike allauth's default, the browser may not add or override parameters:
        # `acr_values` (the level of assurance) is the town's choice, not the visitor's.
        return self.get_auth_params()

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        # Nor may it widen the scopes: the town declared to the provider what it asks for.
        return self.get_scope()

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> Any:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        # `nonce` also lands in the stashed state, read back by `verify_id_token_claims`.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def extract_email_addresses(self, data: dict) -> list[EmailAddress]:
        addresses = super().extract_email_addresses(data)
        if self.app.settings.get("trust_email", False):
            for address in addresses:
                address.verified = True
        return addresses


provider_classes = [ParvisOIDCProvider]

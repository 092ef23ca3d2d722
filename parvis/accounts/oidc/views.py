from __future__ import annotations

from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from parvis.core.links import absolute_url

#: The raw ID token of this session's provider login, needed to log out at the provider.
ID_TOKEN_SESSION_KEY = "parvis_oidc_id_token"  # noqa: S105 (a session key, not a secret)
#: Which configured provider that login came from.
PROVIDER_SESSION_KEY = "parvis_oidc_provider"


class ParvisOIDCAdapter(OpenIDConnectOAuth2Adapter):
    @property
    def openid_config(self) -> dict:
        # The discovery document changes rarely: keep it an hour rather than fetch it twice
        # for every sign-in.
        if not hasattr(self, "_openid_config"):
            provider = self.get_provider()
            key = f"parvis:oidc:config:{provider.server_url}"
            config = cache.get(key)
            if config is None:
                config = super().openid_config
                cache.set(key, config, 3600)
            self._openid_config = config
        return self._openid_config

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ):
        raw_id_token = kwargs["response"].get("id_token")
        if not raw_id_token:
            raise OAuth2Error("The provider returned no ID token.")
        login = super().complete_login(request, app, token, **kwargs)
        request.session[ID_TOKEN_SESSION_KEY] = raw_id_token
        request.session[PROVIDER_SESSION_KEY] = self.provider_id
        return login

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        # The provider only accepts the redirect URI registered with it, so the callback is
        # the same whatever the language of the page the visitor started from (/en/…).
        with translation.override(settings.LANGUAGE_CODE):
            callback_url = reverse("parvis_oidc_callback", kwargs={"provider_id": self.provider_id})
        # On SITE_URL, as every link that leaves the site: a request may name any host of
        # ALLOWED_HOSTS, and the provider accepts only the address registered with it.
        return absolute_url(callback_url)


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(ParvisOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(ParvisOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc

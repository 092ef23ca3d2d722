"""How allauth behaves in Parvis: mail through the queue, safe redirects, identity claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from parvis.accounts.services import identity_verified
from parvis.core.mail import email_enqueue
from parvis.core.ratelimit import client_ip
from parvis.core.town import current_town


def is_safe_redirect(request: HttpRequest, url: str | None) -> bool:
    """Only paths on this very site: no other host, no `//host`, no `javascript:`."""
    if not url:
        return False
    url = url.strip()
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@dataclass(frozen=True)
class MailSite:
    """What allauth's e-mail templates read of `current_site`."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def format_email_subject(self, subject: str) -> str:
        return f"[{current_town().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        town = current_town()
        context = {
            **context,
            "town": town,
            "site_url": settings.SITE_URL,
            # allauth's messages greet "from {current_site.name}" and sign with its domain;
            # without django.contrib.sites that name would be empty.
            "current_site": MailSite(name=town.name, domain=urlsplit(settings.SITE_URL).netloc),
        }
        message = self.render_mail(template_prefix, email, context)
        email_enqueue(message)

    def is_safe_url(self, url: str | None) -> bool:
        from allauth.core import context

        return is_safe_redirect(context.request, url)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address as Parvis's own rate limits, honouring TRUSTED_PROXY_COUNT:
        # behind a proxy, allauth alone would count every visitor as the proxy.
        return client_ip(request) or super().get_client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        # What the authenticator app lists the code under.
        return str(current_town().name)

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        # Staff need TOTP for the back office: they keep it while they hold a staff role
        # (an administrator resets it for them when a phone is lost).
        from allauth.mfa.models import Authenticator

        is_totp = authenticator.type == Authenticator.Type.TOTP
        return not (is_totp and authenticator.user.is_staff)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        from parvis.accounts.oidc.protocol import is_parvis_oidc, verify_id_token_claims

        if not is_parvis_oidc(sociallogin):
            return
        verify_id_token_claims(request, sociallogin)
        if not settings.OIDC["verifies_identity"]:
            return
        if sociallogin.is_existing:
            identity_verified(user=sociallogin.user)
        elif (
            sociallogin.state.get("process") == AuthProcess.CONNECT
            and request.user.is_authenticated
        ):
            # A signed-in resident connecting the identity to their account proved it too.
            identity_verified(user=request.user)

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        from parvis.accounts.oidc.protocol import is_parvis_oidc

        user = super().save_user(request, sociallogin, form)
        if is_parvis_oidc(sociallogin) and settings.OIDC["verifies_identity"]:
            identity_verified(user=user)
        return user

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict) -> Any:
        user = super().populate_user(request, sociallogin, data)
        if user.email:
            user.email = user.email.lower()
        return user

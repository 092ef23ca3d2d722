"""How allauth behaves in Parvis: mail through the queue, safe redirects, identity claims."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from parvis.accounts.services import identity_verified
from parvis.core.mail import email_enqueue
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


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def format_email_subject(self, subject: str) -> str:
        return f"[{current_town().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "town": current_town(), "site_url": settings.SITE_URL}
        message = self.render_mail(template_prefix, email, context)
        email_enqueue(message)

    def is_safe_url(self, url: str | None) -> bool:
        from allauth.core import context

        return is_safe_redirect(context.request, url)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        from parvis.accounts.oidc.protocol import is_parvis_oidc, verify_id_token_claims

        if is_parvis_oidc(sociallogin):
            verify_id_token_claims(request, sociallogin)
            if sociallogin.is_existing and settings.OIDC["verifies_identity"]:
                identity_verified(user=sociallogin.user)

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

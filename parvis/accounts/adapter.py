"""How allauth behaves in Parvis: mail through the queue with links on SITE_URL, confirmed
addresses only, safe redirects, identity claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from parvis.accounts.mfa import secret_decrypt, secret_encrypt
from parvis.accounts.services import (
    EmailInUseError,
    birth_date_from_claims,
    birth_date_update,
    email_confirmation_prepare,
    identity_verified,
)
from parvis.core.links import absolute_url, site_domain
from parvis.core.mail import email_enqueue
from parvis.core.ratelimit import client_ip
from parvis.core.town import current_town

if TYPE_CHECKING:
    from parvis.accounts.models import User


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


def login_attempts_key(login: str) -> str:
    """What failed sign-ins on one account are counted under (allauth's "login_failed"
    limit per key): the address typed, and nothing of the request. allauth prefixes the
    request's host, so each host name or port of ALLOWED_HOSTS gave a guesser five more
    tries at the same account."""
    return f"login:{login.strip().lower()}"


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
            # allauth's messages quote the address they go to ("an account using {email}
            # already exists"); its own send_mail, replaced here, used to give it.
            "email": email,
            **context,
            "town": town,
            # allauth's messages greet "from {current_site.name}" and sign with its domain;
            # without django.contrib.sites that name would be empty.
            "current_site": MailSite(name=town.name, domain=site_domain()),
        }
        if template_prefix == "account/email/unknown_account":
            # allauth builds this one link on the request's Host, with no hook to change it
            # (sent only if ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is turned back on).
            context["signup_url"] = absolute_url(reverse("account_signup"))
        message = self.render_mail(template_prefix, email, context)
        email_enqueue(message)

    # Links in e-mails are built on SITE_URL: allauth builds them on the request's Host, and
    # a request may name any host of ALLOWED_HOSTS, with any port.

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's own address pattern, the key (uid-token) in place of its two parts.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(
        self, request: HttpRequest | None, emailconfirmation: Any
    ) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": absolute_url(reverse("account_signup")),
            "password_reset_url": absolute_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def send_password_reset_mail(self, user: User, email: str, context: dict) -> None:
        """A reset link goes only to an address confirmed on `user`'s account.

        allauth also finds accounts by an address they added without confirming it: a
        stranger's address, typed there, would otherwise receive a link into the stranger's
        account. Nothing is sent, and the answer stays the same as for an unknown address.
        """
        from allauth.account.models import EmailAddress

        if EmailAddress.objects.filter(user=user, email=email.lower(), verified=True).exists():
            self.send_mail("account/email/password_reset_key", email, context)

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        """Confirm `email_address`, first dropping the other accounts' unconfirmed claims on
        the address (`services.email_confirmation_prepare`), all in one transaction.

        When the address belongs to another account, or another confirmation took it at the
        same instant, nothing changes and the person is told it is in use elsewhere.
        """
        try:
            with transaction.atomic():
                email_confirmation_prepare(email_address=email_address)
                return super().confirm_email(request, email_address)
        except (EmailInUseError, IntegrityError):
            self.add_message(
                request,
                messages.ERROR,
                "account/messages/email_confirmation_failed.txt",
                {"email": email_address.email},
            )
            return False

    def is_ajax(self, request: HttpRequest) -> bool:
        # The account pages answer in HTML only. allauth's JSON variant of them (asked for
        # with an Accept or X-Requested-With header) says more than the page: that of an
        # address confirmation names the account that asked for the address.
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        return login_attempts_key(credentials.get("email", credentials.get("username", "")) or "")

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

    def encrypt(self, text: str) -> str:
        # TOTP keys and recovery-code seeds are encrypted at rest (parvis.accounts.mfa):
        # a copy of the database alone does not give anyone's second factor.
        return secret_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return secret_decrypt(encrypted_text)


def _claims(sociallogin: Any) -> dict[str, Any]:
    """What the identity provider said of the person: its ID token and user info together."""
    extra = sociallogin.account.extra_data or {}
    claims: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        if isinstance(extra.get(part), dict):
            claims.update(extra[part])
    if not claims and isinstance(extra, dict):
        claims = dict(extra)
    return claims


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
            birth_date_update(user=sociallogin.user, claims=_claims(sociallogin))
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
        from parvis.accounts.oidc.protocol import is_parvis_oidc

        if is_parvis_oidc(sociallogin):
            user.birth_date = birth_date_from_claims(_claims(sociallogin))
        if user.email:
            user.email = user.email.lower()
        return user

"""Background work of accounts: password-reset e-mails, and retention of accounts as promised
on the personal-data page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation
from django_tasks import task

from parvis.accounts.selectors import never_used_accounts

UNVERIFIED_ACCOUNT_RETENTION = timedelta(days=30)


@task(queue_name="maintenance")
def purge_unverified_accounts() -> int:
    """Erase accounts whose owner never confirmed an address nor signed in, after 30 days.

    Accounts with a role or created by an identity provider are never purged here.
    """
    cutoff = timezone.now() - UNVERIFIED_ACCOUNT_RETENTION
    stale = never_used_accounts().filter(date_joined__lt=cutoff)
    deleted = 0
    for user in stale.iterator():
        user.delete()
        deleted += 1
    return deleted


@task(queue_name="mail")
def password_reset_send(*, email: str, language: str) -> None:
    """Write the reset link for `email`, in `language`, to each active account on which
    that address is confirmed.

    Every reset request queues this, whether or not the address has an account: the
    request does the same work either way and answers in the same time. The accounts are
    looked up here, as allauth would in the request (`AccountAdapter.send_password_reset_mail`
    then keeps only a confirmed address); the links are built on SITE_URL, as a worker has
    no request. An address without an account gets nothing, unless
    ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS asks to tell it so.
    """
    from allauth.account import app_settings
    from allauth.account.adapter import get_adapter
    from allauth.account.internal.flows.password_reset import request_password_reset
    from allauth.account.internal.userkit import filter_users_by_email

    with translation.override(language):
        users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
        if not users:
            if app_settings.EMAIL_UNKNOWN_ACCOUNTS:
                get_adapter().send_mail("account/email/unknown_account", email, {})
            return
        request_password_reset(None, email, users, None)

"""Retention of accounts, as promised on the personal-data page."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from parvis.accounts.models import User
from parvis.core.schedule import every

UNVERIFIED_ACCOUNT_RETENTION = timedelta(days=30)


@task(queue_name="maintenance")
def purge_unverified_accounts() -> int:
    """Erase accounts whose owner never confirmed an address nor signed in, after 30 days.

    Accounts with a role or created by an identity provider are never purged here.
    """
    cutoff = timezone.now() - UNVERIFIED_ACCOUNT_RETENTION
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = (
        User.objects.filter(date_joined__lt=cutoff, last_login__isnull=True)
        .filter(~Exists(verified))
        .filter(role_assignments__isnull=True, socialaccount__isnull=True)
    )
    deleted = 0
    for user in stale.iterator():
        user.delete()
        deleted += 1
    return deleted


every(timedelta(hours=6), purge_unverified_accounts)

"""Writes of the Open311 interface: its API keys. Reports are written by
`parvis.reports.services` only."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from parvis.core.audit import audit_record
from parvis.open311.models import ApiKey

if TYPE_CHECKING:
    from parvis.accounts.models import User


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_create(*, name: str, actor: User | None = None) -> tuple[ApiKey, str]:
    """A new active key for the application `name`, and the key itself (shown once)."""
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey.objects.create(name=name.strip(), key_hash=hash_key(raw), prefix=raw[:8])
        audit_record(actor=actor, action="open311.key_create", target=key)
    return key, raw


def api_key_use(raw: str) -> ApiKey | None:
    """The active key `raw` is, its use recorded; None for an unknown or inactive key."""
    if not raw:
        return None
    key = ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).first()
    if key is not None:
        key.last_used_at = timezone.now()
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=key.last_used_at)
    return key

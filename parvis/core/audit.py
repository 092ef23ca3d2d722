"""The audit trail: one row per civic act, written by the service that performs it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat

from parvis.core.models import AuditEntry

if TYPE_CHECKING:
    from parvis.accounts.models import User


def audit_record(
    *, actor: User | None, action: str, target: models.Model | None = None, data: dict | None = None
) -> AuditEntry:
    """Record that `actor` did `action` to `target`. Call it inside the act's transaction."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


def audit_targets_renamed(*, model: type[models.Model], ids: list[Any], name: str) -> int:
    """Name these objects of `model` in the trail by `name` (its "%(pk)s" replaced by each
    one's primary key) instead of the text they were recorded with: for contributions whose
    words are erased with their author's account. Returns the number of entries renamed.

    The entries stay, with who did what and when; only the words go.
    """
    before, __, after = name.partition("%(pk)s")
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(model), target_id__in=[str(i) for i in ids]
    ).update(target_repr=Concat(Value(before), F("target_id"), Value(after)))

"""Writes about tags. The back office edits tags through the admin; the demo town uses these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from parvis.core.audit import audit_record
from parvis.tags.models import Tag

if TYPE_CHECKING:
    from parvis.accounts.models import User


def tag_save(*, tag: Tag, actor: User | None) -> Tag:
    """Save a new or renamed tag. Audited."""
    created = tag.pk is None
    with transaction.atomic():
        tag.save()
        audit_record(actor=actor, action="tag.create" if created else "tag.update", target=tag)
    return tag

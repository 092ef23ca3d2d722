"""Writes about tags: the back office (`parvis.tags.admin`) and the demo town use these.

What carries a tag holds its name in its search document (an item is found by the names
of its tags), so renaming or deleting a tag indexes that content again, in the same
transaction, through the search mechanism's `dependents` (declared by each searchable type
that reads tags; this app names none of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from parvis.core.audit import audit_record
from parvis.search.indexing import dependent_documents, index_again, index_dependents
from parvis.tags.models import Tag

if TYPE_CHECKING:
    from parvis.accounts.models import User


def tag_save(*, tag: Tag, actor: User | None) -> Tag:
    """Save a new or changed tag. Audited: "tag.create", or "tag.update" with the former
    name and address when they changed.

    A changed tag's content is indexed again, so that search finds it by the tag's new name
    and no longer by the old one. The tag's row is locked while this happens, so two renames
    at once leave the index with the name that was saved last.
    """
    created = tag.pk is None
    with transaction.atomic():
        before = None
        if not created:
            before = (
                Tag.objects.select_for_update().filter(pk=tag.pk).values("name", "slug").first()
            )
        tag.save()
        changes = {
            field: before[field]
            for field in ("name", "slug")
            if before is not None and before[field] != getattr(tag, field)
        }
        audit_record(
            actor=actor,
            action="tag.create" if created else "tag.update",
            target=tag,
            data={"before": changes} if changes else None,
        )
        if not created:
            index_dependents(tag)
    return tag


def tag_delete(*, tag: Tag, actor: User | None) -> None:
    """Delete a tag; what carried it stays, without it. Audited (the entry keeps its name).

    The content that carried it is indexed again afterwards, in the same transaction, so that
    search no longer finds it by the deleted tag's name. Subscriptions to the tag are left
    to the notifications app, which ignores those naming a deleted object (as for a space).
    """
    with transaction.atomic():
        audit_record(actor=actor, action="tag.delete", target=tag)
        carrying = dependent_documents(tag)
        tag.delete()
        index_again(carrying)

"""Writes about spaces. The back office and the demo town both go through these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from parvis.core.audit import audit_record
from parvis.core.geo import area_bbox
from parvis.notifications.services import notify
from parvis.search.indexing import (
    index_again,
    index_object,
    index_space_contents,
    space_documents,
    unindex_object,
)
from parvis.spaces.models import MemberRole, Space, SpaceMembership, SpacePage

if TYPE_CHECKING:
    from parvis.accounts.models import User


def space_save(*, space: Space, actor: User | None) -> Space:
    """Save a new or changed space, keeping its bounding box in step with its boundary.

    The boundary must already be checked (`core.geo.parse_area`, done by every form).
    The space and everything filed under it are indexed again for search, in the same
    transaction (unpublishing a space hides its content from search).
    """
    if space.boundary:
        box = area_bbox(space.boundary)
        space.bbox_min_lat, space.bbox_min_lon = box.min_lat, box.min_lon
        space.bbox_max_lat, space.bbox_max_lon = box.max_lat, box.max_lon
    else:
        space.bbox_min_lat = space.bbox_min_lon = space.bbox_max_lat = space.bbox_max_lon = None
    created = space.pk is None
    with transaction.atomic():
        space.save()
        audit_record(
            actor=actor, action="space.create" if created else "space.update", target=space
        )
        index_object(space)
        if not created:
            index_space_contents(space)
    return space


def space_delete(*, space: Space, actor: User) -> None:
    """Delete a space with its pages and memberships. Audited (the entry keeps its name).

    Its search documents go with it; content that survives the space (kept town-wide) is
    indexed again, in the same transaction.
    """
    with transaction.atomic():
        audit_record(actor=actor, action="space.delete", target=space)
        filed_under = space_documents(space)
        unindex_object(space)
        space.delete()
        index_again(filed_under)


def space_page_save(*, page: SpacePage, actor: User | None) -> SpacePage:
    """Save a new or changed page and index it for search (removed when unpublished).

    The first time the page is saved published in a published space, the space's followers
    are notified, in this transaction (the notification's key makes later saves silent).
    """
    created = page.pk is None
    with transaction.atomic():
        page.save()
        audit_record(
            actor=actor, action="space_page.create" if created else "space_page.update", target=page
        )
        index_object(page)
        if page.is_published and page.space.is_published:
            notify(
                kind="spaces.page_published",
                obj=page,
                targets=[page.space],
                key=f"spaces.page:{page.pk}:published",
                actor=actor,
            )
    return page


def space_page_delete(*, page: SpacePage, actor: User) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="space_page.delete", target=page)
        unindex_object(page)
        page.delete()


def membership_add(
    *,
    space: Space,
    user: User,
    role: MemberRole,
    title: str = "",
    public_name: str = "",
    position: int = 0,
    actor: User | None,
) -> SpaceMembership:
    """Make `user` a member of `space` with `role` (idempotent). Audited when it adds one.

    An existing membership with the same role is returned unchanged; the unique constraint
    on (space, user, role) decides between two simultaneous calls.
    """
    with transaction.atomic():
        membership, created = SpaceMembership.objects.get_or_create(
            space=space,
            user=user,
            role=role,
            defaults={"title": title, "public_name": public_name, "position": position},
        )
        if created:
            _audit_membership(membership, action="space.member_add", actor=actor)
    return membership


def membership_save(*, membership: SpaceMembership, actor: User) -> SpaceMembership:
    """Save a membership built or changed by a form (the back office). Audited.

    The form has already refused a duplicate role; a duplicate slipping past it between
    the check and the save still hits the unique constraint, in this transaction.
    """
    created = membership.pk is None
    with transaction.atomic():
        membership.save()
        _audit_membership(
            membership, action="space.member_add" if created else "space.member_update", actor=actor
        )
    return membership


def membership_remove(*, membership: SpaceMembership, actor: User) -> None:
    with transaction.atomic():
        _audit_membership(membership, action="space.member_remove", actor=actor)
        membership.delete()


def _audit_membership(membership: SpaceMembership, *, action: str, actor: User | None) -> None:
    # The target is the space: the trail of a space tells who answered for it and when,
    # even after the membership row is gone.
    audit_record(
        actor=actor,
        action=action,
        target=membership.space,
        data={"user_id": membership.user_id, "role": str(membership.role)},
    )

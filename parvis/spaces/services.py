"""Writes about spaces. The back office and the demo town both go through these."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from parvis.core.audit import audit_record
from parvis.core.geo import area_bbox
from parvis.spaces.models import MemberRole, Space, SpaceMembership, SpacePage


def space_save(*, space: Space, actor: Any) -> Space:
    """Save a new or changed space, keeping its bounding box in step with its boundary.

    The boundary must already be checked (`core.geo.parse_area`, done by every form).
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
    return space


def space_page_save(*, page: SpacePage, actor: Any) -> SpacePage:
    created = page.pk is None
    with transaction.atomic():
        page.save()
        audit_record(
            actor=actor, action="space_page.create" if created else "space_page.update", target=page
        )
    return page


def membership_add(
    *, space: Space, user: Any, role: MemberRole, title: str = "", actor: Any
) -> SpaceMembership:
    """Make `user` a member of `space` with `role` (idempotent). Audited."""
    with transaction.atomic():
        membership, created = SpaceMembership.objects.get_or_create(
            space=space, user=user, role=role, defaults={"title": title}
        )
        if created:
            audit_record(
                actor=actor, action="space.member_add", target=space,
                data={"user_id": user.pk, "role": role},
            )  # fmt: skip
    return membership


def membership_remove(*, membership: SpaceMembership, actor: Any) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor, action="space.member_remove", target=membership.space,
            data={"user_id": membership.user_id, "role": membership.role},
        )  # fmt: skip
        membership.delete()

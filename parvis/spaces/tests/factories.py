"""Spaces, pages and memberships for tests, made through the services as staff would."""

from __future__ import annotations

from typing import Any

from parvis.spaces.models import MemberRole, Space, SpaceKind, SpaceMembership, SpacePage
from parvis.spaces.services import membership_add, space_page_save, space_save

CENTRE_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[1.68, 46.80], [1.70, 46.80], [1.70, 46.82], [1.68, 46.82], [1.68, 46.80]]],
}


def make_space(
    slug: str = "centre-ville",
    *,
    kind: SpaceKind = SpaceKind.NEIGHBOURHOOD,
    name: str | None = None,
    actor: Any = None,
    **fields: Any,
) -> Space:
    space = Space(kind=kind, slug=slug, name=name or slug.replace("-", " ").title(), **fields)
    return space_save(space=space, actor=actor)


def make_page(
    space: Space, slug: str = "history", *, actor: Any = None, **fields: Any
) -> SpacePage:
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("body", f"Text of {slug}.")
    return space_page_save(page=SpacePage(space=space, slug=slug, **fields), actor=actor)


def make_member(
    space: Space, user: Any, role: MemberRole = MemberRole.COUNCILLOR, **fields: Any
) -> SpaceMembership:
    return membership_add(space=space, user=user, role=role, actor=None, **fields)

"""Commented pages and comments for tests, made through the services as people would."""

from __future__ import annotations

from typing import Any

from parvis.comments.models import Comment
from parvis.comments.services import comment_create
from parvis.spaces.models import ModerationPolicy, SpaceKind, SpacePage
from parvis.spaces.tests.factories import make_page, make_space


def commented_page(
    slug: str = "centre-ville", *, policy: ModerationPolicy = ModerationPolicy.AFTER, **fields: Any
) -> SpacePage:
    """A published page of a published space whose comments follow `policy`."""
    kind = SpaceKind.COUNCIL if policy == ModerationPolicy.BEFORE else SpaceKind.NEIGHBOURHOOD
    space = make_space(slug, kind=kind, moderation_policy=policy)
    return make_page(space, "histoire", title="Histoire du quartier", **fields)


def make_comment(
    target: Any, author: Any, body: str = "Très bonne idée.", **kwargs: Any
) -> Comment:
    return comment_create(target=target, author=author, body=body, **kwargs)

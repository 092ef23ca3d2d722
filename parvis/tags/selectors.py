"""Reads about tags."""

from __future__ import annotations

from django.db.models import QuerySet

from parvis.tags.models import Tag


def tag_by_slug(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


def all_tags() -> QuerySet[Tag]:
    return Tag.objects.order_by("name")

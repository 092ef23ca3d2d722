"""Reads about spaces; each function bounds its number of queries whatever the data size."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from parvis.spaces.models import SPACE_KIND_PLURALS, Space, SpaceKind, SpaceMembership, SpacePage


def published_spaces() -> QuerySet[Space]:
    return Space.objects.filter(is_published=True)


def published_space_pages() -> QuerySet[SpacePage]:
    """Pages the public sees: published, in a published space."""
    return SpacePage.objects.filter(is_published=True, space__is_published=True)


def spaces_of_kind(kind: SpaceKind) -> QuerySet[Space]:
    """For lists: only what a card shows (`spaces/_space_cards.html`) is read; reading the
    other columns into each space cost a quarter of `spaces_by_kind()`'s time."""
    return (
        published_spaces()
        .filter(kind=kind)
        .only("kind", "slug", "name", "summary")
        .order_by("name", "id")
    )


def spaces_by_kind(*, per_kind: int = 12) -> list[dict]:
    """[{kind, title, spaces, count}] for every kind that has spaces.

    One query for the counts, then one per kind present: at most five, whatever the number
    of spaces. (Each of those reads twelve rows along an index; one query ranking every space
    by kind with a window function, measured, cost more than the five together.)
    """
    counts = dict(published_spaces().order_by().values_list("kind").annotate(n=Count("id")))
    return [
        {
            "kind": kind,
            "title": SPACE_KIND_PLURALS[kind],
            "spaces": list(spaces_of_kind(kind)[:per_kind]),
            "count": counts[kind],
        }
        for kind in SpaceKind
        if counts.get(kind)
    ]


def space_for_page(*, slug: str, members: bool = True, pages: bool = True) -> Space | None:
    """The published space with its public members (`members`) and its published pages
    (`pages`, as `published_pages`), in one query and one more for each: only the columns
    the space's page and its pages' menu show (a page's text is not among them)."""
    prefetches: list[Prefetch[Any, Any, Any]] = []
    if members:
        prefetches.append(
            Prefetch(
                "memberships",
                queryset=SpaceMembership.objects.select_related("user")
                .only("space", "role", "title", "public_name", "position", "user__display_name")
                .order_by("position", "id"),
            )
        )
    if pages:
        prefetches.append(
            Prefetch(
                "pages",
                queryset=SpacePage.objects.filter(is_published=True)
                .only("space", "slug", "title", "position")
                .order_by("position", "title", "id"),
                to_attr="published_pages",
            )
        )
    spaces = published_spaces().filter(slug=slug).prefetch_related(*prefetches)
    return next(iter(spaces[:1]), None)


def space_page(*, space: Space, page_slug: str) -> SpacePage | None:
    """The published page at `page_slug` of `space` (a published space, already read)."""
    return next(
        iter(SpacePage.objects.filter(space=space, slug=page_slug, is_published=True)[:1]), None
    )

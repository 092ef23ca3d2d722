"""Reads about spaces; each function bounds its number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from parvis.core.geo import areas_covering
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


def space_for_page(*, slug: str) -> Space | None:
    """The published space with its public members and published pages, in three queries."""
    return (
        published_spaces()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=SpaceMembership.objects.select_related("user").order_by("position", "id"),
            ),
            Prefetch(
                "pages",
                queryset=SpacePage.objects.filter(is_published=True).order_by(
                    "position", "title", "id"
                ),
                to_attr="published_pages",
            ),
        )
        .filter(slug=slug)
        .first()
    )


def space_page(*, space: Space, page_slug: str) -> SpacePage | None:
    return published_space_pages().filter(space=space, slug=page_slug).first()


def spaces_at(
    points: Iterable[tuple[float, float]], *, kind: SpaceKind = SpaceKind.NEIGHBOURHOOD
) -> list[Space | None]:
    """The published space of `kind` that holds each (lat, lon) point, or None: one query
    whatever the number of points and of spaces.

    The query keeps the spaces whose bounding box (indexed columns) meets the points' own
    box; only those few are tested exactly, point in polygon (`core.geo.areas_covering`).
    A point on a border belongs to both sides; it is then given to the space created first
    (smallest id), so the answer is the same on every call. A point in a hole of a space is
    outside it.
    """
    coordinates = list(points)
    if not coordinates:
        return []
    lats = [lat for lat, _lon in coordinates]
    lons = [lon for _lat, lon in coordinates]
    candidates = list(
        published_spaces()
        .filter(
            kind=kind,
            bbox_min_lat__lte=max(lats),
            bbox_max_lat__gte=min(lats),
            bbox_min_lon__lte=max(lons),
            bbox_max_lon__gte=min(lons),
        )
        .only("kind", "slug", "name", "boundary")
        .order_by("id")
    )
    covering = areas_covering(
        ((space, space.boundary) for space in candidates if space.boundary), coordinates
    )
    return [spaces[0] if spaces else None for spaces in covering]


def space_at(*, lat: float, lon: float, kind: SpaceKind = SpaceKind.NEIGHBOURHOOD) -> Space | None:
    """The published space of `kind` holding the point (see `spaces_at`), or None."""
    return spaces_at([(lat, lon)], kind=kind)[0]

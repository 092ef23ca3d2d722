"""Reads about spaces; each function bounds its number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from shapely.geometry.base import BaseGeometry

from parvis.core.geo import areas_covering, prepared_area
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


#: Prepared boundaries by the version of a space's boundary (`_version`): a boundary is
#: parsed once per process, not at every lookup. Bounded: emptied when it holds this many.
_BOUNDARIES: dict[tuple, BaseGeometry] = {}
_BOUNDARIES_KEPT = 2_000
_VERSION_FIELDS = (
    "pk",
    "updated_at",
    "bbox_min_lat",
    "bbox_min_lon",
    "bbox_max_lat",
    "bbox_max_lon",
)


def _version(space: Space) -> tuple:
    """What changes when a space's boundary does: its last change, and its box (which tells
    two boundaries apart even when two saves share a moment, as under a frozen clock)."""
    return tuple(getattr(space, name) for name in _VERSION_FIELDS)


def _boundaries(spaces: list[Space]) -> list[tuple[Space, BaseGeometry]]:
    """Each space's prepared boundary; those not yet kept are read in one query."""
    missing = {_version(space) for space in spaces} - _BOUNDARIES.keys()
    if missing:
        if len(_BOUNDARIES) + len(missing) > _BOUNDARIES_KEPT:
            _BOUNDARIES.clear()
        for *version, boundary in Space.objects.filter(
            pk__in=[version[0] for version in missing]
        ).values_list(*_VERSION_FIELDS, "boundary"):
            if boundary:
                _BOUNDARIES[tuple(version)] = prepared_area(boundary)
    return [
        (space, _BOUNDARIES[_version(space)]) for space in spaces if _version(space) in _BOUNDARIES
    ]


def spaces_at(
    points: Iterable[tuple[float, float]], *, kind: SpaceKind = SpaceKind.NEIGHBOURHOOD
) -> list[Space | None]:
    """The published space of `kind` that holds each (lat, lon) point, or None: one query
    whatever the number of points and of spaces (and one more the first time a process
    meets a space's boundary, or after it changed).

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
        .only("kind", "slug", "name", *_VERSION_FIELDS[1:])
        .order_by("id")
    )
    covering = areas_covering(_boundaries(candidates), coordinates)
    return [spaces[0] if spaces else None for spaces in covering]


def space_at(*, lat: float, lon: float, kind: SpaceKind = SpaceKind.NEIGHBOURHOOD) -> Space | None:
    """The published space of `kind` holding the point (see `spaces_at`), or None."""
    return spaces_at([(lat, lon)], kind=kind)[0]

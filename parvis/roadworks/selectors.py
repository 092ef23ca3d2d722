"""Reads about roadworks: the public lists (current and upcoming, with filters), one works'
page, the works near a point (a bounded query, sorted by distance), a space's works, and the
watched areas a works' place lies in. Each list reads a fixed number of queries."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shapely
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from parvis.core.dates import local_midnight
from parvis.notifications.models import Subscription
from parvis.roadworks.models import Impact, ImpactKind, WatchedArea, Works
from parvis.spaces.models import Space
from parvis.spaces.selectors import published_spaces

if TYPE_CHECKING:
    from parvis.accounts.models import User

#: Metres per degree of latitude (and of longitude at the equator; times cos(latitude)).
METRES_PER_DEGREE = 111_320.0
#: The most works "near me" considers (their boxes meet the circle's), and the most it lists.
NEAR_CANDIDATES = 500
NEAR_LIMIT = 50


class Period:
    CURRENT = "current"
    UPCOMING = "upcoming"
    PAST = "past"


def today() -> datetime.date:
    return timezone.localdate()


def public_works() -> QuerySet[Works]:
    return Works.objects.filter(is_published=True)


def searchable_works() -> QuerySet[Works]:
    """What the search indexes: the published works, with what their documents read."""
    return _with_impacts(public_works())


def _not_ended(day: datetime.date) -> Q:
    return Q(ends_on__isnull=True) | Q(ends_on__gte=day)


def _with_impacts(works: QuerySet[Works]) -> QuerySet[Works]:
    return works.select_related("space").prefetch_related(
        Prefetch("impacts", queryset=Impact.objects.order_by("position", "id"))
    )


def works_list(
    *,
    space: Space | None = None,
    impact: str = "",
    period: str = "",
    day: datetime.date | None = None,
) -> QuerySet[Works]:
    """Public works with their space and impacts (two queries a page): by default those
    going on or to come, soonest first; `period` narrows to current, upcoming, or past
    (most recent first)."""
    day = day or today()
    works = public_works()
    if period == Period.CURRENT:
        works = works.filter(_not_ended(day), starts_on__lte=day)
    elif period == Period.UPCOMING:
        works = works.filter(starts_on__gt=day)
    elif period == Period.PAST:
        works = works.filter(ends_on__lt=day)
    else:
        works = works.filter(_not_ended(day))
    if space is not None:
        works = works.filter(space=space)
    if impact:
        works = works.filter(Exists(Impact.objects.filter(works=OuterRef("pk"), kind=impact)))
    order = ["-ends_on", "-id"] if period == Period.PAST else ["starts_on", "id"]
    return _with_impacts(works).order_by(*order)


def map_works() -> QuerySet[Works]:
    """What the map shows: the public works going on or to come."""
    return public_works().filter(_not_ended(today())).order_by("starts_on", "id")


def works_for_page(*, slug: str) -> Works | None:
    return _with_impacts(public_works()).filter(slug=slug).first()


def works_of_space(space: Space, *, limit: int = 10) -> list[Works]:
    """A space's works going on or to come (its page's section): two queries."""
    return list(
        _with_impacts(public_works().filter(space=space).filter(_not_ended(today())))[:limit]
    )


def filter_spaces() -> list[Space]:
    """The spaces that have public works (the list's filter): one query."""
    return list(
        published_spaces()
        .filter(Exists(public_works().filter(space=OuterRef("pk"))))
        .only("slug", "name", "kind")
        .order_by("name")
    )


def impact_kinds() -> list[ImpactKind]:
    return list(ImpactKind)


# --- distances ---------------------------------------------------------------------------------


def local_plane(lat0: float, lon0: float) -> Any:
    """A function turning a shapely geometry in degrees into metres around (lat0, lon0)
    (equirectangular: exact enough across a town)."""
    x_scale = METRES_PER_DEGREE * math.cos(math.radians(lat0))

    def to_metres(geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(
            geometry,
            lambda xy: [
                ((lon - lon0) * x_scale, (lat - lat0) * METRES_PER_DEGREE) for lon, lat in xy
            ],
        )

    return to_metres


def circle_box(*, lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) of a box holding the circle."""
    dlat = radius_m / METRES_PER_DEGREE * 1.01
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


@dataclass(frozen=True)
class Near:
    works: Works
    distance_m: int


def works_near(
    *, lat: float, lon: float, radius_m: float, day: datetime.date | None = None
) -> list[Near]:
    """The public works going on or to come whose place comes within `radius_m` metres of
    the point, nearest first (two queries: the works whose box meets the circle's, at most
    NEAR_CANDIDATES, and their impacts; the exact distance to the point or line in Python)."""
    min_lat, min_lon, max_lat, max_lon = circle_box(lat=lat, lon=lon, radius_m=radius_m)
    candidates = list(
        _with_impacts(
            public_works()
            .filter(_not_ended(day or today()))
            .filter(
                bbox_min_lat__lte=max_lat,
                bbox_max_lat__gte=min_lat,
                bbox_min_lon__lte=max_lon,
                bbox_max_lon__gte=min_lon,
            )
        ).order_by("starts_on", "id")[:NEAR_CANDIDATES]
    )
    to_metres = local_plane(lat, lon)
    here = Point(0, 0)
    near = []
    for works in candidates:
        distance = to_metres(shape(works.geometry)).distance(here)
        if distance <= radius_m:
            near.append(Near(works=works, distance_m=round(distance)))
    near.sort(key=lambda item: (item.distance_m, item.works.starts_on, item.works.pk))
    return near[:NEAR_LIMIT]


# --- watched areas ---------------------------------------------------------------------------------


def watched_areas_of(*, user: User) -> list[WatchedArea]:
    """The person's watched areas still followed (an e-mail's unsubscribe link may have
    stopped one: it is then left out), oldest first; one query."""
    from django.contrib.contenttypes.models import ContentType

    followed = Subscription.objects.filter(
        user=user,
        topic="",
        target_type=ContentType.objects.get_for_model(WatchedArea),
        target_id=OuterRef("pk"),
    )
    return list(
        WatchedArea.objects.filter(user=user).filter(Exists(followed)).order_by("created_at", "id")
    )


def areas_matching(works: Works) -> list[WatchedArea]:
    """The watched areas the works' place meets: those whose box meets the works' box (an
    indexed range query), then the exact test with shapely — the place within the circle's
    radius, or meeting the neighbourhood's boundary."""
    candidates = (
        WatchedArea.objects.filter(
            bbox_min_lat__lte=works.bbox_max_lat,
            bbox_max_lat__gte=works.bbox_min_lat,
            bbox_min_lon__lte=works.bbox_max_lon,
            bbox_max_lon__gte=works.bbox_min_lon,
        )
        .only("id", "space_id", "lat", "lon", "radius_m")
        .order_by("id")
    )
    place = shape(works.geometry)
    areas = list(candidates)
    boundaries = {
        pk: shape(boundary)
        for pk, boundary in Space.objects.filter(
            pk__in={area.space_id for area in areas if area.space_id is not None}
        ).values_list("pk", "boundary")
        if boundary
    }
    found: list[WatchedArea] = []
    # A neighbourhood's boundary is tested once, however many watch it.
    meets = {pk: outline.intersects(place) for pk, outline in boundaries.items()}
    found += [area for area in areas if area.space_id is not None and meets.get(area.space_id)]
    circles = [area for area in areas if area.space_id is None]
    if circles:
        # Every circle at once: centres and place in metres around the works' anchor.
        to_metres = local_plane(works.lat, works.lon)
        centres = to_metres(shapely.points([(area.lon, area.lat) for area in circles]))
        distances = shapely.distance(to_metres(place), centres)
        found += [
            area
            for area, distance in zip(circles, distances, strict=True)
            if distance <= (area.radius_m or 0)
        ]
    found.sort(key=lambda area: area.pk)
    return found


def due_for_announcement(*, day: datetime.date, limit: int = 200) -> list[int]:
    """Ids of the public works whose start has come and that were not announced yet."""
    return list(
        public_works()
        .filter(announced_at__isnull=True, starts_on__lte=day)
        .order_by("starts_on", "id")
        .values_list("id", flat=True)[:limit]
    )


def next_date_change(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next moment a public works changes lists by the clock alone (it starts: from
    upcoming to current; it ends: off the lists), for the page cache. Two indexed queries."""
    day = timezone.localdate(now or timezone.now())
    starts = (
        public_works()
        .filter(starts_on__gt=day)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    ends = (
        public_works()
        .filter(ends_on__gte=day)
        .order_by("ends_on")
        .values_list("ends_on", flat=True)
        .first()
    )
    moments = []
    if starts is not None:
        moments.append(local_midnight(starts))
    if ends is not None:
        moments.append(local_midnight(ends + datetime.timedelta(days=1)))
    return min(moments, default=None)

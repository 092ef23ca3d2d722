"""Reads about reports: the public lists, one report's page, and the open reports near a point."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from shapely.geometry import Point

from parvis.core.geo import prepared_area
from parvis.moderation.models import ModerationStatus
from parvis.reports.models import (
    PUBLIC_STATUSES,
    STILL_OPEN,
    Category,
    Report,
    ReportStatus,
    StatusChange,
)
from parvis.spaces.selectors import space_at

#: Metres per degree of latitude (mean); a degree of longitude is this times cos(latitude).
METRES_PER_DEGREE = 111_320.0
EARTH_RADIUS_M = 6_371_008.8
DUPLICATE_RADIUS_M = 50.0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def in_town(*, lat: float, lon: float) -> bool:
    """Whether the point is in the town: inside one of its published neighbourhoods (the
    town's area is the union of their boundaries; `spaces.selectors.space_at`)."""
    return space_at(lat=lat, lon=lon) is not None


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def public_reports() -> QuerySet[Report]:
    """Confirmed and not hidden by a moderator: every public use starts here."""
    return Report.objects.filter(
        status__in=PUBLIC_STATUSES, moderation_status=ModerationStatus.VISIBLE
    )


def map_reports() -> QuerySet[Report]:
    """The public reports the map shows (`title` reads the category), newest first."""
    return public_reports().select_related("category").order_by("-created_at", "-id")


def space_reports(*, space: Any, limit: int = 5) -> list[Report]:
    """The latest public reports inside `space`'s boundary: those in its bounding box (the
    index on (lat, lon)), newest first, tested against the boundary in Python; two queries
    at most (a second, wider, when too many of the first lie outside)."""
    if space.bbox_min_lat is None or not space.boundary:
        return []
    in_box = map_reports().filter(
        lat__gte=space.bbox_min_lat,
        lat__lte=space.bbox_max_lat,
        lon__gte=space.bbox_min_lon,
        lon__lte=space.bbox_max_lon,
    )
    shape = prepared_area(space.boundary)
    found: list[Report] = []
    for batch in (limit * 4, limit * 40):
        rows = list(in_box[:batch])
        found = [r for r in rows if shape.contains(Point(r.lon, r.lat))][:limit]
        if len(found) == limit or len(rows) < batch:
            break
    return found


def dataset_rows() -> Iterator[dict[str, Any]]:
    """The public reports as open data: no author, no e-mail, nothing a moderator hid."""
    rows = map_reports().values_list(
        "reference", "category__name", "status", "lat", "lon", "address_text",
        "description", "created_at", "updated_at",
    )  # fmt: skip
    for ref, category, status, lat, lon, address, text, created, updated in rows.iterator(
        chunk_size=2000
    ):
        yield {
            "reference": ref,
            "category": category,
            "status": status,
            "latitude": lat,
            "longitude": lon,
            "address": address,
            "description": text,
            "created_at": created.isoformat(),
            "updated_at": updated.isoformat(),
        }


def report_list(*, category: Category | None = None, status: str = "") -> QuerySet[Report]:
    """The public reports, newest first, with what their cards show: one query per page."""
    reports = public_reports().select_related("category").annotate(me_too_count=Count("me_toos"))
    if category is not None:
        reports = reports.filter(category=category)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-created_at", "-id")


def report_for_page(*, reference: str) -> Report | None:
    """A public report with its category, author, history (and who wrote each step), photos
    and me-too count; a fixed number of queries."""
    return (
        public_reports()
        .select_related("category", "author", "duplicate_of")
        .prefetch_related(
            Prefetch("changes", queryset=StatusChange.objects.select_related("actor")),
            "photos",
        )
        .annotate(me_too_count=Count("me_toos", distinct=True))
        .filter(reference=reference)
        .first()
    )


def possible_duplicates(
    *, category: Category, lat: float, lon: float, radius_m: float = DUPLICATE_RADIUS_M
) -> list[Report]:
    """The reports of `category`, still open, within `radius_m` metres of the point, nearest
    first: one query whatever the number of reports (an indexed bounding box, slightly
    larger than the circle, then the exact distance in Python on those few)."""
    dlat = radius_m / METRES_PER_DEGREE * 1.01
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    candidates = Report.objects.filter(
        category=category,
        status__in=STILL_OPEN,
        lat__gte=lat - dlat,
        lat__lte=lat + dlat,
        lon__gte=lon - dlon,
        lon__lte=lon + dlon,
    ).annotate(me_too_count=Count("me_toos"))
    near = [
        (distance_m(lat, lon, report.lat, report.lon), report.pk, report) for report in candidates
    ]
    return [report for distance, _pk, report in sorted(near) if distance <= radius_m]


def unconfirmed_with_token(token: str) -> QuerySet[Report]:
    return Report.objects.filter(status=ReportStatus.UNCONFIRMED, confirmation_token=token)

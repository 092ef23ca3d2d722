"""Reads about reports: the public lists, one report's page, and the open reports near a point."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from shapely.geometry import Point

from parvis.core.geo import box_around, distance_m, prepared_area
from parvis.moderation.models import ModerationStatus
from parvis.reports.models import (
    PUBLIC_STATUSES,
    STILL_OPEN,
    Category,
    MeToo,
    Report,
    ReportStatus,
    StatusChange,
)
from parvis.spaces.selectors import space_at

#: Only confirmed me-toos count (those asked by e-mail wait for their link).
_COUNTED = Q(me_toos__confirmed_at__isnull=False)
COUNTED_ME_TOOS = Count("me_toos", filter=_COUNTED)

DUPLICATE_RADIUS_M = 50.0


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
    reports = public_reports().select_related("category").annotate(me_too_count=COUNTED_ME_TOOS)
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
        .annotate(me_too_count=Count("me_toos", distinct=True, filter=_COUNTED))
        .filter(reference=reference)
        .first()
    )


def possible_duplicates(
    *, category: Category, lat: float, lon: float, radius_m: float = DUPLICATE_RADIUS_M
) -> list[Report]:
    """The reports of `category`, still open, within `radius_m` metres of the point, nearest
    first: one query whatever the number of reports (an indexed bounding box, slightly
    larger than the circle, then the exact distance in Python on those few)."""
    box = box_around(lat=lat, lon=lon, radius_m=radius_m)
    candidates = Report.objects.filter(
        category=category,
        status__in=STILL_OPEN,
        lat__gte=box.min_lat,
        lat__lte=box.max_lat,
        lon__gte=box.min_lon,
        lon__lte=box.max_lon,
    ).annotate(me_too_count=COUNTED_ME_TOOS)
    near = [
        (distance_m(lat, lon, report.lat, report.lon), report.pk, report) for report in candidates
    ]
    return [report for distance, _pk, report in sorted(near) if distance <= radius_m]


def me_toos_to_email(report: Report) -> QuerySet[MeToo]:
    """The confirmed me-toos without an account of `report` that still want its news."""
    return MeToo.objects.filter(
        report=report, user__isnull=True, confirmed_at__isnull=False, wants_emails=True
    ).order_by("id")


def unconfirmed_me_too(token: str) -> QuerySet[MeToo]:
    return MeToo.objects.filter(confirmed_at__isnull=True, user__isnull=True, token=token)


def confirmed_me_too(token: str) -> QuerySet[MeToo]:
    return MeToo.objects.filter(confirmed_at__isnull=False, user__isnull=True, token=token)


def unconfirmed_with_token(token: str) -> QuerySet[Report]:
    return Report.objects.filter(status=ReportStatus.UNCONFIRMED, confirmation_token=token)

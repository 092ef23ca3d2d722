"""Reads about reports: the public lists, one report's page, and the open reports near a point."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from parvis.core.geo import box_around, distance_m
from parvis.reports.models import (
    PUBLIC_STATUSES,
    STILL_OPEN,
    Category,
    Report,
    ReportStatus,
    StatusChange,
)
from parvis.spaces.selectors import space_at

DUPLICATE_RADIUS_M = 50.0


def in_town(*, lat: float, lon: float) -> bool:
    """Whether the point is in the town: inside one of its published neighbourhoods (the
    town's area is the union of their boundaries; `spaces.selectors.space_at`)."""
    return space_at(lat=lat, lon=lon) is not None


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def public_reports() -> QuerySet[Report]:
    return Report.objects.filter(status__in=PUBLIC_STATUSES)


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
    box = box_around(lat=lat, lon=lon, radius_m=radius_m)
    candidates = Report.objects.filter(
        category=category,
        status__in=STILL_OPEN,
        lat__gte=box.min_lat,
        lat__lte=box.max_lat,
        lon__gte=box.min_lon,
        lon__lte=box.max_lon,
    ).annotate(me_too_count=Count("me_toos"))
    near = [
        (distance_m(lat, lon, report.lat, report.lon), report.pk, report) for report in candidates
    ]
    return [report for distance, _pk, report in sorted(near) if distance <= radius_m]


def unconfirmed_with_token(token: str) -> QuerySet[Report]:
    return Report.objects.filter(status=ReportStatus.UNCONFIRMED, confirmation_token=token)

"""Reads of the Open311 interface, built on `parvis.reports.selectors.public_reports` (an
unconfirmed report never appears) and the categories reports offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from parvis.reports import selectors as report_selectors
from parvis.reports.models import STILL_OPEN, Category, Report, StatusChange

#: Open311's two statuses, each the Parvis statuses it stands for.
OPEN311_STATUSES: dict[str, list[str]] = {
    "open": [str(s) for s in STILL_OPEN],
    "closed": [str(s) for s in report_selectors.PUBLIC_STATUSES if s not in STILL_OPEN],
}
#: At most this many requests in one answer (the specification's bound).
PAGE_SIZE = 1000


def open311_status(status: str) -> str:
    return "open" if status in STILL_OPEN else "closed"


def services() -> QuerySet[Category]:
    return report_selectors.active_categories().order_by("name", "id")


def service(code: str) -> Category | None:
    return report_selectors.active_categories().filter(slug=code).first()


@dataclass(frozen=True)
class RequestFilter:
    references: tuple[str, ...] = ()
    #: The categories of the service codes asked for (their ids: no join).
    category_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


def _with_details(reports: QuerySet[Report]) -> QuerySet[Report]:
    """What an Open311 request shows: its category, last public message and first photo
    (three queries whatever the number of reports)."""
    return reports.select_related("category").prefetch_related(
        Prefetch("changes", queryset=StatusChange.objects.order_by("created_at", "id")),
        "photos",
    )


def requests(wanted: RequestFilter, *, page: int = 1) -> list[Report]:
    """The public reports `wanted` asks for, newest first (ties by id: the same order on
    every call), at most PAGE_SIZE from page `page`, plus one more when a next page exists."""
    reports = report_selectors.public_reports()
    if wanted.references:
        reports = reports.filter(reference__in=wanted.references)
    else:
        if wanted.category_ids:
            reports = reports.filter(category_id__in=wanted.category_ids)
        if wanted.statuses:
            parvis_statuses = [s for name in wanted.statuses for s in OPEN311_STATUSES[name]]
            reports = reports.filter(status__in=parvis_statuses)
        if wanted.start is not None:
            reports = reports.filter(created_at__gte=wanted.start)
        if wanted.end is not None:
            reports = reports.filter(created_at__lte=wanted.end)
    start = (page - 1) * PAGE_SIZE
    ordered = reports.order_by("-created_at", "-id")[start : start + PAGE_SIZE + 1]
    return list(_with_details(ordered))


def request(reference: str) -> Report | None:
    return _with_details(report_selectors.public_reports().filter(reference=reference)).first()


def report_by_pk(pk: int) -> Report | None:
    """Any report, confirmed or not (a token's answer says only whether it is public)."""
    return Report.objects.filter(pk=pk).only("pk", "reference", "status").first()

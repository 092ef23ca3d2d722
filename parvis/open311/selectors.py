"""Reads of the Open311 interface, built on `parvis.reports.selectors.public_reports` (an
unconfirmed report never appears) and the categories reports offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from parvis.reports import selectors as report_selectors
from parvis.reports.models import STILL_OPEN, Category, Report, ReportPhoto, StatusChange

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


#: The columns of a report an Open311 request shows (never its author nor its e-mail).
FIELDS = (
    "pk",
    "reference",
    "status",
    "category_id",
    "description",
    "created_at",
    "updated_at",
    "address_text",
    "lat",
    "lon",
)


def _with_details(rows: list[dict[str, Any]], chosen: QuerySet[Report]) -> list[dict[str, Any]]:
    """`rows` (a report's FIELDS) with what an Open311 request shows beyond them: its
    category, last public message (`status_notes`) and first photo (`first_photo`, or
    None). Three queries whatever their number, read as plain values: model instances and
    prefetches cost a second for a thousand reports, the queries a few milliseconds. The
    reports are named by `chosen`, the query that chose them, as a subquery: a thousand
    ids as parameters took longer to bind than the query to run."""
    ids = chosen.values("pk")
    categories = {
        category.pk: category
        for category in Category.objects.filter(pk__in={row["category_id"] for row in rows})
    }
    notes: dict[int, str] = {}
    for report_id, message in (
        StatusChange.objects.filter(report_id__in=ids)
        .order_by("report_id", "created_at", "id")
        .values_list("report_id", "message")
    ):
        notes[report_id] = message  # the last one stays
    photos: dict[int, ReportPhoto] = {}
    for photo in ReportPhoto.objects.filter(report_id__in=ids).order_by(
        "report_id", "-position", "-id"
    ):
        photos[photo.report_id] = photo  # the first one stays
    for row in rows:
        row["category"] = categories[row["category_id"]]
        row["status_notes"] = notes.get(row["pk"], "")
        row["first_photo"] = photos.get(row["pk"])
    return rows


def requests(wanted: RequestFilter, *, page: int = 1) -> list[dict[str, Any]]:
    """The public reports `wanted` asks for, newest first (ties by id: the same order on
    every call), at most PAGE_SIZE from page `page`, plus one more when a next page exists;
    each a dict of FIELDS and details (`_with_details`)."""
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
    ordered = reports.order_by("-created_at", "-id").values(*FIELDS)
    chosen = ordered[start : start + PAGE_SIZE + 1]
    rows = list(chosen)
    return _with_details(rows, chosen) if rows else []


def request(reference: str) -> dict[str, Any] | None:
    found = report_selectors.public_reports().filter(reference=reference).values(*FIELDS)
    rows = list(found)
    return _with_details(rows, found)[0] if rows else None


def report_by_pk(pk: int) -> Report | None:
    """Any report, confirmed or not (a token's answer says only whether it is public)."""
    return Report.objects.filter(pk=pk).only("pk", "reference", "status").first()

"""Reads of the Open311 interface, built on `parvis.reports.selectors.public_reports` (an
unconfirmed report never appears) and the categories reports offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, Func, QuerySet
from django.db.models.expressions import RawSQL

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


class EpochSeconds(Func):
    """A moment as whole seconds since 1970 (UTC), computed by the database. A thousand
    dates read this way cost nothing, where Django's loader of PostgreSQL's `timestamptz`
    (written in Python) took a fifth of a thousand-request answer's time."""

    output_field = BigIntegerField()
    template = "CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS bigint)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Django keeps SQLite's dates as text, "2026-07-14 08:30:05.700000"; SQLite would
        # round the fraction (to milliseconds, so 59.9999 to the next minute): cut it first.
        return self.as_sql(
            compiler,
            connection,
            template="CAST(strftime('%%%%s', substr(%(expressions)s, 1, 19)) AS INTEGER)",
        )


#: The columns of a report an Open311 request shows (never its author nor its e-mail), its
#: two dates as seconds (`created`, `updated`).
FIELDS = (
    "pk",
    "reference",
    "status",
    "category_id",
    "description",
    "created",
    "updated",
    "address_text",
    "lat",
    "lon",
)


def _with_seconds(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.annotate(created=EpochSeconds("created_at"), updated=EpochSeconds("updated_at"))


def _among(ids: list[int]) -> Any:
    """What `report_id__in` takes to name these reports. On PostgreSQL, one text parameter
    made an array by the database: a thousand ids as a thousand parameters (or as a list
    that psycopg quotes one by one) take longer to bind than the query takes to run, and
    naming them by the list's own query runs that query again."""
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT unnest(string_to_array(%s, ',')::bigint[])", (",".join(map(str, ids)),)
        )
    return ids


def _rows(chosen: QuerySet[Report, dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of `chosen` (FIELDS, as plain values: model instances and prefetches cost a
    second for a thousand reports), each with its `category`, last public message
    (`status_notes`) and first photo's file (`photo`): three queries whatever their
    number."""
    rows = list(chosen)
    if not rows:
        return rows
    ids = _among([row["pk"] for row in rows])
    categories = Category.objects.in_bulk({row["category_id"] for row in rows})
    notes = dict(
        StatusChange.objects.filter(report_id__in=ids)
        .order_by("report_id", "created_at", "id")
        .values_list("report_id", "message")
    )  # the last one of each report stays
    photos = dict(
        ReportPhoto.objects.filter(report_id__in=ids)
        .order_by("report_id", "-position", "-id")
        .values_list("report_id", "image")
    )  # the first one stays
    for row in rows:
        row["category"] = categories[row["category_id"]]
        row["status_notes"] = notes.get(row["pk"], "")
        row["photo"] = photos.get(row["pk"], "")
    return rows


def requests(wanted: RequestFilter, *, page: int = 1) -> list[dict[str, Any]]:
    """The public reports `wanted` asks for, newest first (ties by id: the same order on
    every call), at most PAGE_SIZE from page `page`, plus one more when a next page exists;
    each a dict of FIELDS and its `category`."""
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
    ordered = _with_seconds(reports).order_by("-created_at", "-id").values(*FIELDS)
    return _rows(ordered[start : start + PAGE_SIZE + 1])


def request(reference: str) -> dict[str, Any] | None:
    found = report_selectors.public_reports().filter(reference=reference)
    rows = _rows(_with_seconds(found).values(*FIELDS))
    return rows[0] if rows else None


def photo_url(name: str) -> str:
    """The address of a report's photo from its file's name (as `ReportPhoto.image.url`)."""
    return ReportPhoto._meta.get_field("image").storage.url(name)


def report_by_pk(pk: int) -> Report | None:
    """Any report, confirmed or not (a token's answer says only whether it is public)."""
    return Report.objects.filter(pk=pk).only("pk", "reference", "status").first()

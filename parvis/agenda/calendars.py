"""The spans of the calendar pages (a day, an ISO week, a month) in the town's time zone, which
spans a visitor may ask for, and the occurrences of a span sorted into its days.

A day begins at its local midnight (`core.dates.local_midnight`): a day of a daylight-saving
change lasts 23 or 25 hours, and an occurrence belongs to every day it meets.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from parvis.agenda.models import HORIZON_DAYS, Occurrence
from parvis.core.dates import local_midnight

#: How far back the calendar pages go.
PAST_YEARS = 10


@dataclass
class Day:
    date: datetime.date
    occurrences: list[Occurrence] = field(default_factory=list)
    #: Occurrences starting this day that a bounded page leaves to the day's own page.
    more: int = 0


def earliest_day(today: datetime.date) -> datetime.date:
    return datetime.date(today.year - PAST_YEARS, today.month, 1)


def latest_day(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=HORIZON_DAYS)


def is_shown(first: datetime.date, last: datetime.date, today: datetime.date) -> bool:
    """Whether a span of days [first, last] meets [today - 10 years, today + horizon]: the
    calendar pages answer 404 beyond."""
    return last >= earliest_day(today) and first <= latest_day(today)


def month_days(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a month; ValueError for no such month."""
    first = datetime.date(year, month, 1)
    return first, first.replace(day=calendar.monthrange(year, month)[1])


def week_days(year: int, week: int) -> tuple[datetime.date, datetime.date]:
    """The Monday and Sunday of an ISO week; ValueError for no such week."""
    monday = datetime.date.fromisocalendar(year, week, 1)
    return monday, monday + datetime.timedelta(days=6)


def span(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware moments [first's midnight, the midnight after last)."""
    return local_midnight(first), local_midnight(last + datetime.timedelta(days=1))


def _local_days(occurrence: Occurrence) -> tuple[datetime.date, datetime.date]:
    first = timezone.localtime(occurrence.starts_at).date()
    end = timezone.localtime(occurrence.ends_at)
    last = end.date()
    # Ending at midnight (an all-day event, an evening until 00:00): the day before is the last.
    if end.time() == datetime.time(0) and last > first:
        last -= datetime.timedelta(days=1)
    return first, last


def sort_into_days(
    occurrences: list[Occurrence], first: datetime.date, last: datetime.date
) -> list[Day]:
    """Every day of [first, last], each with the occurrences meeting it, in order."""
    days = [Day(first + datetime.timedelta(days=n)) for n in range((last - first).days + 1)]
    shown: dict[int, int] = {}
    for occurrence in occurrences:
        start, end = _local_days(occurrence)
        total = getattr(occurrence, "day_total", None)
        if total is not None and 0 <= (start - first).days < len(days):
            index = (start - first).days
            shown[index] = shown.get(index, 0) + 1
            days[index].more = total - shown[index]
        for n in range(max((start - first).days, 0), min((end - first).days, len(days) - 1) + 1):
            days[n].occurrences.append(occurrence)
    return days


def month_weeks(days: list[Day]) -> list[list[Day | None]]:
    """A month's days as the rows of a calendar table, Monday first; None pads the first and
    last rows."""
    cells: list[Day | None] = [None] * days[0].date.weekday() + list(days)
    cells += [None] * (-len(cells) % 7)
    return [cells[n : n + 7] for n in range(0, len(cells), 7)]

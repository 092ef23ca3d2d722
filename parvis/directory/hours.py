"""Opening hours in the OpenStreetMap `opening_hours` syntax ("Mo-Fr 08:30-12:00,13:30-17:00;
Sa 09:00-12:00"), read by `opening-hours-py` and evaluated in the town's time zone: whether a
place is open at a moment, when that changes, and its hours day by day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TOWN_ZONE = ZoneInfo("Europe/Paris")
MAX_LENGTH = 255


@lru_cache(maxsize=1024)
def parse(text: str) -> opening_hours.OpeningHours | None:
    """The parsed expression (kept: the demo's many places share few), or None when empty
    or not in the syntax."""
    if not text.strip():
        return None
    try:
        return opening_hours.OpeningHours(text, timezone=TOWN_ZONE)
    except (opening_hours.ParserError, SyntaxError, ValueError):  # type: ignore[attr-defined]
        return None


def validate_opening_hours(value: str) -> None:
    if value.strip() and parse(value) is None:
        raise ValidationError(
            _(
                "These hours are not in the OpenStreetMap syntax. Write for example "
                "“%(example)s” or “%(always)s”."
            )
            % {"example": "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00", "always": "24/7"},
            code="opening_hours",
        )


def _local(moment: datetime) -> datetime:
    return moment.astimezone(TOWN_ZONE)


@dataclass(frozen=True)
class State:
    #: True open, False closed, None unknown (no hours given, or "unknown" in them).
    is_open: bool | None
    #: When that changes (None: not within a year, or unknown).
    until: datetime | None


def state_at(text: str, moment: datetime) -> State:
    parsed = parse(text)
    if parsed is None:
        return State(None, None)
    local = _local(moment)
    if parsed.is_unknown(local):
        return State(None, parsed.next_change(local))
    return State(parsed.is_open(local), parsed.next_change(local))


def is_open(text: str, moment: datetime) -> bool:
    parsed = parse(text)
    return parsed is not None and parsed.is_open(_local(moment))


@dataclass(frozen=True)
class Day:
    day: date
    #: The opening spans of the day, as local times (an end at midnight is shown 24:00).
    spans: list[tuple[time, time | None]]


def week(text: str, moment: datetime) -> list[Day]:
    """The seven days from `moment`'s day on, with their opening spans."""
    parsed = parse(text)
    start = datetime.combine(_local(moment).date(), time(0), tzinfo=TOWN_ZONE)
    days = [Day(day=(start + timedelta(days=n)).date(), spans=[]) for n in range(7)]
    if parsed is None:
        return days
    end = start + timedelta(days=7)
    by_day = {d.day: d for d in days}
    for begin, finish, state, _comment in parsed.intervals(start, end):
        if state != opening_hours.State.OPEN:
            continue
        begin, finish = _local(begin), _local(finish or end)
        while begin < finish:
            midnight = datetime.combine(begin.date() + timedelta(days=1), time(0), tzinfo=TOWN_ZONE)
            stop = min(finish, midnight)
            if begin.date() in by_day:
                by_day[begin.date()].spans.append(
                    (begin.time(), None if stop == midnight else stop.time())
                )
            begin = stop
    return days


def earliest_change(texts: list[str], moment: datetime) -> datetime | None:
    """The first moment any of these hours changes state after `moment`."""
    changes = [state_at(text, moment).until for text in set(texts)]
    return min((c for c in changes if c is not None), default=None)

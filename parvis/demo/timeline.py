"""When the demo town's news went out: in office hours, town time, and in the right season.

`stories` and `bulletins` give each item a `Moment`: roughly how many days before the first
build it went out, at what time of day, and, when its text speaks of a time of year (a
September programme, a cold-weather plan), the days of the year it belongs to. The build
turns it into a date once, when it creates the item; later runs never move it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

#: A year without 29 February, to turn "so many days before 5 September" into a (month, day).
_REFERENCE_YEAR = 2001
#: How far a seasonal item may move from its rough date to land in its season.
_SEARCH_DAYS = 400
#: Published news spread over this many days before the first build (about 18 months: each
#: season comes at least once).
HISTORY_DAYS = 540
#: The newest item went out at least this long before the build: its comments, written
#: later, are already past their edit window.
_FRESHEST = timedelta(hours=1)
#: `date.weekday()` of the day the town hall publishes nothing.
SUNDAY = 6


@dataclass(frozen=True)
class Season:
    """The days of the year from `start` to `end` ((month, day), inclusive); may span 1 January."""

    start: tuple[int, int]
    end: tuple[int, int]

    def contains(self, day: date) -> bool:
        key = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end


def _add_days(month_day: tuple[int, int], days: int) -> tuple[int, int]:
    moved = date(_REFERENCE_YEAR, *month_day) + timedelta(days=days)
    return moved.month, moved.day


#: Seasons the demo's texts speak of.
SCHOOL_YEAR = Season((9, 2), (6, 30))
WINTER_PLANTING = Season((11, 5), (3, 15))


@dataclass(frozen=True)
class Moment:
    #: Roughly how many days before the build it went out (negative: it will, after it).
    days_ago: float
    #: The time of day, in minutes after midnight, town time.
    clock: int
    season: Season | None = None


def office_clock(rng: random.Random) -> int:
    """A time of day at which a town hall publishes: mostly office hours, a few evenings."""
    if rng.random() < 0.88:
        return rng.randint(8 * 60 + 15, 18 * 60)
    return rng.randint(18 * 60, 21 * 60)


def moment_date(moment: Moment, *, now: datetime) -> datetime:
    """The aware date of `moment` for a build at `now`: on the day `moment.days_ago` says (or
    the nearest day of its season), at its clock time in the town's time zone; an item that
    went out is dated within `HISTORY_DAYS` before `now`, one to come after it."""
    zone = timezone.get_default_timezone()
    today = timezone.localtime(now, zone).date()
    oldest = today - timedelta(days=HISTORY_DAYS)
    rough = today - timedelta(days=round(moment.days_ago))
    for day in _days_nearest(rough, season=moment.season):
        when = timezone.make_aware(
            datetime.combine(day, time(moment.clock // 60, moment.clock % 60)), zone
        )
        if moment.days_ago <= 0:
            if when > now:
                return when
        elif oldest <= day and when < now - _FRESHEST:
            return when
    raise ValueError(f"No day of {moment.season} around {rough}")  # a season of no day


def _days_nearest(rough: date, *, season: Season | None) -> Iterator[date]:
    """Days from `rough` outwards (rough, the day before, the day after, …) in `season`,
    but no Sunday: the town hall publishes nothing then."""
    for distance in range(_SEARCH_DAYS):
        for day in {rough - timedelta(days=distance): None, rough + timedelta(days=distance): None}:
            if day.weekday() != SUNDAY and (season is None or season.contains(day)):
                yield day


def before(event: Season, first: int, last: int) -> Season:
    """From `first` to `last` days before `event` begins."""
    return Season(_add_days(event.start, -first), _add_days(event.start, -last))


def after(event: Season, first: int, last: int) -> Season:
    """From `first` to `last` days after `event` ends."""
    return Season(_add_days(event.end, first), _add_days(event.end, last))

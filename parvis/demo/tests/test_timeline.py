"""When the demo's items go out: office hours in the town's time, in their season."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from parvis.demo.timeline import Moment, Season, after, before, moment_date

#: A Friday morning in December: 11 h in Paris.
NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def test_an_item_goes_out_on_its_day_at_its_time_in_paris():
    # 9 h 30 in Paris in winter is 8 h 30 UTC; in summer, 7 h 30.
    assert moment_date(Moment(3.4, 9 * 60 + 30), now=NOW) == datetime(
        2026, 12, 1, 8, 30, tzinfo=UTC
    )
    assert moment_date(Moment(150, 9 * 60 + 30), now=NOW) == datetime(2026, 7, 7, 7, 30, tzinfo=UTC)


def test_an_item_of_today_goes_out_before_now_and_one_to_come_after_it():
    # At 11 h, an item of today at 20 h went out yesterday evening; and one at 10 h 30 too:
    # the newest went out at least an hour ago.
    assert moment_date(Moment(0.2, 20 * 60), now=NOW) == datetime(2026, 12, 3, 19, 0, tzinfo=UTC)
    assert moment_date(Moment(0.2, 9 * 60), now=NOW) == datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    assert moment_date(Moment(0.2, 10 * 60 + 30), now=NOW) == datetime(
        2026, 12, 3, 9, 30, tzinfo=UTC
    )
    # Scheduled in three days at 9 h; or tomorrow, when "today" at 9 h has passed.
    assert moment_date(Moment(-3, 9 * 60), now=NOW) == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert moment_date(Moment(-0.2, 9 * 60), now=NOW) == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


def test_nothing_goes_out_on_a_sunday():
    # Sunday 29 November: the Saturday before is as near as the Monday after, and comes first.
    assert moment_date(Moment(5, 9 * 60), now=NOW) == datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    # Scheduled for Sunday 6 December: Saturday.
    assert moment_date(Moment(-2, 9 * 60), now=NOW) == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


def test_an_item_of_a_season_goes_out_on_the_nearest_day_of_it_already_past():
    september = Season((9, 1), (9, 30))

    # Rough date in early December: the nearest September day is 30 September.
    assert moment_date(Moment(3, 10 * 60, september), now=NOW) == datetime(
        2026, 9, 30, 8, 0, tzinfo=UTC
    )
    # Rough date 1 August: 1 September is nearer than the September before.
    assert moment_date(Moment(125, 10 * 60, september), now=NOW) == datetime(
        2026, 9, 1, 8, 0, tzinfo=UTC
    )
    # Never before the demo's history: the nearest March of 2025 is too old, 2026's is taken
    # (from Monday 2 March: 1 March is a Sunday).
    march = Season((3, 1), (3, 31))
    assert moment_date(Moment(535, 10 * 60, march), now=NOW) == datetime(
        2026, 3, 2, 9, 0, tzinfo=UTC
    )
    # A season not reached yet this year: last year's (31 May 2026 is a Sunday).
    spring = Season((3, 1), (5, 31))
    assert moment_date(Moment(1, 10 * 60, spring), now=NOW) == datetime(
        2026, 5, 30, 8, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2026, 12, 31), True),
        (date(2027, 1, 15), True),
        (date(2026, 11, 19), False),
        (date(2027, 2, 21), False),
    ],
)
def test_a_season_may_span_the_new_year(day, inside):
    assert Season((11, 20), (2, 20)).contains(day) is inside


def test_days_before_and_after_an_event():
    braderie = Season((9, 12), (9, 14))

    assert before(braderie, 14, 1) == Season((8, 29), (9, 11))
    assert after(braderie, 1, 10) == Season((9, 15), (9, 24))

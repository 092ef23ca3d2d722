"""Opening hours read in the OpenStreetMap syntax and evaluated in Paris time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from parvis.directory import hours
from parvis.directory.tests.factories import HOURS

# Friday 4 December 2026, 10:00 in Paris (UTC+1).
FRIDAY_10 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_open_on_a_friday_morning_until_noon_paris_time():
    state = hours.state_at(HOURS, FRIDAY_10)
    assert state.is_open is True
    assert state.until == datetime(2026, 12, 4, 11, 0, tzinfo=UTC)


def test_closed_at_lunch_then_opens_at_half_past_one():
    state = hours.state_at(HOURS, datetime(2026, 12, 4, 11, 30, tzinfo=UTC))
    assert state.is_open is False
    assert state.until == datetime(2026, 12, 4, 12, 30, tzinfo=UTC)


def test_no_hours_is_unknown():
    assert hours.state_at("", FRIDAY_10) == hours.State(None, None)


def test_the_week_from_today():
    week = hours.week(HOURS, FRIDAY_10)
    assert [d.day for d in week][:3] == [date(2026, 12, 4), date(2026, 12, 5), date(2026, 12, 6)]
    assert week[0].spans == [(time(8, 30), time(12, 0)), (time(13, 30), time(17, 0))]
    assert week[1].spans == [(time(9, 0), time(12, 0))]
    assert week[2].spans == []


@pytest.mark.parametrize("text", ["Mo-Xx 08:00-12:00", "tous les jours", "Mo 25:00-26:00"])
def test_a_string_outside_the_syntax_is_refused_with_an_example(text):
    with pytest.raises(ValidationError) as error:
        hours.validate_opening_hours(text)
    assert "Mo-Fr 08:30-12:00" in error.value.messages[0]


def test_the_earliest_change_of_several():
    assert hours.earliest_change([HOURS, "24/7"], FRIDAY_10) == datetime(
        2026, 12, 4, 11, 0, tzinfo=UTC
    )

"""Recurrence rules (RFC 5545 RRULE) and the dates they leave out (EXDATE), checked and
expanded in the town's time zone.

A rule repeats the first occurrence's *local* time: a market every Saturday at 8:00 stays at
8:00 on both sides of a daylight-saving change. So rules are expanded on naive local times,
each of which is then made aware in TIME_ZONE.

- `check_rule(text)`: the rule as stored (upper case, parts in a stable order), or a
  ValidationError in words a town's staff understand.
- `parse_exdates(text)`: the days left out, one per line (ISO dates, or date and time).
- `occurrences(...)`: the (start, end) of each occurrence up to a moment, at most a number.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: The frequencies the agenda accepts: an event repeats at most once a day.
FREQUENCIES = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
#: The parts of a rule the agenda accepts, in the order it writes them.
PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYMONTH",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
    "WKST",
)
MAX_RULE_LENGTH = 300
MAX_EXDATES = 500


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_rrule")


def check_rule(text: str) -> str:
    """The rule, normalised ("freq=weekly;byday=sa" → "FREQ=WEEKLY;BYDAY=SA"), or a
    ValidationError saying what is wrong. An empty text is no rule (""), an event held once."""
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        return ""
    if len(text) > MAX_RULE_LENGTH:
        raise _invalid(_("This rule is too long."))
    parts: dict[str, str] = {}
    for piece in text.upper().split(";"):
        name, sep, value = piece.strip().partition("=")
        if not sep or not value:
            raise _invalid(
                _("“%(part)s” is not a part of a rule: write NAME=VALUE, such as FREQ=WEEKLY.")
                % {"part": piece.strip()[:40]}
            )
        if name not in PARTS:
            raise _invalid(_("The agenda does not know the part %(name)s.") % {"name": name[:40]})
        if name in parts:
            raise _invalid(_("%(name)s is given twice.") % {"name": name})
        parts[name] = value
    if "FREQ" not in parts:
        raise _invalid(_("Say how often the event repeats, such as FREQ=WEEKLY."))
    if parts["FREQ"] not in FREQUENCIES:
        raise _invalid(
            _("An event repeats every day at most: use DAILY, WEEKLY, MONTHLY or YEARLY.")
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise _invalid(_("Give either COUNT or UNTIL, not both."))
    if "UNTIL" in parts:
        parts["UNTIL"] = _until(parts["UNTIL"])
    normalised = ";".join(f"{name}={parts[name]}" for name in PARTS if name in parts)
    _check_possible(parts)
    # Checked on ten years from a fixed start, bounded by UNTIL: dateutil searches a rule
    # that never matches (February 30th) until the year 9999 otherwise.
    probe = {name: value for name, value in parts.items() if name not in ("COUNT", "UNTIL")}
    probe["UNTIL"] = "20100101T000000"
    try:
        rule = rrulestr(
            ";".join(f"{name}={value}" for name, value in probe.items()),
            dtstart=datetime.datetime(2000, 1, 1),
            ignoretz=True,
        )
        first = next(iter(rule), None)
    except (ValueError, TypeError, OverflowError, IndexError):
        raise _invalid(
            _("This rule cannot be read: check its values, such as BYDAY=SA or BYMONTHDAY=15.")
        ) from None
    if first is None:
        raise _invalid(_("This rule never happens."))
    return normalised


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _numbers(value: str, name: str) -> list[int]:
    try:
        return [int(piece) for piece in value.split(",")]
    except ValueError:
        raise _invalid(_("%(name)s takes numbers, separated by commas.") % {"name": name}) from None


def _check_possible(parts: dict[str, str]) -> None:
    """Refuses at once the rules that can never match (the 31st of April): dateutil would
    otherwise search for one until the year 9999, seconds of work for nothing."""
    months = _numbers(parts["BYMONTH"], "BYMONTH") if "BYMONTH" in parts else range(1, 13)
    if any(not 1 <= month <= 12 for month in months):
        raise _invalid(_("BYMONTH takes months from 1 to 12."))
    if "BYMONTHDAY" in parts:
        days = _numbers(parts["BYMONTHDAY"], "BYMONTHDAY")
        if any(day == 0 or abs(day) > 31 for day in days):
            raise _invalid(_("BYMONTHDAY takes days from 1 to 31 (or -1 for the last)."))
        longest = max(_MONTH_DAYS[month - 1] for month in months)
        if all(abs(day) > longest for day in days):
            raise _invalid(_("This rule never happens."))
    if "BYSETPOS" in parts and any(
        position == 0 or abs(position) > 31 for position in _numbers(parts["BYSETPOS"], "BYSETPOS")
    ):
        raise _invalid(_("BYSETPOS takes positions from 1 to 31 (or -1 for the last)."))
    for day in parts.get("BYDAY", "").split(","):
        ordinal = day.strip()[:-2]
        numbered = ordinal not in ("", "+", "-") and ordinal.lstrip("+-").isdigit()
        if numbered and (int(ordinal) == 0 or abs(int(ordinal)) > 5):
            raise _invalid(_("BYDAY takes the first to fifth weekday of a month (1MO to 5MO)."))


def _until(value: str) -> str:
    """UNTIL as a local naive date-time (a UTC time, "…Z", converted to the town's time)."""
    try:
        if len(value) == 8:
            day = datetime.datetime.strptime(value, "%Y%m%d")
            return day.replace(hour=23, minute=59, second=59).strftime("%Y%m%dT%H%M%S")
        if value.endswith("Z"):
            moment = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.UTC
            )
            return timezone.localtime(moment).replace(tzinfo=None).strftime("%Y%m%dT%H%M%S")
        datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
        return value
    except ValueError:
        raise _invalid(_("UNTIL must be a date, such as UNTIL=20270630.")) from None


def parse_exdates(text: str) -> list[datetime.date | datetime.datetime]:
    """The days (or local start times) left out, one per line; ValidationError naming the
    first line that is neither."""
    found: list[datetime.date | datetime.datetime] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            if len(line) == 10:
                found.append(datetime.date.fromisoformat(line))
            else:
                moment = datetime.datetime.fromisoformat(line)
                if moment.tzinfo is not None:
                    moment = timezone.localtime(moment).replace(tzinfo=None)
                found.append(moment)
        except ValueError:
            raise ValidationError(
                _("Line %(number)s is not a date such as 2027-05-01.") % {"number": number},
                code="invalid_exdate",
            ) from None
        if len(found) > MAX_EXDATES:
            raise ValidationError(
                _("At most %(count)s dates can be left out.") % {"count": MAX_EXDATES},
                code="too_many_exdates",
            )
    return found


def exdates_text(values: list[datetime.date | datetime.datetime]) -> str:
    return "\n".join(value.isoformat() for value in values)


def _left_out(start: datetime.datetime, excluded: set) -> bool:
    return start.date() in excluded or start in excluded


def occurrences(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    rule: str,
    exdates: str,
    until: datetime.datetime,
    limit: int,
) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
    """Each occurrence's aware (start, end), in order, starting before `until`, at most
    `limit` of them. Without a rule, the event itself."""
    if not rule:
        if starts_at < until:
            yield starts_at, ends_at
        return
    local_start = timezone.localtime(starts_at).replace(tzinfo=None)
    duration = ends_at - starts_at
    local_until = timezone.localtime(until).replace(tzinfo=None)
    excluded = set(parse_exdates(exdates))
    expanded = rrulestr(rule, dtstart=local_start, ignoretz=True)
    if "COUNT=" not in rule:
        # Bounded by the moment asked for, so that the search stops there.
        bound = expanded._until
        expanded = expanded.replace(until=local_until if bound is None else min(bound, local_until))
    count = 0
    for start in expanded:
        if start >= local_until or count >= limit:
            return
        if _left_out(start, excluded):
            continue
        aware = timezone.make_aware(start)
        yield aware, aware + duration
        count += 1


def is_endless(rule: str) -> bool:
    return bool(rule) and "COUNT=" not in rule and "UNTIL=" not in rule

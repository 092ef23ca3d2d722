"""How the agenda says when something happens, in the visitor's language and the town's time:
`{{ occurrence|when }}` (a whole sentence), `{{ occurrence|hours_on:day }}` (within a day of a
calendar), `{{ event|rule_in_words }}` (a recurrence said simply, or nothing)."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.core.templatetags.parvis import content_lang

register = template.Library()


def _day(moment: datetime.datetime | datetime.date) -> str:
    return date_format(moment, "l j F Y")


@functools.lru_cache(maxsize=4096)
def _time_of_day(hour: int, minute: int, language: str) -> str:
    # Called with `language` active: the key says which language the words are in.
    return time_format(datetime.time(hour, minute), "TIME_FORMAT")


def _time(moment: datetime.datetime) -> str:
    """A time of day in the visitor's language ("18 h 30", "6:30 p.m."): a calendar says
    hundreds of them, of a few dozen different ones, each formatted once per language."""
    return _time_of_day(moment.hour, moment.minute, translation.get_language() or "")


def when_text(starts_at: datetime.datetime, ends_at: datetime.datetime, all_day: bool) -> str:
    """A sentence saying when: a day or days, and the hours unless all day."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if all_day:
        last = (end - datetime.timedelta(days=1)).date() if end > start else start.date()
        if last <= start.date():
            return _("%(day)s, all day") % {"day": _day(start)}
        return _("From %(first)s to %(last)s") % {"first": _day(start), "last": _day(last)}
    if start.date() == end.date():
        if start == end:
            return _("%(day)s at %(start)s") % {"day": _day(start), "start": _time(start)}
        return _("%(day)s, from %(start)s to %(end)s") % {
            "day": _day(start),
            "start": _time(start),
            "end": _time(end),
        }
    return _("From %(first)s at %(start)s to %(last)s at %(end)s") % {
        "first": _day(start),
        "start": _time(start),
        "last": _day(end),
        "end": _time(end),
    }


@register.filter
def when(occurrence: Any) -> str:
    """When an occurrence (or an event's first occurrence) happens, as a sentence."""
    event = getattr(occurrence, "event", occurrence)
    return when_text(occurrence.starts_at, occurrence.ends_at, event.all_day)


@register.filter
def hours_on(occurrence: Any, day: datetime.date) -> str:
    """What a calendar's day shows of an occurrence: its hours that day, or "All day"."""
    start, end = timezone.localtime(occurrence.starts_at), timezone.localtime(occurrence.ends_at)
    if occurrence.event.all_day or (start.date() < day and end.date() > day):
        return _("All day")
    if start.date() < day:
        return _("until %(end)s") % {"end": _time(end)}
    if end.date() > day:
        return _("from %(start)s") % {"start": _time(start)}
    return _("%(start)s to %(end)s") % {"start": _time(start), "end": _time(end)}


@register.filter
def calendar_entry(occurrence: Any, day: datetime.date) -> SafeString:
    """An occurrence in a calendar's day (a month's or a week's table): the event's link, in
    the language of its words, and its hours that day. Written here rather than in the
    template: a busy month shows a hundred of them, and the template's lookups cost more
    than the page's queries."""
    event = occurrence.event
    return format_html(
        '<a href="{}"{}>{}</a> <span class="card__meta">{}</span>',
        event.get_absolute_url(),
        content_lang(event),
        event.title,
        hours_on(occurrence, day),
    )


@register.filter
def day_list_entry(occurrence: Any, day: datetime.date) -> SafeString:
    """An occurrence in a list of days: its hours that day, the event's link, its status
    when it is not as planned, and its place (or "online")."""
    event = occurrence.event
    lang = content_lang(event)
    parts = [
        format_html(
            '{} — <a href="{}"{}>{}</a>',
            hours_on(occurrence, day),
            event.get_absolute_url(),
            lang,
            event.title,
        )
    ]
    if event.status != "scheduled":
        parts.append(format_html(" ({})", event.get_status_display()))
    if event.place_name:
        parts.append(format_html(", <span{}>{}</span>", lang, event.place_name))
    elif event.online_url:
        parts.append(format_html(", {}", _("online")))
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped by format_html)


def _more_link(day: Any, date_format_name: str) -> SafeString:
    """ "2 more events on 20 June": the link to the day's page, for a day a bounded page shows
    in part."""
    words = ngettext(
        "%(counter)s more event on %(date)s", "%(counter)s more events on %(date)s", day.more
    ) % {"counter": day.more, "date": date_format(day.date, date_format_name)}
    return format_html('<a href="{}">{}</a>', _day_url(day.date), words)


def _day_url(date: datetime.date) -> str:
    return reverse("agenda:day", kwargs={"year": date.year, "month": date.month, "day": date.day})


@register.simple_tag
def month_table_rows(weeks: list[list[Any]]) -> SafeString:
    """The rows of a month's calendar table: each day's number, its events (at most the
    page's number a day) and the link to the others. Written in Python: the template's loops
    cost more than the whole page's queries for a busy month."""
    rows = []
    for week in weeks:
        cells = []
        for day in week:
            if not day:
                cells.append("<td></td>")
                continue
            entries = "".join(
                format_html("<li>{}</li>", calendar_entry(occurrence, day.date))
                for occurrence in day.occurrences
            )
            cells.append(
                format_html(
                    '<td><span class="calendar__day">{}</span>{}{}</td>',
                    day.date.day,
                    format_html("<ul>{}</ul>", mark_safe(entries)) if entries else "",  # noqa: S308
                    _more_link(day, "j F") if day.more else "",
                )
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 (every part escaped by format_html)


@register.simple_tag
def day_sections(days: list[Any], level: int = 2) -> SafeString:
    """The days that have events, each a section: its heading (`level`) linking to the day's
    page, its events, and the link to the others when the page shows them in part."""
    if not days:
        return format_html("<p>{}</p>", _("No event on these days."))
    sections = []
    for day in days:
        anchor = f"day-{day.date:%Y-%m-%d}"
        entries = "".join(
            format_html("<li>{}</li>", day_list_entry(occurrence, day.date))
            for occurrence in day.occurrences
        )
        sections.append(
            format_html(
                '<section aria-labelledby="{}">\n  <h{} id="{}"><a href="{}">{}</a></h{}>\n'
                "  <ul>{}</ul>{}\n</section>",
                anchor,
                level,
                anchor,
                _day_url(day.date),
                date_format(day.date, "l j F"),
                level,
                mark_safe(entries),  # noqa: S308 (each entry escaped by format_html)
                format_html("\n  <p>{}</p>", _more_link(day, "l j F")) if day.more else "",
            )
        )
    return mark_safe("\n".join(sections))  # noqa: S308 (every part escaped by format_html)


_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _weekday_name(code: str) -> str:
    # A Monday (2024-01-01) plus the day's number: its name in the visitor's language.
    return date_format(datetime.date(2024, 1, 1 + _WEEKDAYS[code]), "l")


@register.filter
def rule_in_words(event: Any) -> str:
    """A simple rule in words ("Every week on Saturday"), or "" for one said otherwise."""
    if not event.rrule:
        return ""
    parts = dict(part.split("=", 1) for part in event.rrule.split(";"))
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL"}:
        return ""
    interval = int(parts.get("INTERVAL", "1"))
    days = parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []
    if any(day not in _WEEKDAYS for day in days):
        return ""
    frequency = parts["FREQ"]
    if frequency == "DAILY" and not days:
        text = ngettext("Every day", "Every %(n)d days", interval) % {"n": interval}
    elif frequency == "WEEKLY":
        names = ", ".join(_weekday_name(day) for day in days) or _weekday_name(
            ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][
                timezone.localtime(event.starts_at).weekday()
            ]
        )
        text = ngettext("Every week on %(days)s", "Every %(n)d weeks on %(days)s", interval) % {
            "n": interval,
            "days": names,
        }
    elif frequency == "MONTHLY" and not days:
        text = ngettext("Every month", "Every %(n)d months", interval) % {"n": interval}
    elif frequency == "YEARLY" and not days:
        text = ngettext("Every year", "Every %(n)d years", interval) % {"n": interval}
    else:
        return ""
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        return ngettext(
            "%(rule)s, %(count)d time in all", "%(rule)s, %(count)d times in all", count
        ) % {
            "rule": text,
            "count": count,
        }
    if event.last_ends_at is not None:
        return _("%(rule)s, until %(day)s") % {
            "rule": text,
            "day": date_format(timezone.localtime(event.last_ends_at), "j F Y"),
        }
    return text

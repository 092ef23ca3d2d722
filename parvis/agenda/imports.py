"""Importing an external calendar (.ics): the tourist office's, the library's.

`calendar_import(source)` fetches the file (parvis.core.fetch: public addresses only, 5 MB,
a conditional GET with the ETag of the last import) and brings its events into the agenda:

- each VEVENT is matched with the event imported before from the same source with the same
  UID, updated if so, created otherwise: never a copy;
- each is checked and saved on its own (a savepoint: `services.event_check`, the save,
  `services.occurrences_rebuild`), so that an event the agenda cannot take (an end before
  its start, a rule it cannot read, no place) is skipped whole, with its reason, while the
  others are saved;
- the events imported before that vanished from the file and have not ended are
  unpublished (withdrawn), not deleted: an editor sees what happened;
- a file that cannot be read as a calendar changes nothing: the reason is kept in the
  source's `last_error`, which the back office shows.

What is read from an event: SUMMARY, DESCRIPTION, DTSTART with DTEND or DURATION (DATE
values make an all-day event; a time with a TZID is read in that zone, a floating time in
the town's), RRULE, EXDATE, LOCATION, GEO, URL (the organiser's page), CONFERENCE (an
online location, RFC 7986), STATUS:CANCELLED. CATEGORIES are ignored: the source's category,
space and publication apply. Texts are cut to the length the agenda keeps.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar

from parvis.agenda import services
from parvis.agenda.models import CalendarSource, Event, EventStatus
from parvis.core.audit import audit_record
from parvis.core.dates import local_midnight
from parvis.core.fetch import FetchError, fetch
from parvis.search.indexing import index_object

#: The largest file fetched.
MAX_BYTES = 5 * 1024 * 1024
#: Seconds the whole fetch may take.
TIMEOUT = 30
#: The most events one file may hold.
MAX_EVENTS = 5_000
#: The fields an import writes (the rest is the editors').
FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "rrule",
    "exdates",
    "place_name",
    "lat",
    "lon",
    "organiser_url",
    "online_url",
    "status",
    "category_id",
    "space_id",
)
#: Errors icalendar raises on a value it cannot read (its parsing is lazy, per value).
_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


@dataclass
class ImportResult:
    """What an import did. `skipped` holds (the event's title or UID, the reason)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Why nothing was imported (the file could not be fetched or read), else "".
    error: str = ""
    #: The server said the file had not changed since the last import (HTTP 304).
    not_modified: bool = False

    def counts(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "skipped": len(self.skipped),
            "not_modified": self.not_modified,
            "error": self.error,
        }


class _Skip(Exception):
    """This event cannot be imported, for the reason given."""


def calendar_import(
    source: CalendarSource,
    *,
    actor: Any = None,
    now: datetime.datetime | None = None,
    timeout: float = TIMEOUT,
) -> ImportResult:
    """Fetches `source`'s file and imports its events (see the module's docstring); records
    the outcome on the source (`last_fetched_at`, `last_error`, `last_etag`) and in the
    audit trail. Never raises for what the remote server or its file does."""
    now = now or timezone.now()
    try:
        fetched = fetch(
            source.url,
            max_bytes=MAX_BYTES,
            timeout=timeout,
            accept="text/calendar, */*;q=0.5",
            etag=source.last_etag or None,
        )
    except FetchError as exc:
        result = ImportResult(error=exc.message)
        _record(source, result, actor=actor, now=now, etag=None)
        return result
    if fetched.not_modified:
        result = ImportResult(not_modified=True)
        _record(source, result, actor=actor, now=now, etag=fetched.etag)
        return result
    result = calendar_import_data(source, fetched.body, now=now)
    _record(source, result, actor=actor, now=now, etag=fetched.etag if not result.error else None)
    return result


def _record(
    source: CalendarSource,
    result: ImportResult,
    *,
    actor: Any,
    now: datetime.datetime,
    etag: str | None,
) -> None:
    source.last_fetched_at = now
    source.last_error = result.error or _skipped_text(result.skipped)
    fields = ["last_fetched_at", "last_error"]
    if etag is not None:
        source.last_etag = etag[:200]
        fields.append("last_etag")
    with transaction.atomic():
        source.save(update_fields=fields)
        audit_record(
            actor=actor, action="agenda.calendar_import", target=source, data=result.counts()
        )


def _skipped_text(skipped: list[tuple[str, str]]) -> str:
    if not skipped:
        return ""
    lines = [
        ngettext(
            "%(count)s event could not be imported:",
            "%(count)s events could not be imported:",
            len(skipped),
        )
        % {"count": len(skipped)}
    ]
    lines += [
        _("“%(event)s”: %(reason)s") % {"event": label, "reason": reason}
        for label, reason in skipped[:50]
    ]
    return "\n".join(lines)


def calendar_import_data(
    source: CalendarSource, data: bytes | str, *, now: datetime.datetime | None = None
) -> ImportResult:
    """Imports the events of the iCalendar text `data` into the agenda as `source`'s (the
    step after fetching). A text that is not a calendar changes nothing (`error` says why)."""
    now = now or timezone.now()
    try:
        components = _events_of(data)
    except _Skip as exc:
        return ImportResult(error=str(exc))
    result = ImportResult()
    with transaction.atomic():
        # Two imports of one source (the worker's, "Import now") take turns: the second
        # finds the events of the first, and never adds them again.
        list(CalendarSource.objects.select_for_update().filter(pk=source.pk).values_list("pk"))
        seen: set[str] = set()
        existing = {event.source_uid: event for event in Event.objects.filter(source=source)}
        for component in components:
            label = _label(component)
            try:
                uid = _uid(component)
                if uid in seen:
                    raise _Skip(_("Another event of the file has the same UID."))
                seen.add(uid)
                values = _values(component)
            except _Skip as exc:
                result.skipped.append((label, str(exc)))
                continue
            except OverflowError:
                result.skipped.append((label, _("One of its dates is out of range.")))
                continue
            values["category_id"] = source.category_id
            values["space_id"] = source.space_id
            try:
                outcome = _save(source, uid, existing.get(uid), values, now=now)
            except ValidationError as exc:
                result.skipped.append((label, " ".join(exc.messages)))
                continue
            except OverflowError:
                result.skipped.append((label, _("One of its dates is out of range.")))
                continue
            except DatabaseError:
                result.skipped.append((label, _("The agenda could not save this event.")))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        result.withdrawn = _withdraw(source, keep=seen, now=now)
        return result


def _save(
    source: CalendarSource,
    uid: str,
    existing: Event | None,
    values: dict[str, Any],
    *,
    now: datetime.datetime,
) -> str:
    """Saves one event, checked and with its occurrences, or nothing of it. Returns
    "created", "updated" or "unchanged" (the same once checked: nothing written)."""
    if existing is None:
        event = Event(source=source, source_uid=uid, is_published=source.publish)
    else:
        # A copy: a skipped update leaves nothing behind, even in memory.
        event = copy.copy(existing)
    for name, value in values.items():
        setattr(event, name, value)
    with transaction.atomic():
        services.event_check(event)
        if existing is not None:
            if all(getattr(event, name) == getattr(existing, name) for name in FIELDS):
                return "unchanged"
            event.sequence += 1
        else:
            event.slug = _free_slug(event.title)
        event.save()
        services.occurrences_rebuild(event, now=now)
        index_object(event)
    return "created" if existing is None else "updated"


def _free_slug(title: str) -> str:
    base = (slugify(title)[:100].strip("-") or "evenement")[:100]
    taken = set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True)[:10_000])
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _withdraw(source: CalendarSource, *, keep: set[str], now: datetime.datetime) -> int:
    """Unpublishes the source's events gone from its file that have not ended (saved one by
    one, so that the pages showing them are made fresh)."""
    gone = (
        Event.objects.filter(source=source, is_published=True)
        .exclude(source_uid__in=keep)
        .exclude(last_ends_at__lt=now)
    )
    count = 0
    for event in gone:
        event.is_published = False
        event.save(update_fields=["is_published", "updated_at"])
        index_object(event)  # no longer public: out of the search's results
        count += 1
    return count


# --- reading the file -----------------------------------------------------------------------


def _events_of(data: bytes | str) -> list[Any]:
    """The file's VEVENTs; _Skip with the reason when it is not a calendar to import."""
    try:
        calendar = Calendar.from_ical(data)
        if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
            raise ValueError("not a calendar")
        events = [
            component
            for component in calendar.walk("VEVENT")
            # A change to one occurrence of a recurring event: not imported.
            if "RECURRENCE-ID" not in component
        ]
    except _UNREADABLE:
        raise _Skip(
            _("The file is not a calendar in the iCalendar format (.ics) and could not be read.")
        ) from None
    if len(events) > MAX_EVENTS:
        raise _Skip(
            _("The file holds more than %(count)s events: it was not imported.")
            % {"count": MAX_EVENTS}
        )
    return events


def _text(component: Any, name: str, length: int) -> str:
    try:
        value = component.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        text = str(value or "").replace("\x00", "").strip()
    except _UNREADABLE:
        return ""
    return text[:length]


def _label(component: Any) -> str:
    return _text(component, "SUMMARY", 80) or _text(component, "UID", 80) or _("(no title)")


def _uid(component: Any) -> str:
    uid = _text(component, "UID", 255)
    if not uid:
        raise _Skip(_("The event has no UID, so a later import could not update it."))
    return uid


def _moment(component: Any, name: str) -> datetime.date | datetime.datetime | None:
    try:
        value = component.get(name)
        if value is None:
            return None
        if isinstance(value, list):
            raise ValueError
        moment = value.dt
    except _UNREADABLE:
        raise _Skip(_("Its %(name)s cannot be read.") % {"name": name}) from None
    if not isinstance(moment, datetime.date):
        raise _Skip(_("Its %(name)s is not a date.") % {"name": name})
    return moment


def _aware(moment: datetime.date | datetime.datetime) -> datetime.datetime:
    """A DATE as its local midnight, a floating time in the town's zone, others as given."""
    try:
        if not isinstance(moment, datetime.datetime):
            return local_midnight(moment)
        if timezone.is_naive(moment):
            return timezone.make_aware(moment)
        return timezone.localtime(moment)
    except (ValueError, OverflowError):
        raise _Skip(_("One of its dates is out of range.")) from None


def _values(component: Any) -> dict[str, Any]:
    """The event's fields read from the VEVENT; _Skip when it cannot be imported."""
    title = _text(component, "SUMMARY", 160)
    if not title:
        raise _Skip(_("The event has no title (SUMMARY)."))
    start = _moment(component, "DTSTART")
    if start is None:
        raise _Skip(_("The event has no start (DTSTART)."))
    all_day = not isinstance(start, datetime.datetime)
    starts_at = _aware(start)
    end = _moment(component, "DTEND")
    if end is not None:
        if isinstance(end, datetime.datetime) == all_day:
            raise _Skip(_("Its start and end are not both dates, or both times."))
        ends_at = _aware(end)
    else:
        ends_at = starts_at + (datetime.timedelta(days=1) if all_day else datetime.timedelta())
        try:
            duration = component.get("DURATION")
            if duration is not None:
                delta = duration.dt
                if not isinstance(delta, datetime.timedelta):
                    raise ValueError
                ends_at = starts_at + delta
        except _UNREADABLE:
            raise _Skip(_("Its DURATION cannot be read.")) from None
    if all_day and ends_at <= starts_at:
        ends_at = starts_at + datetime.timedelta(days=1)
    return {
        "title": title,
        "description": _text(component, "DESCRIPTION", 20_000),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "all_day": all_day,
        "rrule": _rule(component),
        "exdates": _exdates(component, all_day=all_day),
        "place_name": _text(component, "LOCATION", 160),
        **_position(component),
        "organiser_url": _web_address(_text(component, "URL", 1000)),
        "online_url": _web_address(_text(component, "CONFERENCE", 1000)),
        "status": (
            EventStatus.CANCELLED
            if _text(component, "STATUS", 20).upper() == "CANCELLED"
            else EventStatus.SCHEDULED
        ),
    }


def _rule(component: Any) -> str:
    try:
        value = component.get("RRULE")
        if value is None:
            return ""
        if isinstance(value, list):
            raise _Skip(_("The event has several recurrence rules; the agenda takes one."))
        text = value.to_ical().decode("utf-8", "replace")
    except _UNREADABLE:
        raise _Skip(_("Its recurrence rule (RRULE) cannot be read.")) from None
    # Checked by services.event_check, which says what is wrong with it.
    return text[:400]


def _exdates(component: Any, *, all_day: bool) -> str:
    try:
        value = component.get("EXDATE")
        if value is None:
            return ""
        groups = value if isinstance(value, list) else [value]
        lines = []
        for group in groups:
            for item in group.dts:
                moment = item.dt
                if isinstance(moment, datetime.datetime):
                    if timezone.is_aware(moment):
                        moment = timezone.localtime(moment).replace(tzinfo=None)
                    if all_day:
                        moment = moment.date()
                elif not isinstance(moment, datetime.date):
                    raise ValueError
                lines.append(moment.isoformat())
    except (*_UNREADABLE, OverflowError):
        raise _Skip(_("Its dates left out (EXDATE) cannot be read.")) from None
    return "\n".join(lines)


def _position(component: Any) -> dict[str, float | None]:
    """GEO as (lat, lon); none when absent or out of range."""
    try:
        geo = component.get("GEO")
        if geo is None:
            return {"lat": None, "lon": None}
        lat, lon = float(geo.latitude), float(geo.longitude)
    except _UNREADABLE:
        return {"lat": None, "lon": None}
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return {"lat": None, "lon": None}
    return {"lat": lat, "lon": lon}


def _web_address(text: str) -> str:
    """An http(s) address that fits the agenda's field, or ""."""
    if len(text) > 500 or not text.lower().startswith(("http://", "https://")):
        return ""
    if any(character.isspace() for character in text):
        return ""
    return text


def calendars_import_due(*, now: datetime.datetime | None = None, hours: int) -> int:
    """Imports each active source not fetched for `hours` hours (the worker's job). Returns
    how many were imported."""
    now = now or timezone.now()
    due = CalendarSource.objects.filter(is_active=True).exclude(
        last_fetched_at__gt=now - datetime.timedelta(hours=hours)
    )
    done = 0
    for source in due.order_by("last_fetched_at", "pk"):
        calendar_import(source, now=now)
        done += 1
    return done

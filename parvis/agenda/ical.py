"""The agenda as iCalendar (RFC 5545, with RFC 7986's NAME, REFRESH-INTERVAL and CONFERENCE):
what calendar applications subscribe to, and the file of one event.

- `vevent(event)`: one event as a VEVENT. A recurring event is one VEVENT with its RRULE and
  EXDATEs, never its occurrences copied out; its UID (`<event.uid>@<site host>`) never
  changes, and its SEQUENCE is the event's (raised by the services when a calendar must
  take a change).
- `calendar_lines(events, name=...)`: a whole calendar as a sequence of byte chunks, the head
  (with the one VTIMEZONE) first, then one chunk per event, then the end: a view streams it,
  so memory stays flat whatever the number of events.
- `events_for_calendar(...)`: what a feed holds (published events not ended more than
  `PAST_DAYS` ago), read by chunks. Kept here rather than in selectors.py: it serves only
  these feeds and reads only `Event` and its category.

Times are written in the town's zone, `TZID=Europe/Paris`, described once by a VTIMEZONE
with the European Union's rule since 1996 (last Sunday of March and of October), so that
calendars place an endless weekly event at the same local hour every year, however far ahead.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Conference,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vRecur,
)
from icalendar import Event as VEvent

from parvis.agenda import recurrence
from parvis.agenda.models import Category, Event, EventStatus
from parvis.core.links import absolute_url, site_hostname

logger = logging.getLogger(__name__)

#: How long after it ended an event stays in the feeds (a calendar keeps last year's).
PAST_DAYS = 365
#: How often a subscribed calendar application should fetch a feed again.
REFRESH = datetime.timedelta(hours=6)
#: Events read from the database at a time while a feed streams.
CHUNK = 500
PRODID = "-//Parvis//Agenda//EN"

_STATUS: dict[str, str] = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def uid(event: Event) -> str:
    """The event's iCalendar UID: the same for its whole life, whatever is edited."""
    return f"{event.uid}@{site_hostname()}"


def vtimezone() -> Timezone:
    """The town's zone as a VTIMEZONE. Europe/Paris: CET, and CEST from the last Sunday of
    March (02:00) to the last Sunday of October (03:00), the rule in force since 1996,
    without end (a zoneinfo dump would stop at its last listed year, and endless events
    with it). Another zone (a town overseas): its transitions from zoneinfo, from ten
    years back to thirty ahead (most have none)."""
    if settings.TIME_ZONE != "Europe/Paris":
        today = timezone.localdate()
        return Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=today.replace(year=today.year - 10, month=1, day=1),
            last_date=today.replace(year=today.year + 30, month=1, day=1),
        )
    zone = Timezone()
    zone.add("tzid", settings.TIME_ZONE)
    zone.add("x-lic-location", settings.TIME_ZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("dtstart", datetime.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment, _zone())


def _rrule(event: Event) -> vRecur:
    """The stored rule, with UNTIL (kept as a local naive time) in UTC as RFC 5545 requires
    when DTSTART has a TZID, or as a date for an all-day event."""
    parts = []
    for part in event.rrule.split(";"):
        name, _sep, value = part.partition("=")
        if name == "UNTIL":
            local = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
            if event.all_day:
                value = local.strftime("%Y%m%d")
            else:
                moment = timezone.make_aware(local, _zone()).astimezone(datetime.UTC)
                value = moment.strftime("%Y%m%dT%H%M%SZ")
        parts.append(f"{name}={value}")
    return vRecur.from_ical(";".join(parts))


def _exdates(event: Event) -> list[datetime.date | datetime.datetime]:
    """The occurrences left out, as the DTSTART each would have had: a day stands for the
    occurrence starting that local day at the event's local start time."""
    start = _local(event.starts_at)
    found: list[datetime.date | datetime.datetime] = []
    for value in recurrence.parse_exdates(event.exdates):
        if isinstance(value, datetime.datetime):
            day, at = value.date(), value.time()
        else:
            day, at = value, start.time().replace(tzinfo=None)
        if event.all_day:
            found.append(day)
        else:
            found.append(timezone.make_aware(datetime.datetime.combine(day, at), _zone()))
    return found


def _location(event: Event) -> str:
    place = ", ".join(part for part in (event.place_name, event.address) if part)
    return place or event.online_url


def _description(event: Event, url: str) -> str:
    """Plain text: the summary, the description as written (Markdown reads as text), where
    to follow it online, and the event's page."""
    parts = [event.summary, event.description.strip()]
    if event.online_url:
        parts.append(
            _("Online: %(label)s %(url)s")
            % {"label": event.online_label or _("online location"), "url": event.online_url}
        )
    if event.status == EventStatus.CANCELLED:
        parts.insert(0, _("This event is cancelled."))
    elif event.status == EventStatus.POSTPONED:
        parts.insert(0, _("This event is postponed."))
    parts.append(_("Details: %(url)s") % {"url": url})
    return "\n\n".join(part for part in parts if part)


def vevent(event: Event) -> VEvent:
    """`event` as one VEVENT (its category read from `event.category`: select it)."""
    url = absolute_url(event.get_absolute_url())
    component = VEvent()
    component.add("uid", uid(event))
    # The moment this version of the event was written: the same bytes at every fetch until
    # it changes, so that nothing looks changed to a calendar that compares.
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    component.add("created", event.created_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    component.add("description", _description(event, url))
    component.add("url", url)
    if event.all_day:
        component.add("dtstart", _local(event.starts_at).date())
        # The day after the last: DTEND of a DATE is exclusive, as `ends_at` is.
        component.add("dtend", _local(event.ends_at).date())
    else:
        component.add("dtstart", _local(event.starts_at))
        component.add("dtend", _local(event.ends_at))
    if event.rrule:
        component.add("rrule", _rrule(event))
        exdates = _exdates(event)
        if exdates:
            component.add("exdate", exdates)
    location = _location(event)
    if location:
        component.add("location", location)
    if event.lat is not None and event.lon is not None:
        component.add("geo", (event.lat, event.lon))
    if event.online_url:
        component.conferences = [
            Conference(event.online_url, feature=["VIDEO"], label=event.online_label or None)
        ]
    if event.category_id is not None and event.category is not None:
        component.add("categories", [event.category.name])
    component.add("status", _STATUS.get(event.status, "CONFIRMED"))
    # Free time in the visitor's calendar: a market does not make anyone busy.
    component.add("transp", "TRANSPARENT")
    return component


def calendar_head(name: str, *, description: str = "") -> bytes:
    """The calendar's properties and its VTIMEZONE, up to its first VEVENT."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(vtimezone())
    whole = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert whole.endswith(end)
    return whole[: -len(end)]


def calendar_lines(events: Iterable[Event], *, name: str, description: str = "") -> Iterator[bytes]:
    """The calendar of `events`, chunk by chunk: the head, one VEVENT each, the end. Reads
    `events` lazily: with a queryset's `.iterator()`, memory holds one chunk at a time."""
    yield calendar_head(name, description=description)
    for event in events:
        try:
            chunk = vevent(event).to_ical()
        except (ValueError, TypeError):
            # A row the services would have refused (a rule written by hand in the
            # database): left out and logged, rather than the feed cut off halfway for
            # every subscriber.
            logger.exception("Event %s left out of a calendar: it cannot be written", event.pk)
            continue
        yield chunk
    yield b"END:VCALENDAR\r\n"


def calendar_bytes(events: Iterable[Event], *, name: str, description: str = "") -> bytes:
    """The whole calendar at once (one event's file)."""
    return b"".join(calendar_lines(events, name=name, description=description))


# --- reads ------------------------------------------------------------------------------------


def events_for_calendar(
    *,
    category: Category | None = None,
    space_id: int | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Event]:
    """Published events not ended more than PAST_DAYS ago (endless ones included), with
    their category, in the order they were created (the primary key: no sort to make)."""
    since = (now or timezone.now()) - datetime.timedelta(days=PAST_DAYS)
    events = Event.objects.filter(is_published=True).filter(
        Q(last_ends_at__isnull=True) | Q(last_ends_at__gte=since)
    )
    if category is not None:
        events = events.filter(category=category)
    if space_id is not None:
        events = events.filter(space_id=space_id)
    return events.select_related("category").order_by("pk")

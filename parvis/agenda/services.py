"""Writes about the agenda. The back office, the importer, the demo and the pages go through
these; each runs in one transaction.

- `event_check`: what an event must be before it is saved (dates, rule, dates left out,
  where, registration), as a ValidationError by field; also sets what follows from the rest
  (the attendance mode, an all-day event's midnights, the rule normalised).
- `occurrences_rebuild`: writes out the event's occurrences up to the horizon, replacing
  those it had, and keeps `last_ends_at`. Called by whatever saves an event.
- `occurrences_extend`: the nightly job moving the horizon of endless recurrences.
- `event_save`: checks, saves (a unique slug from the title if none), writes out the
  occurrences, raises `sequence` when what a calendar shows changed, indexes for the search
  and records the audit entry; `event_delete`: the reverse.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.agenda import recurrence, registrations
from parvis.agenda.models import (
    HORIZON_DAYS,
    MAX_DURATION_DAYS,
    MAX_OCCURRENCES,
    AttendanceMode,
    Event,
    EventStatus,
    Occurrence,
)
from parvis.core import generations
from parvis.core.audit import audit_record
from parvis.core.dates import local_midnight
from parvis.core.pagecache import keys_of, list_key
from parvis.search.indexing import index_object, unindex_object

if TYPE_CHECKING:
    from parvis.accounts.models import User


def event_check(event: Event) -> None:
    """Checks `event` and completes what follows from its fields; ValidationError by field,
    in the words the form shows next to each."""
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if event.all_day and event.starts_at and event.ends_at and event.ends_at >= event.starts_at:
        # Whole days: from the first day's midnight to the midnight after the last day (as
        # iCalendar's DTEND of a DATE). An end at a time of day means that day is the last;
        # an end at midnight is already the midnight after the last day.
        first = timezone.localtime(event.starts_at).date()
        end = timezone.localtime(event.ends_at)
        last_excluded = (
            end.date()
            if end.time() == datetime.time.min
            else (end.date() + datetime.timedelta(days=1))
        )
        event.starts_at = local_midnight(first)
        event.ends_at = local_midnight(max(last_excluded, first + datetime.timedelta(days=1)))
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        error("ends_at", _("The end cannot come before the start."))
    elif (
        event.starts_at
        and event.ends_at
        and (event.ends_at - event.starts_at > datetime.timedelta(days=MAX_DURATION_DAYS))
    ):
        error("ends_at", _("An event lasts a year at most: give its dates again, or repeat it."))
    try:
        event.rrule = recurrence.check_rule(event.rrule)
    except ValidationError as exc:
        error("rrule", exc.messages[0])
    try:
        event.exdates = recurrence.exdates_text(recurrence.parse_exdates(event.exdates))
    except ValidationError as exc:
        error("exdates", exc.messages[0])
    if event.exdates and not event.rrule:
        error("exdates", _("Only a recurring event has dates left out."))
    has_place = bool(event.place_name or event.address or event.lat is not None)
    if (event.lat is None) != (event.lon is None):
        error("lat", _("Give both the latitude and the longitude, or neither."))
    if not has_place and not event.online_url:
        error("place_name", _("Give a place, an online location, or both."))
    event.attendance_mode = (
        AttendanceMode.MIXED
        if has_place and event.online_url
        else AttendanceMode.ONLINE
        if event.online_url
        else AttendanceMode.OFFLINE
    )
    if event.image and not event.image_alt:
        error("image_alt", _("Describe the image for people who cannot see it."))
    if not event.is_free and event.price is None and not event.price_text:
        error("price", _("Give the price, or tick “free”."))
    if event.price is not None and event.price < 0:
        error("price", _("A price cannot be negative."))
    if event.registration_required and event.rrule:
        error(
            "registration_required",
            _("Registration is for events held once: create one event per session."),
        )
    if event.capacity is not None and event.capacity < 1:
        error("capacity", _("Give at least one place, or leave it empty for no limit."))
    if event.capacity is not None and not event.registration_required:
        error("capacity", _("Places are counted only when registration is required."))
    if (
        event.registration_closes_at
        and event.starts_at
        and event.registration_closes_at > event.ends_at
    ):
        error("registration_closes_at", _("Registration must close before the event ends."))
    if errors:
        raise ValidationError(errors)


def occurrence_days(start: datetime.datetime, end: datetime.datetime) -> dict[str, Any]:
    """An occurrence's `day` (when it starts, in the town's time) and `multiday` (whether it
    goes on past that day; ending at the next midnight does not)."""
    day = timezone.localtime(start).date()
    last = timezone.localtime(max(start, end - datetime.timedelta(microseconds=1))).date()
    return {"day": day, "multiday": last > day}


def _horizon(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(days=HORIZON_DAYS)


@transaction.atomic
def occurrences_rebuild(event: Event, *, now: datetime.datetime | None = None) -> int:
    """Writes out `event`'s occurrences up to the horizon (at most MAX_OCCURRENCES), in place
    of those it had, and saves its `last_ends_at` (None while endless). Returns how many.
    The event is checked and saved already."""
    times = list(
        recurrence.occurrences(
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            rule=event.rrule,
            exdates=event.exdates,
            until=max(_horizon(now), event.starts_at + datetime.timedelta(seconds=1)),
            limit=MAX_OCCURRENCES,
        )
    )
    Occurrence.objects.filter(event=event).delete()
    Occurrence.objects.bulk_create(
        Occurrence(event=event, starts_at=start, ends_at=end, **occurrence_days(start, end))
        for start, end in times
    )
    last = (
        None if recurrence.is_endless(event.rrule) else (times[-1][1] if times else event.ends_at)
    )
    if len(times) >= MAX_OCCURRENCES:
        last = times[-1][1]
    Event.objects.filter(pk=event.pk).update(last_ends_at=last)
    event.last_ends_at = last
    # bulk_create and update() send no model signal: the pages showing the event's
    # occurrences (its own, the lists, the calendars) are made fresh here.
    generations.bump(*keys_of(event), list_key(Occurrence))
    return len(times)


def occurrences_extend(*, now: datetime.datetime | None = None) -> int:
    """The nightly job: each endless recurring event is written out again up to the moved
    horizon. Returns how many events were."""
    done = 0
    endless = Event.objects.filter(last_ends_at__isnull=True).exclude(rrule="")
    for event in endless.iterator(chunk_size=200):
        occurrences_rebuild(event, now=now)
        done += 1
    return done


#: The fields whose change a subscribed calendar must take (iCalendar SEQUENCE).
CALENDAR_FIELDS = (
    "title",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "rrule",
    "exdates",
    "place_name",
    "address",
    "lat",
    "lon",
    "online_url",
    "status",
)
#: The fields whose change moves the occurrences.
TIME_FIELDS = ("starts_at", "ends_at", "all_day", "rrule", "exdates")


def _unique_slug(title: str, *, exclude_pk: int | None) -> str:
    base = (slugify(title) or "event")[:100].strip("-") or "event"
    others = Event.objects.exclude(pk=exclude_pk) if exclude_pk else Event.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def event_save(*, event: Event, actor: User | None = None) -> Event:
    """Create or update `event`: `event_check` (ValidationError by field, nothing saved), a
    slug made unique from the title when empty (ValidationError on "slug" when a given one is
    taken), then, in one transaction: the event saved with `sequence` raised when one of
    `CALENDAR_FIELDS` changed, its occurrences written out again when it is new or its times
    changed, its search document and an audit entry; for an event taking registrations, the
    waiting list promoted if places were added, or every registrant e-mailed if the event
    was just cancelled (`registrations.registrations_event_changed`)."""
    event_check(event)
    if not event.slug:
        event.slug = _unique_slug(event.title, exclude_pk=event.pk)
    elif Event.objects.filter(slug=event.slug).exclude(pk=event.pk).exists():
        raise ValidationError({"slug": _("Another event already has this web address.")})
    created = event.pk is None
    event.image_size = event.image.size if event.image else None
    with transaction.atomic():
        before = (
            None
            if created
            else Event.objects.select_for_update()
            .filter(pk=event.pk)
            .values(*CALENDAR_FIELDS, "sequence")
            .first()
        )
        times_changed = before is None or any(
            before[name] != getattr(event, name) for name in TIME_FIELDS
        )
        if before is not None:
            event.sequence = before["sequence"]
            if any(before[name] != getattr(event, name) for name in CALENDAR_FIELDS):
                event.sequence += 1
        event.save()
        if times_changed:
            occurrences_rebuild(event)
        if before is not None and event.registration_required:
            # Places added move the waiting list; a cancelled event tells its registrants.
            registrations.registrations_event_changed(
                event=event,
                cancelled=before["status"] != EventStatus.CANCELLED
                and event.status == EventStatus.CANCELLED,
            )
        index_object(event)
        audit_record(
            actor=actor,
            action="agenda.event.create" if created else "agenda.event.update",
            target=event,
            data={"published": event.is_published, "sequence": event.sequence},
        )
    return event


def event_delete(*, event: Event, actor: User | None = None) -> None:
    """Delete `event` with its occurrences and registrations, its search document, with an
    audit entry."""
    with transaction.atomic():
        audit_record(actor=actor, action="agenda.event.delete", target=event, data={})
        unindex_object(event)
        generations.bump(*keys_of(event), list_key(Occurrence))
        event.delete()

"""Events for the tests, saved through the services (checked, occurrences written out)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from parvis.agenda.models import Category, Event
from parvis.agenda.services import event_save

PARIS = ZoneInfo("Europe/Paris")
LAT, LON = 46.81, 1.69


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware moment, written as the town's clocks show it."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def category_create(slug: str = "concerts", name: str = "Concerts", **fields: Any) -> Category:
    return Category.objects.create(slug=slug, name=name, **fields)


def event_create(**overrides: Any) -> Event:
    """A published event held once in the town hall, in two weeks from 18:00 to 20:00 unless
    told otherwise; any field of Event may be given. Saved through `services.event_save`."""
    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=14)
    starts_at = overrides.pop("starts_at", paris(day.year, day.month, day.day, 18))
    fields: dict[str, Any] = {
        "title": "Concert de la chorale",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=2),
        "place_name": "Salle des fêtes",
        "address": "1 place de la Mairie, 36000 Villeneuve",
        "is_published": True,
    }
    fields.update(overrides)
    actor = fields.pop("actor", None)
    return event_save(event=Event(**fields), actor=actor)

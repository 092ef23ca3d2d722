"""Days in the town's time zone (TIME_ZONE, Europe/Paris): when one begins."""

from __future__ import annotations

import datetime

from django.utils import timezone


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The moment `day` begins in the town's time zone (aware)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

"""The agenda's background work."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from parvis.agenda.imports import calendars_import_due


@task(queue_name="maintenance")
def import_calendars() -> int:
    """Import each active external calendar not fetched for AGENDA_IMPORT_HOURS hours."""
    return calendars_import_due(hours=settings.AGENDA_IMPORT_HOURS)

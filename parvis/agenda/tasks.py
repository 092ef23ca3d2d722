"""The agenda's background work: external calendars imported on a schedule, and the nightly
job writing out the occurrences of endless recurrences up to the moved horizon."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from parvis.agenda.imports import calendars_import_due
from parvis.agenda.services import occurrences_extend


@task(queue_name="maintenance")
def import_calendars() -> int:
    """Import each active external calendar not fetched for AGENDA_IMPORT_HOURS hours."""
    return calendars_import_due(hours=settings.AGENDA_IMPORT_HOURS)


@task(queue_name="maintenance")
def extend_occurrences() -> int:
    """Write out the endless recurrences' occurrences up to the horizon; how many events."""
    return occurrences_extend()

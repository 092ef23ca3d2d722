"""The nightly job writing out the occurrences of endless recurrences up to the moved
horizon (`services.occurrences_extend`)."""

from __future__ import annotations

from django_tasks import task

from parvis.agenda.services import occurrences_extend


@task(queue_name="maintenance")
def extend_occurrences() -> int:
    """Write out the endless recurrences' occurrences up to the horizon; how many events."""
    return occurrences_extend()

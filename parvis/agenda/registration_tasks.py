"""The periodic jobs of registration to events: reminders a day before, and the retention
purge after the event."""

from __future__ import annotations

from django_tasks import task

from parvis.agenda.registrations import registrations_purge, registrations_remind


@task(queue_name="maintenance")
def remind_registrants() -> int:
    return registrations_remind()


@task(queue_name="maintenance")
def purge_registrations() -> int:
    return registrations_purge()

"""The family space's periodic job: overdue invoices and their reminders."""

from __future__ import annotations

from django_tasks import task

from parvis.family.invoicing import invoices_remind


@task(queue_name="maintenance")
def remind_invoices() -> int:
    return invoices_remind()

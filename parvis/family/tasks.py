"""The family space's periodic jobs: last month's invoices when staff have not run them,
overdue invoices and their reminders."""

from __future__ import annotations

from django_tasks import task

from parvis.family.invoicing import invoices_remind, last_month_run


@task(queue_name="maintenance")
def remind_invoices() -> int:
    return invoices_remind()


@task(queue_name="maintenance")
def invoice_last_month() -> int:
    run = last_month_run()
    return run.invoices if run is not None else 0

"""The periodic job of reports: unconfirmed reports go away after REPORT_UNCONFIRMED_DAYS."""

from __future__ import annotations

from django_tasks import task

from parvis.reports.services import reports_purge_unconfirmed


@task(queue_name="maintenance")
def purge_unconfirmed_reports() -> int:
    return reports_purge_unconfirmed()

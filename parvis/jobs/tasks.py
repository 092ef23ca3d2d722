"""The periodic job of job applications: those past the retention period are deleted."""

from __future__ import annotations

from django_tasks import task

from parvis.jobs.services import applications_purge


@task(queue_name="maintenance")
def purge_applications() -> int:
    return applications_purge()

"""The periodic job announcing the works that start (`services.works_announce_started`)."""

from __future__ import annotations

from django_tasks import task

from parvis.roadworks.services import works_announce_started


@task(queue_name="maintenance")
def announce_started_works() -> int:
    return works_announce_started()

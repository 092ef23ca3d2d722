"""The periodic job announcing the works that start (`services.works_announce_started`),
after forgetting the areas nobody follows any more (`services.areas_prune`)."""

from __future__ import annotations

from django_tasks import task

from parvis.roadworks.services import areas_prune, works_announce_started


@task(queue_name="maintenance")
def announce_started_works() -> int:
    """Forget the areas nobody follows any more, then announce the works that start."""
    areas_prune()
    return works_announce_started()

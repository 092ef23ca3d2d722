"""The worker's part of importing addresses: a file sent from the back office."""

from __future__ import annotations

from django_tasks import task

from parvis.addresses.services import address_import_run


@task(queue_name="maintenance")
def import_address_file(run_id: int) -> str:
    return address_import_run(run_id=run_id).status

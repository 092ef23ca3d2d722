"""Periodic jobs (retention purges and the like), enqueued by the worker on schedule.

An app declares a job in a line of its `manifest.py`:

    every(timedelta(hours=1), purge_unverified_accounts)

Each worker calls `enqueue_due()` between tasks. A row per job records when it was last
enqueued; the row is locked while deciding, so several workers never enqueue a job twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from parvis.core.models import ScheduledRun
from parvis.core.registry import Registry


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    task: Any  # a django_tasks Task


_jobs: Registry[Job] = Registry("periodic job")


def every(interval: timedelta, task: Any) -> Any:
    name = f"{task.module_path}"
    _jobs.add(name, Job(name=name, interval=interval, task=task))
    return task


def jobs() -> list[Job]:
    return _jobs.values()


def enqueue_due(now: Any = None) -> list[str]:
    """Enqueue every job whose interval has passed; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        with transaction.atomic():
            run, created = ScheduledRun.objects.select_for_update().get_or_create(
                name=job.name, defaults={"last_enqueued_at": now}
            )
            if created or run.last_enqueued_at + job.interval <= now:
                job.task.enqueue()
                if not created:
                    run.last_enqueued_at = now
                    run.save(update_fields=["last_enqueued_at"])
                enqueued.append(job.name)
    return enqueued

"""Housekeeping that keeps the retention promises made on the personal-data page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from parvis.core.schedule import every

#: Finished task rows hold copies of e-mails (addresses, links): keep them this long.
TASK_RESULT_RETENTION = timedelta(days=7)


@task(queue_name="maintenance")
def purge_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@task(queue_name="maintenance")
def purge_finished_tasks() -> int:
    cutoff = timezone.now() - TASK_RESULT_RETENTION
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


every(timedelta(hours=6), purge_expired_sessions)
every(timedelta(hours=6), purge_finished_tasks)

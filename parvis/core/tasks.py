"""Housekeeping: the retention promises made on the personal-data page, and the database's
statistics."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

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


@task(queue_name="maintenance")
def refresh_database_statistics() -> bool:
    """Let SQLite's query planner know the tables' sizes; whether it had to.

    SQLite keeps no statistics until ANALYZE runs: without them it may walk a whole index
    where a selective one would do (a tag page with 10,000 items: 300 ms instead of 3 ms,
    see bench/README.md). PostgreSQL's autovacuum analyses by itself. `analysis_limit`
    bounds the work to a sample of each index, so the run stays short on a large site.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
    return True

"""Retention promises kept by scheduled purges, enqueued once per interval by the workers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from parvis.accounts.models import User
from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant
from parvis.accounts.tasks import purge_unverified_accounts
from parvis.core.models import ScheduledRun
from parvis.core.schedule import enqueue_due, jobs
from parvis.core.tasks import (
    TASK_RESULT_RETENTION,
    purge_expired_sessions,
    purge_finished_tasks,
    refresh_database_statistics,
)
from parvis.core.tests.concurrency import race_report

pytestmark = pytest.mark.django_db

PURGES = {
    "parvis.accounts.tasks.purge_unverified_accounts",
    "parvis.core.tasks.purge_expired_sessions",
    "parvis.core.tasks.purge_finished_tasks",
}


def queued() -> list[str]:
    return sorted(DBTaskResult.objects.ready().values_list("task_path", flat=True))


def test_the_purges_are_declared_with_their_intervals():
    declared = {job.name: job.interval for job in jobs()}

    assert {name: declared[name] for name in PURGES} == {
        name: timedelta(hours=6) for name in PURGES
    }


def test_each_job_is_enqueued_once_per_interval_however_often_workers_ask():
    start = timezone.now()
    intervals = {job.name: job.interval for job in jobs()}
    names = sorted(intervals)

    def due_between(earlier: timedelta, later: timedelta) -> list[str]:
        # The jobs last enqueued at `earlier` whose interval has passed by `later`.
        return sorted(name for name, every in intervals.items() if every <= later - earlier)

    assert sorted(enqueue_due(start)) == names
    assert enqueue_due(start) == []
    just_before = timedelta(hours=5, minutes=59)
    assert sorted(enqueue_due(start + just_before)) == due_between(timedelta(0), just_before)
    assert not set(enqueue_due(start + just_before)) & PURGES

    assert set(enqueue_due(start + timedelta(hours=6))) >= PURGES
    assert not set(enqueue_due(start + timedelta(hours=6, seconds=1))) & PURGES
    assert sorted(set(queued()) & PURGES) == sorted(PURGES)
    assert sum(1 for path in queued() if path in PURGES) == 2 * len(PURGES)
    assert ScheduledRun.objects.get(
        name="parvis.core.tasks.purge_expired_sessions"
    ).last_enqueued_at == (start + timedelta(hours=6))


@pytest.mark.django_db(transaction=True)
def test_two_workers_deciding_at_once_enqueue_each_job_once():
    report = race_report("enqueue_due_at_once")

    jobs_count = report["jobs"]
    # Between them the two workers enqueued each job once; which one did which may vary.
    assert sum(report["enqueued"]) == jobs_count
    assert report["task_rows"] == jobs_count
    assert len(set(report["task_names"])) == jobs_count
    assert set(report["task_names"]) >= PURGES


# --- what each purge erases --------------------------------------------------------------------


def account(email: str, *, days_ago: int, verified: bool = False, **fields) -> User:
    user = User.objects.create_user(email, "long-enough-password-123", **fields)
    user.date_joined = timezone.now() - timedelta(days=days_ago)
    user.save(update_fields=["date_joined"])
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def test_only_old_never_verified_never_used_accounts_without_roles_are_erased(run_tasks):
    account("stale@example.org", days_ago=31)
    account("stale.no.address@example.org", days_ago=45).emailaddress_set.all().delete()
    account("verified@example.org", days_ago=400, verified=True)
    account("recent@example.org", days_ago=29)
    account("signed.in@example.org", days_ago=31, last_login=timezone.now() - timedelta(days=30))
    role_holder = account("officer@mairie.example", days_ago=31)
    make_user("admin@mairie.example", roles=(Role.ADMINISTRATOR,))
    role_grant(user=role_holder, role=Role.ELECTED_OFFICIAL, granted_by=None)
    provider_user = account("fc@example.org", days_ago=31)
    SocialAccount.objects.create(user=provider_user, provider="franceconnect", uid="sub-123")
    second_address = account("second@example.org", days_ago=31)
    EmailAddress.objects.create(user=second_address, email="other@example.org", verified=True)

    result = purge_unverified_accounts.enqueue()
    run_tasks()

    assert sorted(User.objects.values_list("email", flat=True)) == [
        "admin@mairie.example",
        "fc@example.org",
        "officer@mairie.example",
        "recent@example.org",
        "second@example.org",
        "signed.in@example.org",
        "verified@example.org",
    ]
    finished = DBTaskResult.objects.get(id=result.id)
    assert (finished.status, finished.return_value) == ("SUCCESSFUL", 2)


def test_expired_sessions_are_erased_and_live_ones_kept(run_tasks):
    live = SessionStore()
    live["visit"] = 1
    live.set_expiry(timezone.now() + timedelta(days=1))
    live.create()
    expired = SessionStore()
    expired["visit"] = 2
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    purge_expired_sessions.enqueue()
    run_tasks()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_finished_task_rows_are_erased_after_seven_days(run_tasks):
    # Finished tasks, some long ago: their rows hold copies of e-mails.
    old_done = purge_expired_sessions.enqueue()
    recent_done = purge_expired_sessions.enqueue()
    run_tasks()
    DBTaskResult.objects.filter(id=old_done.id).update(
        finished_at=timezone.now() - TASK_RESULT_RETENTION - timedelta(minutes=1)
    )
    DBTaskResult.objects.filter(id=recent_done.id).update(
        finished_at=timezone.now() - TASK_RESULT_RETENTION + timedelta(minutes=1)
    )
    # A task still waiting, enqueued long ago, is never erased: it has not run yet.
    waiting = purge_expired_sessions.enqueue()
    DBTaskResult.objects.filter(id=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(days=30)
    )

    deleted = purge_finished_tasks.call()

    assert deleted == 1
    assert sorted(str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)) == sorted(
        [recent_done.id, waiting.id]
    )


# --- database statistics -----------------------------------------------------------------------


def test_sqlite_learns_the_tables_sizes_and_postgresql_is_left_to_autovacuum():
    make_user("stats@example.org")
    refreshed = refresh_database_statistics.call()

    assert refreshed == (connection.vendor == "sqlite")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'accounts_user'")
            assert cursor.fetchone()[0] > 0

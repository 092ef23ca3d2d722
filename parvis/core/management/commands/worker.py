"""`parvis worker`: run queued tasks and enqueue the periodic ones when they are due.

The worker outlives a database that is briefly unavailable: a SQLite file locked by a long
write (past the busy timeout, DATABASE_BUSY_TIMEOUT), or a PostgreSQL connection dropped by
a restart or a network cut. django-tasks-db's worker lets such an error escape from taking a
task and from recording its result, which stopped the process and left the task RUNNING for
good. Here those errors are waited out, with a warning saying why: taking a task is tried
again with a growing delay, and a result is recorded once the database answers again — the
task itself is never run a second time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from parvis.core.schedule import enqueue_due

logger = logging.getLogger("parvis.worker")
SCHEDULE_EVERY_SECONDS = 30
#: Waits between attempts: doubling from the first, capped, each shortened by a random part
#: (jitter) so that several workers do not knock at the same instant.
FIRST_WAIT_SECONDS = 0.5
LONGEST_WAIT_SECONDS = 30.0
#: After this long without a failure, the next one starts again from the first wait.
CALM_AFTER_SECONDS = 60.0


def is_transient(error: BaseException) -> bool:
    """Whether a database error goes away by itself: a lock, or a lost connection.

    On SQLite only a lock qualifies (a missing table or a full disk does not pass by
    waiting). On PostgreSQL an OperationalError or InterfaceError is a connection lost,
    refused or reset; errors in the statement itself are ProgrammingError and the like.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    if isinstance(error, OperationalError) and is_locked_database_exception(error):
        return True
    return any(connection.vendor == "postgresql" for connection in connections.all())


def wait_before(attempt: int) -> float:
    """Seconds to wait before attempt `attempt + 1` (exponential backoff, capped, jittered)."""
    longest = min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (attempt - 1))
    return random.uniform(longest / 2, longest)  # spreads retries; not a secret


def forget_connections() -> None:
    """Drop this thread's database connections: the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):  # gone already: closing is only tidying
            connection.close()


class PatientWorker(Worker):
    """django-tasks-db's worker, made to wait out a locked or lost database (see above)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._attempt = 0
        self._last_failure = 0.0

    def _wait(self, what: str, error: BaseException) -> None:
        now = time.monotonic()
        if now - self._last_failure > CALM_AFTER_SECONDS:
            self._attempt = 0
        self._attempt += 1
        self._last_failure = now
        delay = wait_before(self._attempt)
        logger.warning(
            "The database is unavailable (%s: %s) while %s; trying again in %.1f s.",
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error).strip() else "no detail",
            what,
            delay,
        )
        forget_connections()
        time.sleep(delay)

    def run(self) -> None:
        # The loop of the parent class takes and runs tasks; an error it lets escape ends it.
        # A transient one is waited out and the loop entered again (no task is held then:
        # the task being taken is given back by the rollback, one being run is recorded
        # by run_task below before the loop goes on).
        while True:
            try:
                super().run()
                return
            except DatabaseError as error:
                if not is_transient(error):
                    raise
                self._wait("taking the next task", error)
                self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # The task runs once; only recording its outcome is tried again, for as long as it
        # takes. A second Ctrl-C (or SIGTERM) still stops the worker at once.
        db_task_result.set_successful = self._until_recorded(db_task_result.set_successful)
        db_task_result.set_failed = self._until_recorded(db_task_result.set_failed)
        super().run_task(db_task_result)

    def _until_recorded(self, record: Callable[[Any], None]) -> Callable[[Any], None]:
        def patiently(outcome: Any) -> None:
            while True:
                try:
                    record(outcome)
                    return
                except DatabaseError as error:
                    if not is_transient(error):
                        raise
                    self._wait("recording the result of a task", error)

        return patiently


class Command(DBWorkerCommand):
    help = "Run the task worker: e-mail, notifications and scheduled purges (Ctrl-C stops it)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # Parvis uses several queues (mail, maintenance…): a worker serves them all by default.
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not enqueue periodic jobs from this worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The parent's handle(), with the patient worker instead of its own.
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = PatientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if options["schedule"] and not options["batch"]:
            threading.Thread(
                target=self._schedule_loop, name="parvis-schedule", daemon=True
            ).start()
        if options["reload"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloaded child only
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

    def _schedule_loop(self) -> None:
        stop = threading.Event()
        while not stop.is_set():
            try:
                enqueued = enqueue_due()
                if enqueued:
                    logger.info("Enqueued periodic jobs: %s", ", ".join(enqueued))
            except DatabaseError as error:
                if not is_transient(error):
                    logger.exception("Could not enqueue periodic jobs; will try again.")
                else:
                    logger.warning(
                        "The database is unavailable (%s) while enqueuing periodic jobs; "
                        "trying again in %s s.",
                        error,
                        SCHEDULE_EVERY_SECONDS,
                    )
                    forget_connections()
            except Exception:
                logger.exception("Could not enqueue periodic jobs; will try again.")
            finally:
                close_old_connections()
            stop.wait(SCHEDULE_EVERY_SECONDS)

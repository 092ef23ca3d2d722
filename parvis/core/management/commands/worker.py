"""`parvis worker`: run queued tasks and enqueue the periodic ones when they are due."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from parvis.core.schedule import enqueue_due

logger = logging.getLogger("parvis.worker")
SCHEDULE_EVERY_SECONDS = 30


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
        schedule = options.pop("schedule")
        if schedule and not options["batch"]:
            threading.Thread(
                target=self._schedule_loop, name="parvis-schedule", daemon=True
            ).start()
        super().handle(*args, **options)

    def _schedule_loop(self) -> None:
        stop = threading.Event()
        while not stop.is_set():
            try:
                enqueued = enqueue_due()
                if enqueued:
                    logger.info("Enqueued periodic jobs: %s", ", ".join(enqueued))
            except Exception:
                logger.exception("Could not enqueue periodic jobs; will try again.")
            finally:
                close_old_connections()
            stop.wait(SCHEDULE_EVERY_SECONDS)

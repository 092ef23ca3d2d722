"""Measure the notification fan-out: 50,000 followers of a space, one article published.

    .venv/bin/python bench/fanout.py                   # SQLite, 50,000 followers, 1 worker
    .venv/bin/python bench/fanout.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_fanout \\
        --create-database                              # the same on PostgreSQL

One command, three figures:

1. Publish: an officer publishes an article (in review) of a neighbourhood that 50,000
   accounts follow, by e-mail, immediately. Timed: `article_publish()`, the service the back
   office calls, from its call to the commit of its transaction (status, audit entry, search
   document, the `Notification` and its enqueued fan-out task).
2. Fan-out: `parvis.notifications.outbox.fan_out()`, what that task runs in the worker:
   resolve the followers, write one `Delivery` each, enqueue one send task per batch.
   Run here, in this process, to time it alone; the worker finds the task done when it
   reaches it. Publish + fan-out is the time until every message is enqueued.
3. Delivery: the real worker (`python -m parvis worker --batch`, as many processes as
   `--workers`) sends every message to an aiosmtpd server this script runs on loopback;
   printed as messages per second, with a check that everyone got exactly one message.

The accounts and subscriptions are written in bulk (they are the setting, not the measure).
Nothing is asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import clean_up, free_port, load_average, machine, prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
BATCH = 5_000
EMAIL_DOMAIN = "fanout.example"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL; default: SQLite.")
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database (dropping it first) and drop it at the end.",
    )
    parser.add_argument("--followers", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=1, help="Worker processes sending.")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=0,
        help="NOTIFICATION_BATCH_SIZE for the workers (default: the setting's, 50).",
    )
    parser.add_argument("--no-send", action="store_true", help="Stop after the fan-out.")
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    return parser.parse_args()


class CountingHandler:
    """The mail server's side: counts every message and remembers when they arrived."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recipients: Counter[str] = Counter()
        self.first: float | None = None
        self.last: float | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        now = time.perf_counter()
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
            if self.first is None:
                self.first = now
            self.last = now
        return "250 OK"

    @property
    def messages(self) -> int:
        with self.lock:
            return sum(self.recipients.values())


def prepare(followers: int) -> dict:
    """An officer, a neighbourhood, `followers` accounts following it, an article in review."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from parvis.accounts.models import User
    from parvis.news.models import Article
    from parvis.news.services import article_save, article_submit
    from parvis.notifications.models import EmailPreference, Frequency, Subscription
    from parvis.spaces.models import Space, SpaceKind
    from parvis.spaces.services import space_save

    started = time.perf_counter()
    officer = User.objects.create_user("redaction@ville.example", display_name="Rédaction")
    space = space_save(
        space=Space(kind=SpaceKind.NEIGHBOURHOOD, slug="vieux-bourg", name="Vieux-Bourg"),
        actor=officer,
    )
    space_type = ContentType.objects.get_for_model(Space)
    with transaction.atomic():
        for start in range(0, followers, BATCH):
            users = User.objects.bulk_create(
                User(
                    email=f"habitant{i:06d}@{EMAIL_DOMAIN}",
                    display_name=f"Habitant {i}",
                    password=UNUSABLE_PASSWORD_PREFIX + "bench",
                )
                for i in range(start, min(followers, start + BATCH))
            )
            # What `subscription_create` leaves: a preference (language of the e-mails) and
            # an immediate subscription to the space.
            EmailPreference.objects.bulk_create(
                EmailPreference(user=user, language="fr", frequency=Frequency.IMMEDIATE)
                for user in users
            )
            Subscription.objects.bulk_create(
                Subscription(
                    user=user,
                    target_type=space_type,
                    target_id=space.pk,
                    frequency=Frequency.IMMEDIATE,
                )
                for user in users
            )
    article = article_save(
        article=Article(
            title="Le marché du Vieux-Bourg revient le samedi matin",
            slug="marche-du-vieux-bourg",
            lead="Dès le 7 mars, les producteurs retrouvent la place de l'Église.",
            body="Le marché **revient** sur la place, chaque samedi de 8 h à 13 h.\n\n"
            "- fruits et légumes\n- fromages\n- fleurs",
            space=space,
        ),
        actor=officer,
    )
    article_submit(article=article, actor=officer)
    return {
        "officer": officer.pk,
        "article": article.pk,
        "followers": Subscription.objects.filter(target_id=space.pk).count(),
        "seconds": time.perf_counter() - started,
    }


def publish(article_id: int, officer_id: int) -> dict:
    """Time the publishing service, then the fan-out it enqueued."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from parvis.accounts.models import User
    from parvis.news.models import Article
    from parvis.news.services import article_publish
    from parvis.notifications.models import Delivery, Notification
    from parvis.notifications.outbox import fan_out

    article = Article.objects.get(pk=article_id)
    officer = User.objects.get(pk=officer_id)
    tasks_before = DBTaskResult.objects.count()

    assert connection.get_autocommit()  # so the service's own transaction commits on return
    started = time.perf_counter()
    article_publish(article=article, actor=officer)
    published = time.perf_counter()

    notification = Notification.objects.get(key=f"news.article:{article_id}:published")
    fan_out_started = time.perf_counter()
    written = fan_out(notification_id=notification.pk)
    fanned_out = time.perf_counter()
    return {
        "publish_seconds": published - started,
        "fan_out_seconds": fanned_out - fan_out_started,
        "deliveries": written,
        "deliveries_in_database": Delivery.objects.filter(notification=notification).count(),
        "tasks_enqueued": DBTaskResult.objects.count() - tasks_before,
    }


def deliver(workers: int, handler: CountingHandler, expected: int, log: Path) -> dict:
    """Run the real worker(s) until the queue is empty; how fast the messages arrived."""
    from parvis.notifications.models import Delivery

    command = [sys.executable, "-m", "parvis", "worker", "--batch", "--no-startup-delay"]
    started = time.perf_counter()
    with log.open("w") as output:
        processes = [
            subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
            for _ in range(workers)
        ]
        last_report = started
        while any(process.poll() is None for process in processes):
            time.sleep(0.5)
            if time.perf_counter() - last_report >= 15:
                last_report = time.perf_counter()
                say(
                    f"{handler.messages:,} of {expected:,} messages received after "
                    f"{last_report - started:.0f} s"
                )
    finished = time.perf_counter()
    received = handler.messages
    first = handler.first or finished
    last = handler.last or finished
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    return {
        "workers": workers,
        "exit_codes": [process.returncode for process in processes],
        "messages": received,
        "distinct_recipients": len(handler.recipients),
        "received_twice": sum(1 for count in handler.recipients.values() if count > 1),
        "statuses": dict(statuses),
        "wall_seconds": finished - started,
        "first_message_after": first - started,
        "sending_seconds": last - first,
        "per_second": received / (last - started) if received else 0.0,
        "per_second_after_first": (received - 1) / (last - first) if received > 1 else 0.0,
    }


def main() -> None:
    args = parse_args()
    stamp = datetime.now(UTC).strftime("fanout-%Y%m%dT%H%M%SZ")
    run_dir = RESULTS / stamp
    run_dir.mkdir(parents=True)

    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
    smtp.start()

    # The workers started below inherit this environment: same database, same mail server.
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    os.environ.pop("EMAIL_HOST_USER", None)
    os.environ.update(
        {
            "SITE_URL": "https://ville.example",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "false",
        }
    )
    if args.batch_size:
        os.environ["NOTIFICATION_BATCH_SIZE"] = str(args.batch_size)
    database = "PostgreSQL" if args.database_url else "SQLite"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings
    from django.core.management import call_command

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()  # as `parvis` does: the run's data directory and its secret key
    django.setup()
    from django.db import connection

    try:
        say(f"Preparing the {database} database in {run_dir.relative_to(ROOT)}")
        call_command("migrate", verbosity=0, interactive=False)
        setting = prepare(args.followers)
        say(
            f"{setting['followers']:,} accounts follow the space (written in "
            f"{setting['seconds']:.1f} s). Machine: {machine()}, Python "
            f"{platform.python_version()}, load average {load_average()}."
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum would have done by now
                cursor.execute("ANALYZE")
        figures = publish(setting["article"], setting["officer"])
        enqueued = figures["publish_seconds"] + figures["fan_out_seconds"]
        print(
            f"\nFan-out, {database}, {setting['followers']:,} followers\n"
            f"  publish transaction (article_publish → commit) {figures['publish_seconds']:8.3f} s\n"
            f"  fan-out task (deliveries written, sends queued) {figures['fan_out_seconds']:8.3f} s"
            f"   {figures['deliveries']:,} deliveries, {figures['tasks_enqueued']:,} tasks\n"
            f"  every message enqueued                          {enqueued:8.3f} s",
            flush=True,
        )
        summary: dict[str, Any] = {
            "database": database,
            "machine": machine(),
            "python": platform.python_version(),
            "followers": setting["followers"],
            "batch_size": settings.NOTIFICATION_BATCH_SIZE,
            **figures,
        }
        if not args.no_send:
            connection.close()  # the workers get the database to themselves
            say(
                f"Sending with {args.workers} worker(s), batches of "
                f"{settings.NOTIFICATION_BATCH_SIZE}, to aiosmtpd on port {smtp.port}"
            )
            sent = deliver(args.workers, handler, figures["deliveries"], run_dir / "worker.log")
            summary["delivery"] = sent
            print(
                f"\nDelivery, {database}, {sent['workers']} worker(s)\n"
                f"  {sent['messages']:,} messages to {sent['distinct_recipients']:,} "
                f"recipients ({sent['received_twice']} received twice) in "
                f"{sent['wall_seconds']:.1f} s; first after {sent['first_message_after']:.1f} s\n"
                f"  {sent['per_second']:.0f} messages/s from the workers' start, "
                f"{sent['per_second_after_first']:.0f} messages/s from the first message\n"
                f"  deliveries: {sent['statuses']}; worker exit codes {sent['exit_codes']}",
                flush=True,
            )
        summary["load_average_after"] = round(os.getloadavg()[0], 2)
        (run_dir / "results.json").write_text(json.dumps(summary, indent=1))
    finally:
        smtp.stop()
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)
    say(f"Results in {(run_dir / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()

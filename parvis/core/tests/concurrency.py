"""Races run for real: several threads, each with its own database connection, start together.

Each scenario builds what it needs, releases its threads at once through a barrier and
reports what happened, for the tests to judge. On PostgreSQL the tests call the scenarios
in-process. SQLite's in-memory test database cannot hold concurrent writers, so on SQLite
the tests run this module as a program against a file database in WAL mode, exactly as the
embedded default runs (`python -m parvis.core.tests.concurrency` prints the reports as JSON).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any


def run_at_once(count: int, work: Callable[[], Any]) -> list[Any]:
    """Run `work` in `count` threads released together; their results, or the exceptions."""
    from django.db import connection

    barrier = threading.Barrier(count)
    results: list[Any] = []
    lock = threading.Lock()

    def thread() -> None:
        try:
            barrier.wait()
            outcome = work()
        except Exception as exc:  # reported, so the test shows what went wrong
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=thread) for _ in range(count)]
    for each in threads:
        each.start()
    for each in threads:
        each.join()
    return results


def follow_at_once(count: int = 4) -> dict:
    """`count` follow requests from one person for one space at the same instant."""
    from django.test import Client

    from parvis.accounts.models import User
    from parvis.notifications.models import Subscription
    from parvis.spaces.models import Space, SpaceKind
    from parvis.spaces.services import space_save

    user = User.objects.create_user("double.click@example.org", "x" * 20)
    space = space_save(
        space=Space(kind=SpaceKind.NEIGHBOURHOOD, slug="race-quarter", name="Race quarter"),
        actor=None,
    )
    clients = []
    for _ in range(count):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        clients.append(client)
    pending = list(clients)
    pick = threading.Lock()

    def follow() -> int:
        with pick:
            client = pending.pop()
        # What the space page's follow button posts (parvis/notifications/_follow_button.html).
        data = {"target": f"spaces.space:{space.pk}", "next": f"/spaces/{space.slug}/"}
        return client.post("/accounts/subscriptions/follow/", data).status_code

    statuses = run_at_once(count, follow)
    return {
        "statuses": sorted(str(status) for status in statuses),
        "rows": Subscription.objects.filter(user=user).count(),
    }


def enqueue_due_at_once(count: int = 2) -> dict:
    """`count` workers deciding at the same instant which periodic jobs are due."""
    from django_tasks_db.models import DBTaskResult

    from parvis.core.models import ScheduledRun
    from parvis.core.schedule import enqueue_due, jobs

    ScheduledRun.objects.all().delete()
    DBTaskResult.objects.all().delete()
    results = run_at_once(count, enqueue_due)
    return {
        "enqueued": sorted(
            repr(result) if isinstance(result, Exception) else len(result) for result in results
        ),
        "jobs": len(jobs()),
        "task_rows": DBTaskResult.objects.count(),
        "task_names": sorted(DBTaskResult.objects.values_list("task_path", flat=True)),
    }


def confirm_email_at_once(count: int = 2) -> dict:
    """`count` accounts confirming at the same instant the one address each of them added."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from django.test import Client

    from parvis.accounts.models import User

    address = "disputed@example.org"
    keys = []
    for number in range(count):
        user = User.objects.create_user(f"claimant{number}@example.org", "x" * 20)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        keys.append(
            EmailConfirmationHMAC(EmailAddress.objects.create(user=user, email=address)).key
        )
    pick = threading.Lock()

    def confirm() -> int:
        with pick:
            key = keys.pop()
        return Client(HTTP_HOST="localhost").post(f"/accounts/confirm-email/{key}/").status_code

    statuses = run_at_once(count, confirm)
    return {
        "statuses": sorted(str(status) for status in statuses),
        "verified": EmailAddress.objects.filter(email=address, verified=True).count(),
        "rows": EmailAddress.objects.filter(email=address).count(),
        "accounts_signing_in_with_it": User.objects.filter(email=address).count(),
    }


def sign_up_at_once(count: int = 3) -> dict:
    """`count` sign-ups with one new address at the same instant (a double click)."""
    from allauth.account.models import EmailAddress
    from django.test import Client

    from parvis.accounts.models import User

    address = "double.click.signup@example.org"
    password = "correct-horse-battery-staple-42"

    def sign_up() -> int:
        data = {"email": address, "password1": password, "password2": password}
        return Client(HTTP_HOST="localhost").post("/accounts/signup/", data).status_code

    statuses = run_at_once(count, sign_up)
    return {
        "statuses": sorted(str(status) for status in statuses),
        "accounts": User.objects.filter(email=address).count(),
        "rows": EmailAddress.objects.filter(email=address).count(),
    }


SCENARIOS = {
    "follow_at_once": follow_at_once,
    "enqueue_due_at_once": enqueue_due_at_once,
    "confirm_email_at_once": confirm_email_at_once,
    "sign_up_at_once": sign_up_at_once,
}
_file_database_reports: dict | None = None


def race_report(name: str) -> dict:
    """The report of scenario `name`, run against the database the tests run on.

    Call it from a test marked `django_db(transaction=True)`, so that on PostgreSQL the
    threads see committed rows and the tables are emptied afterwards.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return SCENARIOS[name]()
    global _file_database_reports
    if _file_database_reports is None:
        _file_database_reports = _run_on_a_file_database()
    return _file_database_reports[name]


def _run_on_a_file_database() -> dict:
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="parvis-race-") as data_dir:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
        }
        env["PARVIS_DATA_DIR"] = data_dir
        # No static files are collected for this program: pages a race answers with (a 404
        # to the one who lost) name their files without the collected manifest.
        env["DEBUG"] = "true"
        done = subprocess.run(
            [sys.executable, "-m", "parvis.core.tests.concurrency"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    import os

    import django

    from parvis.core.datadir import prepare

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
    prepare()  # as `parvis` does: the data directory and its secret key
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps({name: scenario() for name, scenario in SCENARIOS.items()}))


if __name__ == "__main__":
    main()

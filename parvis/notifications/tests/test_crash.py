"""A worker killed (SIGKILL) in the middle of a batch: the rest is delivered, nobody twice.

Everything is real: `python -m parvis worker` processes, a database of the test's own
(a SQLite file, or a fresh PostgreSQL database when the tests run on PostgreSQL), and an
aiosmtpd server whose handler kills the worker right after receiving the 70th message —
before the worker hears "250", so that delivery stays SENDING, exactly as when a worker dies
while handing a message over.

120 followers, batches of 50: the first batch is sent, the second dies at its 20th message.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller

from parvis.core.tests.subprocesses import parvis_env, run_parvis
from parvis.notifications.tests.conftest import free_port

FOLLOWERS = 120
KILL_AT = 70


class KillingHandler:
    def __init__(self) -> None:
        self.received: list[str] = []
        self.worker: subprocess.Popen | None = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(str(message["To"]))
            count = len(self.received)
        if count == KILL_AT and self.worker is not None:
            os.kill(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=60)
        return "250 OK"  # to a dead worker, after the 70th


@pytest.fixture
def smtp() -> Iterator[tuple[KillingHandler, int]]:
    handler = KillingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def own_database() -> Iterator[dict[str, str]]:
    """The DATABASE_URL of a fresh database on PostgreSQL runs; nothing (SQLite) otherwise."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        yield {}
        return
    import psycopg

    name = f"parvis_crash_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def step(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "parvis.notifications.tests.crash", *args],
        env=env,
        cwd=env["PARVIS_DATA_DIR"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def statuses(env: dict[str, str]) -> Counter:
    return Counter(status for _, status in step(env, "report")["deliveries"])


def worker(env: dict[str, str]) -> subprocess.CompletedProcess:
    return run_parvis("worker", "--batch", "--no-startup-delay", env=env)


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, smtp, own_database
):
    handler, port = smtp
    env = parvis_env(
        tmp_path,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="false",
        SITE_URL="https://ville.example",
        NOTIFICATION_BATCH_SIZE="50",
        **own_database,
    )
    addresses = step(env, "setup", str(FOLLOWERS))["addresses"]

    # 1. The worker dies at the 70th message: the 20th of the second batch.
    handler.worker = subprocess.Popen(
        [sys.executable, "-m", "parvis", "worker", "--batch", "--no-startup-delay"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert handler.worker.wait(timeout=600) == -signal.SIGKILL
    assert len(handler.received) == KILL_AT
    # 69 sent, the 70th SENDING (it reached the server, the worker never knew), 30 claimed
    # by the dead worker, 20 waiting for the third batch's task.
    assert statuses(env) == {"sent": 69, "sending": 1, "pending": 50}

    # 2. Running the worker again sends the third batch; the dead worker's claim holds.
    assert worker(env).returncode == 0
    assert len(handler.received) == 90
    assert statuses(env) == {"sent": 89, "sending": 1, "pending": 30}

    # 3. The sweep (periodic; its timeout is made zero here instead of waiting for it) gives
    #    the 30 back and marks the one caught in flight "uncertain": it is not sent again.
    swept = step({**env, "NOTIFICATION_CLAIM_TIMEOUT": "0"}, "sweep")
    assert swept == {"uncertain": 1, "released": 30, "fan_outs": 0}
    assert worker(env).returncode == 0

    # Everyone received the message exactly once.
    assert sorted(handler.received) == sorted(addresses)
    assert Counter(handler.received).most_common(1)[0][1] == 1
    final = step(env, "report")["deliveries"]
    assert Counter(status for _, status in final) == {"sent": 119, "uncertain": 1}
    assert [email for email, status in final if status == "uncertain"] == [
        handler.received[KILL_AT - 1]
    ]

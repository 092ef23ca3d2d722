"""The task worker outlives a locked or lost database (issue 7, item 2).

A real `python -m parvis worker` runs on a database of the test's own. On SQLite, the test
holds the write lock (BEGIN IMMEDIATE on its own connection) for longer than the busy
timeout, made 1 s here (DATABASE_BUSY_TIMEOUT); on PostgreSQL it cuts the worker's
connection. Before, django-tasks-db's worker let "database is locked" escape from taking a
task and from recording a result: the process stopped and the task stayed RUNNING for good.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from parvis.core.tests.subprocesses import parvis_env, run_parvis, with_database

STATUS = "SELECT status, return_value FROM django_tasks_database_dbtaskresult"


def wait_for(condition: Callable[[], bool], worker: subprocess.Popen, log: Path) -> None:
    """Until `condition` holds; fails at once if the worker stops (a generous bound else)."""
    deadline = time.monotonic() + 120
    while not condition():
        if worker.poll() is not None:
            raise AssertionError(f"the worker stopped ({worker.returncode}):\n{log.read_text()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting; the worker's log:\n{log.read_text()}")
        time.sleep(0.05)


@contextmanager
def running_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "parvis",
                "worker",
                "--no-schedule",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            env=env,
            cwd=env["PARVIS_DATA_DIR"],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: "Starting worker" in log.read_text(), worker, log)
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def enqueue_hold(env: dict[str, str], started: Path, go: Path) -> None:
    code = (
        "from parvis.core.tests.worker_tasks import hold_until; "
        f"hold_until.enqueue({str(started)!r}, {str(go)!r})"
    )
    done = run_parvis("shell", "-c", code, env=env)
    assert done.returncode == 0, done.stderr


def warnings_in(log: Path, doing: str) -> int:
    return sum(
        1
        for line in log.read_text().splitlines()
        if "WARNING parvis.worker: The database is unavailable" in line and doing in line
    )


def test_the_worker_waits_out_a_locked_sqlite_database(tmp_path: Path, migrated_sqlite: Path):
    env = parvis_env(tmp_path, DATABASE_BUSY_TIMEOUT="1")
    with_database(migrated_sqlite, tmp_path)
    database = sqlite3.connect(tmp_path / "parvis.sqlite3", isolation_level=None, timeout=60)
    log, started, go = tmp_path / "worker.log", tmp_path / "started", tmp_path / "go"

    def status() -> tuple[str, str | None]:
        return database.execute(STATUS).fetchone()

    with running_worker(env, log) as worker:
        # 1. Taking a task: the worker's BEGIN waits 1 s, fails, and is tried again.
        database.execute("BEGIN IMMEDIATE")
        wait_for(lambda: warnings_in(log, "while taking the next task") >= 2, worker, log)
        database.execute("ROLLBACK")

        # 2. Recording a result: the task has run, the write lock is taken before it ends.
        enqueue_hold(env, started, go)
        wait_for(started.exists, worker, log)
        database.execute("BEGIN IMMEDIATE")
        go.touch()
        wait_for(lambda: warnings_in(log, "while recording the result") >= 1, worker, log)
        assert status() == ("RUNNING", None)
        database.execute("ROLLBACK")

        wait_for(lambda: status()[0] == "SUCCESSFUL", worker, log)
        assert status() == ("SUCCESSFUL", '"held"')
        assert started.read_text() == "ran\n"  # run once, recorded once the lock went
        assert worker.poll() is None
    assert "Traceback" not in log.read_text()
    assert "database is locked" in log.read_text()  # the warnings say why


@pytest.fixture
def own_postgres_database() -> Iterator[tuple[str, str]]:
    """(the address of a fresh PostgreSQL database, that of the server's "postgres")."""
    base = os.environ["DATABASE_URL"]  # the test is marked `postgresql`: it runs on it only
    import psycopg

    name = f"parvis_worker_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), admin
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgresql
def test_the_worker_waits_out_a_lost_postgresql_connection(tmp_path: Path, own_postgres_database):
    import psycopg

    url, admin = own_postgres_database
    env = parvis_env(tmp_path, DATABASE_URL=url)
    assert run_parvis("migrate", "--no-input", env=env).returncode == 0
    log, started, go = tmp_path / "worker.log", tmp_path / "started", tmp_path / "go"
    name = urlsplit(url).path.lstrip("/")

    def status() -> tuple[str, str | None]:
        with psycopg.connect(url, autocommit=True) as connection:
            return connection.execute(
                STATUS.replace("return_value", "return_value::text")
            ).fetchone()

    with running_worker(env, log) as worker:
        enqueue_hold(env, started, go)
        wait_for(started.exists, worker, log)
        # The worker's connection is cut while the task runs (a restart of PostgreSQL, a
        # network cut): recording the result meets a dead connection.
        with psycopg.connect(admin, autocommit=True) as connection:
            cut = connection.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchone()[0]
        assert cut >= 1
        go.touch()

        wait_for(lambda: status()[0] == "SUCCESSFUL", worker, log)
        assert status() == ("SUCCESSFUL", '"held"')
        assert started.read_text() == "ran\n"
        assert warnings_in(log, "while recording the result") >= 1
        assert worker.poll() is None

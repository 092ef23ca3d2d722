"""The `parvis` command, run as an administrator runs it, on a data directory of its own."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from parvis.core.tests.subprocesses import parvis_env, run_parvis


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("parvis-data")


@pytest.fixture(scope="module")
def migrated(data_dir):
    """`parvis migrate` on an empty data directory (the embedded default: SQLite)."""
    return run_parvis("migrate", "--no-input", env=parvis_env(data_dir))


def test_migrate_creates_the_database_in_the_data_directory(data_dir, migrated):
    assert migrated.returncode == 0, migrated.stderr
    assert "Traceback" not in migrated.stderr
    with sqlite3.connect(data_dir / "parvis.sqlite3") as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
        applied = {row[0] for row in database.execute("SELECT app FROM django_migrations")}
    assert {"spaces_space", "notifications_subscription", "core_auditentry"} <= tables
    assert {"core", "accounts", "spaces", "notifications", "django_tasks_database"} <= applied


def test_migrate_twice_changes_nothing(data_dir, migrated):
    again = run_parvis("migrate", "--no-input", env=parvis_env(data_dir))

    assert again.returncode == 0, again.stderr
    assert "No migrations to apply." in again.stdout


def test_check_lists_the_deployment_warnings_of_the_embedded_default(tmp_path):
    done = run_parvis("check", env=parvis_env(tmp_path))

    assert done.returncode == 0
    found = re.findall(r"\((parvis\.W\d{3})\)", done.stderr)
    assert found == ["parvis.W001", "parvis.W002", "parvis.W003", "parvis.W004"]
    assert "?: (parvis.W001) TOWN_NAME is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_is_quiet_about_what_a_real_deployment_has_set(tmp_path):
    env = parvis_env(
        tmp_path,
        TOWN_NAME="Saint-Exemple",
        SITE_URL="https://www.saint-exemple.fr",
        EMAIL_HOST="smtp.saint-exemple.fr",
        # Checking the settings does not connect: an address that answers nothing will do.
        DATABASE_URL="postgres://parvis@127.0.0.1:1/parvis",
    )

    done = run_parvis("check", env=env)

    assert done.returncode == 0, done.stderr
    assert re.findall(r"\((parvis\.W\d{3})\)", done.stderr + done.stdout) == []


def test_the_worker_in_batch_mode_runs_queued_tasks_and_stops(data_dir, migrated):
    assert migrated.returncode == 0
    env = parvis_env(data_dir)
    enqueued = run_parvis(
        "shell",
        "-v",
        "0",
        "-c",
        "from parvis.core.tasks import purge_expired_sessions; "
        "print(purge_expired_sessions.enqueue().id)",
        env=env,
    )
    assert enqueued.returncode == 0, enqueued.stderr
    task_id = enqueued.stdout.strip()

    worker = run_parvis("worker", "--batch", env=env)

    assert worker.returncode == 0, worker.stderr
    status = run_parvis(
        "shell",
        "-v",
        "0",
        "-c",
        "import json; from django_tasks_db.models import DBTaskResult; "
        f"r = DBTaskResult.objects.get(id='{task_id}'); "
        "print(json.dumps([r.status, r.return_value]))",
        env=env,
    )
    assert json.loads(status.stdout.strip().splitlines()[-1]) == ["SUCCESSFUL", 0]


def test_help_lists_the_administrator_commands(tmp_path):
    done = run_parvis("help", env=parvis_env(tmp_path))

    assert done.returncode == 0, done.stderr
    summary, _, django_list = done.stdout.partition("Available subcommands:")
    listed = set(re.findall(r"^    (\w+)$", django_list, re.MULTILINE))
    assert {"demo", "createadmin", "worker", "serve", "run", "migrate", "check"} <= listed
    for command in ("migrate", "createadmin", "demo", "worker", "serve", "run", "check"):
        assert re.search(rf"^    parvis {command} ", summary, re.MULTILINE), command


def test_check_warns_of_several_web_workers_without_redis(tmp_path):
    alone = run_parvis("check", env=parvis_env(tmp_path, WEB_WORKERS="1"))
    several = run_parvis("check", env=parvis_env(tmp_path, WEB_WORKERS="3"))
    shared = run_parvis(
        "check", env=parvis_env(tmp_path, WEB_WORKERS="3", REDIS_URL="redis://127.0.0.1:1/0")
    )

    assert "parvis.W005" not in alone.stderr
    assert "?: (parvis.W005) WEB_WORKERS is above 1 without REDIS_URL" in several.stderr
    assert "parvis.W005" not in shared.stderr

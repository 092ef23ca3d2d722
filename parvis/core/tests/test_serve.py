"""`parvis serve` hands over to granian with the settings of a production worker."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from parvis.core.tests.subprocesses import parvis_env


@pytest.fixture
def handed_over(monkeypatch):
    """What `parvis serve` would run (the exec itself would replace the test process)."""
    calls: list[tuple[str, list[str], str | None, str | None]] = []
    monkeypatch.setattr(
        os,
        "execv",
        lambda path, argv: calls.append(
            (path, argv, os.environ.get("MALLOC_ARENA_MAX"), os.environ.get("SQLITE_CACHE_KB"))
        ),
    )
    return calls


def test_serve_runs_granian_with_two_malloc_arenas_and_smaller_sqlite_caches(
    handed_over, monkeypatch
):
    for name in ("MALLOC_ARENA_MAX", "SQLITE_CACHE_KB"):
        monkeypatch.setenv(name, "")  # so that the test's end removes what serve sets
        monkeypatch.delenv(name)

    call_command("serve", "--port", "8123", "--workers", "3", "--threads", "2")

    [(path, argv, arenas, sqlite_cache)] = handed_over
    assert path == sys.executable
    assert argv[1:3] == ["-m", "granian"]
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--blocking-threads") + 1] == "2"
    assert argv[-1] == "parvis.wsgi:application"
    assert arenas == "2"
    assert sqlite_cache == "512"


def test_an_operators_settings_are_kept(handed_over, monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    monkeypatch.setenv("SQLITE_CACHE_KB", "4000")

    call_command("serve")

    assert handed_over[0][2:] == ("4", "4000")


def test_each_sqlite_connection_caches_what_sqlite_cache_kb_says(tmp_path):
    script = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA cache_size'); "
        "print(cursor.fetchone()[0])"
    )
    found = []
    for variables in ({}, {"SQLITE_CACHE_KB": "512"}):
        env = parvis_env(
            tmp_path, DJANGO_SETTINGS_MODULE="parvis.settings", SECRET_KEY="k" * 50, **variables
        )
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        found.append(done.stdout.strip())

    assert found == ["-2000", "-512"]


def test_serve_with_the_asgi_interface_serves_websockets_too(handed_over):
    call_command("serve", "--port", "8123", "--workers", "2", "--interface", "asgi")

    [(_path, argv, _arenas, _sqlite_cache)] = handed_over
    assert argv[argv.index("--interface") + 1] == "asgi"
    assert argv[argv.index("--workers") + 1] == "2"
    assert "--ws" in argv and "--no-ws" not in argv
    assert argv[-1] == "parvis.asgi:application"


def test_the_wsgi_interface_stays_the_default_without_websockets(handed_over):
    call_command("serve")

    [(_path, argv, _arenas, _sqlite_cache)] = handed_over
    assert argv[argv.index("--interface") + 1] == "wsgi"
    assert "--no-ws" in argv

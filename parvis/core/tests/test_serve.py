"""`parvis serve` hands over to granian with the settings of a production worker."""

from __future__ import annotations

import os
import sys

import pytest
from django.core.management import call_command


@pytest.fixture
def handed_over(monkeypatch):
    """What `parvis serve` would run (the exec itself would replace the test process)."""
    calls: list[tuple[str, list[str], str | None]] = []
    monkeypatch.setattr(
        os,
        "execv",
        lambda path, argv: calls.append((path, argv, os.environ.get("MALLOC_ARENA_MAX"))),
    )
    return calls


def test_serve_runs_granian_with_two_malloc_arenas(handed_over, monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "")  # so that the test's end removes what serve sets
    monkeypatch.delenv("MALLOC_ARENA_MAX")

    call_command("serve", "--port", "8123", "--workers", "3", "--threads", "2")

    [(path, argv, arenas)] = handed_over
    assert path == sys.executable
    assert argv[1:3] == ["-m", "granian"]
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--blocking-threads") + 1] == "2"
    assert argv[-1] == "parvis.wsgi:application"
    assert arenas == "2"


def test_an_operators_malloc_setting_is_kept(handed_over, monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")

    call_command("serve")

    assert handed_over[0][2] == "4"

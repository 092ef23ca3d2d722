"""Tasks for the tests that run a real worker (`test_worker.py`); never enqueued by Parvis."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def hold_until(started: str, go: str) -> str:
    """Note one run in `started`, then wait until the file `go` exists (two minutes at most)."""
    with Path(started).open("a") as runs:
        runs.write("ran\n")
    deadline = time.monotonic() + 120
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return "held"

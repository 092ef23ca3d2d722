"""The map of a layer in a real Chromium: `tests/sampleapp/map_browser.py`, run in a pytest of
its own with `tests.sampleapp.settings` (the sample app, whose places are the layer, is
installed only there), on the same database engine as this run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.test_sample_app import APP, ROOT, _own_database

pytestmark = pytest.mark.browser


def test_the_places_map_works_with_the_keyboard_and_passes_axe():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = _own_database(env["DATABASE_URL"]) + "_map"
    run = subprocess.run(
        [
            sys.executable, "-m", "pytest", str(APP / "map_browser.py"),
            "--ds=tests.sampleapp.settings", "-n", "0", "-q", "-p", "no:cacheprovider",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert re.search(r"\b2 passed\b", run.stdout), run.stdout[-2000:]

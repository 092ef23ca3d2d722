"""The app contract, proved: a feature app that lives in one folder (`tests/sampleapp/`, a
notice board) gets comments, moderation, search, follow and e-mail, feeds, its pages and
sections of the home and space pages, and a map of its places, from its manifest alone.

Installing it changes Parvis's settings (INSTALLED_APPS), so its scenario runs in a pytest of
its own, with `tests.sampleapp.settings`, on the same database engine as this run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "tests" / "sampleapp"


def _own_database(url: str) -> str:
    """The run's own database on the same server: never the test database of this run."""
    return re.sub(r"/([^/?]+)(\?|$)", r"/\1_sampleapp\2", url, count=1) if url else ""


def test_the_notice_board_works_from_its_own_folder():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = _own_database(env["DATABASE_URL"])
    run = subprocess.run(
        [
            sys.executable, "-m", "pytest", str(APP / "scenario.py"), str(APP / "map_scenario.py"),
            "--ds=tests.sampleapp.settings", "-n", "0", "-q", "-p", "no:cacheprovider",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert re.search(r"\b43 passed\b", run.stdout), run.stdout[-2000:]


def test_nothing_outside_its_folder_names_it():
    names = re.compile(r"sampleapp|noticeboard|\bNotice\b")
    found = []
    for path in sorted((ROOT / "parvis").rglob("*")):
        if path.suffix in {".py", ".html", ".txt", ".toml"} and names.search(path.read_text()):
            found.append(str(path.relative_to(ROOT)))
    for path in (ROOT / "conftest.py", ROOT / "pyproject.toml", ROOT / "tests" / "conftest.py"):
        if names.search(path.read_text()):
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_the_database_of_the_scenario_is_never_this_runs():
    assert _own_database("postgres://postgres@127.0.0.1:5432/parvis_ci_1") == (
        "postgres://postgres@127.0.0.1:5432/parvis_ci_1_sampleapp"
    )
    assert _own_database("postgres://u@h/db?sslmode=disable") == (
        "postgres://u@h/db_sampleapp?sslmode=disable"
    )

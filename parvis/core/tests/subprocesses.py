"""Running Parvis as an administrator does: `python -m parvis …` in a fresh process.

Settings are read once per process, from the environment; tests that change the environment
(bad values, an unreachable database) therefore run Parvis in a child process with exactly
the variables they choose and a data directory of their own.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Variables of the test run's own environment that would change what the child reads.
_INHERITED_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    # Set while a browser test runs (Playwright keeps an event loop); never for a child.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SITE_URL",
    "SECRET_KEY",
    "TOWN_NAME",
    "EMAIL_HOST",
    "STORAGE_BACKEND",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "SQLITE_CACHE_KB",
)


#: The database of a data directory on the embedded default (parvis/settings.py).
SQLITE_FILE = "parvis.sqlite3"


def parvis_env(data_dir: Path, **variables: str) -> dict[str, str]:
    """The environment of a child Parvis: this one's, minus its settings, plus `variables`."""
    env = {key: value for key, value in os.environ.items() if key not in _INHERITED_SETTINGS}
    env["PARVIS_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(variables)
    return env


def migrated_template(folder: Path) -> Path:
    """`parvis migrate` run once into `folder` (SQLite): the database file, to be copied
    into each test's data directory (`with_database`) instead of migrating again."""
    done = run_parvis("migrate", "--no-input", "-v", "0", env=parvis_env(folder))
    assert done.returncode == 0, done.stderr
    return folder / SQLITE_FILE


def with_database(template: Path, data_dir: Path) -> None:
    """A copy of the migrated database `template` in `data_dir`, as `parvis migrate` would
    have left it there (the copy is taken with no process using the file)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, data_dir / source.name)


def run_parvis(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parvis", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=env["PARVIS_DATA_DIR"],
    )


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


def http_get(url: str, *, headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return Answer(
            error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def parvis_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """`parvis serve` (granian) on a free loopback port; yields its base URL, stops it after."""
    port = _free_port()
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "parvis", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=env["PARVIS_DATA_DIR"],
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_answering(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_answering(base: str, process: subprocess.Popen, log: Path) -> None:
    # A generous bound for a loaded machine; the test asserts nothing about the time taken.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"parvis serve stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=30):
                return
        except urllib.error.HTTPError:
            return  # it answered, even if to say it is unwell
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"parvis serve never answered:\n{log.read_text()}")

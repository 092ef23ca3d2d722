"""What every benchmark script needs: a throwaway PostgreSQL database, a free port, and a line
saying which machine (and how loaded) the figures come from."""

from __future__ import annotations

import os
import platform
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def say(message: str) -> None:
    print(f"# {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(
    root: Path, port: int, *, workers: int, threads: int, log: Path, env: dict[str, str]
) -> subprocess.Popen:
    """The production server (`python -m parvis serve`: granian) of the checkout at `root` on
    `port`, with `env` added to this environment, once it answers /health/; its output in
    `log`. Exits if it does not answer within a minute."""
    server = subprocess.Popen(
        [sys.executable, "-m", "parvis", "serve", "--port", str(port), "--workers", str(workers),
         "--threads", str(threads)],
        cwd=root,
        env={**os.environ, "SITE_URL": f"http://127.0.0.1:{port}", **env},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    sys.exit(f"The server did not answer /health/ in time: see {log}.")


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPU ({model or platform.processor()}), {platform.system()} {platform.release()}"


def load_average() -> str:
    """The machine's 1-minute load: other work on the same cores skews the figures."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def town_positions(
    count: int, bounds: tuple[float, float, float, float], seed: int
) -> Iterator[tuple[float, float]]:
    """`count` (lon, lat) positions within `bounds` (min_lon, min_lat, max_lon, max_lat), as a
    town's points fall: 80 % around 12 centres (neighbourhoods), the rest anywhere. Seeded:
    the same positions on every run."""
    min_lon, min_lat, max_lon, max_lat = bounds
    rng = random.Random(seed)
    centres = [(rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)) for _ in range(12)]
    for _ in range(count):
        if rng.random() < 0.8:
            lon, lat = rng.choice(centres)
            lon, lat = rng.gauss(lon, 0.01), rng.gauss(lat, 0.007)
        else:
            lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
        yield min(max(lon, min_lon), max_lon), min(max(lat, min_lat), max_lat)


class Postgres:
    """Create and drop the benchmark's own database, through the server's `postgres` one."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        if not self.name or not self.name.replace("_", "").isalnum():
            sys.exit(f"--database-url must name a database of letters, digits and _: {url}")
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.url = url

    def _execute(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self) -> None:
        self.drop()
        self._execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def analyze(self) -> None:
        """Gather the planner's statistics, as autovacuum does on a live site some time after
        rows arrive: a freshly filled table has none, and the planner then guesses a few
        rows where there are thousands (the news list sorted 9,700 rows for 21: 17 ms
        instead of 0.2)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute("ANALYZE")


def prepare_environment(run_dir: Path, database_url: str, *, create: bool) -> Postgres | None:
    """The environment a benchmark's Django runs in: the run's own data directory, nothing
    inherited that would reach a real site (its database, Redis, mail server), and the
    PostgreSQL database of `database_url` (created afresh when `create`), or SQLite."""
    for key in ("DATABASE_URL", "TOWN_NAME", "REDIS_URL", "EMAIL_HOST"):
        os.environ.pop(key, None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "parvis.settings",
            "PARVIS_DATA_DIR": str(run_dir),
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    if not database_url:
        return None
    postgres = Postgres(database_url)
    os.environ["DATABASE_URL"] = database_url
    if create:
        say(f"Creating PostgreSQL database {postgres.name}")
        postgres.create()
    return postgres


def clean_up(run_dir: Path, postgres: Postgres | None, *, drop: bool, keep: bool) -> None:
    """After a run: drop the PostgreSQL database it made (`drop`), and unless `keep`, delete
    what the run wrote but its results (the SQLite files, the key, static files, media)."""
    import shutil

    if postgres and drop and not keep:
        postgres.drop()
    if keep:
        return
    for path in run_dir.glob("parvis.sqlite3*"):
        path.unlink()
    (run_dir / "secret_key").unlink(missing_ok=True)
    for directory in ("static", "media", "private"):
        shutil.rmtree(run_dir / directory, ignore_errors=True)


def measure_pages(
    pages: list[tuple[str, str]], ports: dict[str, int], *, seconds: float
) -> dict[str, dict]:
    """Each page (name, path) on each server (its mode: "uncached", "cached"… and its port):
    warmed up for a second, then loaded for `seconds` by `load.drive` (2 processes x 4
    threads); a line printed for each. Returns the figures by page, then mode."""
    from load import drive

    print(f"  {'page':<24} {'mode':<9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    results: dict[str, dict] = {}
    for name, path in pages:
        for mode, port in ports.items():
            target = {"host": "127.0.0.1", "port": port, "path": path, "processes": 2, "threads": 4}
            drive(name=name, seconds=1.0, **target)
            result = drive(name=name, seconds=seconds, **target)
            results.setdefault(name, {"path": path})[mode] = {
                "per_second": round(result.per_second, 1),
                "p50_ms": round(result.percentile(0.5), 1),
                "p95_ms": round(result.percentile(0.95), 1),
                "errors": result.errors,
            }
            print(
                f"  {name:<24} {mode:<9} {result.per_second:>8.0f} "
                f"{result.percentile(0.5):>8.1f} {result.percentile(0.95):>8.1f} "
                f"{result.errors:>7}",
                flush=True,
            )
    return results

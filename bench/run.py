"""Measure anonymous pages of Parvis under load, against the real production server.

    .venv/bin/python bench/run.py                      # SQLite, 1,000 spaces x 5 pages, 10,000 users,
                                                       # 10,000 articles, 2,000 announcements
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench \\
        --create-database                              # the same on PostgreSQL, in a database of its own

One command: it prepares a fresh database (migrate, `bench/benchfill.py`, collectstatic), starts
`python -m parvis serve` (granian) on a free port as a separate process, warms every page up,
then loads each page in turn with `bench/load.py` (separate processes, keep-alive
connections) and prints one line per page. It stops the server at the end. Nothing is
asserted: a benchmark prints figures, it does not pass or fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from common import Postgres, free_port, load_average, machine, say
from load import PageResult, drive

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SIZE_KEYS = ("spaces", "pages", "users", "subscriptions", "articles", "announcements", "tags")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL; default: a fresh SQLite file under bench/results/.",
    )
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database of --database-url (dropping it first if it "
        "exists) and drop it at the end.",
    )
    parser.add_argument("--spaces", type=int, default=1000)
    parser.add_argument("--pages-per-space", type=int, default=5)
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--announcements", type=int, default=2000)
    parser.add_argument("--tags", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=10.0, help="Load per page.")
    parser.add_argument("--warmup", type=float, default=2.0, help="Warm-up per page, seconds.")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--client-threads", type=int, default=4, help="Per client process.")
    parser.add_argument("--server-workers", type=int, default=1)
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--pages", default="", help="Comma-separated page names to run.")
    parser.add_argument("--keep", action="store_true", help="Keep the database at the end.")
    return parser.parse_args()


def parvis(env: dict, *args: str, capture: bool = False) -> str:
    return python(env, "-m", "parvis", *args, capture=capture)


def python(env: dict, *args: str, capture: bool = False) -> str:
    """Run `python *args` (a script, or `-m parvis …`) in the repository; its output."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=False,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    if result.returncode != 0:
        sys.exit(f"`python {' '.join(args)}` failed ({result.returncode}).")
    return result.stdout or ""


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped at start-up ({server.returncode}); see its log.")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    sys.exit("The server did not answer /health/ in time.")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


HEADER = (
    f"{'page':<14} {'requests':>9} {'errors':>7} {'req/s':>8} "
    f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
)


def line(result: PageResult) -> str:
    return (
        f"{result.name:<14} {result.requests:>9} {result.errors:>7} "
        f"{result.per_second:>8.1f} {result.percentile(0.50):>8.1f} "
        f"{result.percentile(0.95):>8.1f} {result.percentile(0.99):>8.1f}"
    )


def main() -> None:
    args = parse_args()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_dir = RESULTS / stamp
    run_dir.mkdir(parents=True)
    port = free_port()

    env = {
        key: value
        for key, value in os.environ.items()
        # The bench database is made for the bench: no real town, no outside services.
        if key not in {"DATABASE_URL", "TOWN_NAME", "REDIS_URL", "EMAIL_HOST"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "parvis.settings",
            "PARVIS_DATA_DIR": str(run_dir),
            "DEBUG": "false",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "LOG_LEVEL": "WARNING",
        }
    )
    postgres = None
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
        if args.create_database:
            postgres = Postgres(args.database_url)
            say(f"Creating PostgreSQL database {postgres.name}")
            postgres.create()
    database = "PostgreSQL" if args.database_url else "SQLite"

    server = None
    log = None
    try:
        say(f"Preparing the {database} database in {run_dir.relative_to(ROOT)}")
        parvis(env, "migrate", "--no-input", "-v", "0")
        fill = json.loads(
            python(
                env, "bench/benchfill.py", "--json",
                "--spaces", str(args.spaces),
                "--pages-per-space", str(args.pages_per_space),
                "--users", str(args.users),
                "--articles", str(args.articles),
                "--announcements", str(args.announcements),
                "--tags", str(args.tags),
                capture=True,
            )
        )  # fmt: skip
        say(
            f"Filled in {fill['seconds']:.1f} s: {fill['spaces']} spaces, {fill['pages']} "
            f"pages, {fill['users']} accounts, {fill['subscriptions']} subscriptions, "
            f"{fill['articles']} articles, {fill['announcements']} announcements, "
            f"{fill['tags']} tags"
        )
        parvis(env, "collectstatic", "--no-input", "-v", "0")

        pages = {
            "home": "/",
            "spaces": "/spaces/",
            "kind-list": f"/spaces/kind/{fill['sample_kind']}/?page=2",
            "space-detail": fill["sample_space_url"],
            "space-page": fill["sample_page_url"],
            "search": "/search/?q=lavoir+jardin",
            "news-list": "/news/",
            # Deep in the list: what an OFFSET costs when someone pages far back.
            "news-list-deep": "/news/?page=400",
            "news-detail": fill["sample_article_url"],
            "tag-page": fill["sample_tag_url"],
            "news-rss": "/news/feed/rss/",
            "tag-rss": f"/tags/{fill['sample_tag_slug']}/news/feed/rss/",
            "announcements": "/announcements/",
            "legal-notice": "/legal/notice/",
            "health": "/health/",
        }
        if not fill["sample_article_url"]:  # a fill without news (--articles 0)
            pages = {name: path for name, path in pages.items() if "news" not in name}
        if not fill["sample_tag_slug"]:
            pages = {name: path for name, path in pages.items() if not name.startswith("tag")}
        if args.pages:
            wanted = args.pages.split(",")
            pages = {name: path for name, path in pages.items() if name in wanted}

        log = (run_dir / "server.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable, "-m", "parvis", "serve",
                "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(args.server_workers),
                "--threads", str(args.server_threads),
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until_up(port, server)
        say(
            f"Server: granian (parvis serve), {args.server_workers} worker(s) × "
            f"{args.server_threads} threads, port {port}. Client: "
            f"{args.client_processes} processes × {args.client_threads} keep-alive connections, "
            f"{args.seconds:g} s per page. Machine: {machine()}, Python "
            f"{platform.python_version()}. Load average before: {load_average()}."
        )

        for name, path in pages.items():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
                if answer.status != 200:
                    sys.exit(f"{name} ({path}) answers {answer.status}, not 200.")
            if args.warmup > 0:
                drive(
                    name=name, host="127.0.0.1", port=port, path=path, seconds=args.warmup,
                    processes=1, threads=2,
                )  # fmt: skip

        results = []
        print(HEADER, flush=True)
        for name, path in pages.items():
            result = drive(
                name=name, host="127.0.0.1", port=port, path=path, seconds=args.seconds,
                processes=args.client_processes, threads=args.client_threads,
            )  # fmt: skip
            results.append(result)
            print(line(result), flush=True)
        summary = {
            "database": database,
            "size": {key: fill[key] for key in SIZE_KEYS},
            "server": {"workers": args.server_workers, "threads": args.server_threads},
            "client": {"processes": args.client_processes, "threads": args.client_threads},
            "seconds_per_page": args.seconds,
            "machine": machine(),
            "load_average_after": load_average(),
            "pages": [
                {
                    "page": r.name,
                    "path": r.path,
                    "requests": r.requests,
                    "errors": r.errors,
                    "per_second": round(r.per_second, 1),
                    "p50_ms": round(r.percentile(0.50), 2),
                    "p95_ms": round(r.percentile(0.95), 2),
                    "p99_ms": round(r.percentile(0.99), 2),
                }
                for r in results
            ],
        }
        say(f"Load average after: {load_average()}.")
        (run_dir / "results.json").write_text(json.dumps(summary, indent=2))
        say(f"Figures saved in {(run_dir / 'results.json').relative_to(ROOT)}")
    finally:
        if server is not None:
            stop(server)
        if log is not None:
            log.close()
        if postgres is not None and not args.keep:
            say(f"Dropping PostgreSQL database {postgres.name}")
            postgres.drop()
        if not args.keep:
            # Keep only the figures and the server log; the rest is made again by any run.
            for suffix in ("", "-wal", "-shm"):
                (run_dir / f"parvis.sqlite3{suffix}").unlink(missing_ok=True)
            (run_dir / "secret_key").unlink(missing_ok=True)
            for directory in ("static", "media", "private"):
                shutil.rmtree(run_dir / directory, ignore_errors=True)


if __name__ == "__main__":
    main()

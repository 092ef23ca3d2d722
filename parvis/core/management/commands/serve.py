"""`parvis serve`: the production web server (granian).

WSGI by default: the pages, in processes of several threads (the page benchmarks rely on
it). `--interface asgi` serves the ASGI application instead, pages and the WebSockets apps
declare (`parvis.core.websockets`, under /ws/): `parvis run` serves the embedded default so,
in one process; at scale, a server of its own behind /ws/, with REDIS_URL so that what the
WSGI processes broadcast reaches its consumers (docs/deployment.md)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Parvis over HTTP with granian, the production server."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("PARVIS_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PARVIS_PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_WORKERS", "1")),
            help="Processes; each needs REDIS_URL to share rate limits when there are several.",
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument(
            "--interface",
            choices=["wsgi", "asgi"],
            default=os.environ.get("WEB_INTERFACE", "wsgi"),
            help="wsgi: pages only (the default); asgi: pages and WebSockets (/ws/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [
            sys.executable, "-m", "granian",
            "--host", options["host"],
            "--port", str(options["port"]),
            "--workers", str(options["workers"]),
        ]  # fmt: skip
        if options["interface"] == "asgi":
            # One event loop per process; Django runs the pages' views in a thread of its own.
            argv += ["--interface", "asgi", "--ws", "parvis.asgi:application"]
        else:
            argv += [
                "--interface", "wsgi",
                "--blocking-threads", str(options["threads"]),
                "--no-ws",
                "parvis.wsgi:application",
            ]  # fmt: skip
        # glibc gives each thread that allocates its own arena (up to 8 per core), and the
        # blocking threads' arenas each keep memory freed elsewhere: two arenas hold a worker
        # about 2 MB lower under load, at no cost the GIL does not already impose. An
        # operator's own setting wins.
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")
        # With SQLite, every thread's connection caches pages of the file that the system
        # already holds: 512 KiB each rather than SQLite's 2,000 keeps a worker of 4 threads
        # about 6 MB lower, and its pages no slower (bench: `parvis serve`, PAGE_CACHE=off).
        os.environ.setdefault("SQLITE_CACHE_KB", "512")
        # Replace this process, so signals from the service manager reach granian directly.
        os.execv(sys.executable, argv)

"""`parvis run`: the web server and the task worker together (the embedded default).

Both run as child processes; Ctrl-C (or SIGTERM) stops both, and if either stops on its
own the other is stopped too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and the task worker together; Ctrl-C stops both."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("PARVIS_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PARVIS_PORT", "8000")))

    def handle(self, *args: Any, **options: Any) -> None:
        parvis = [sys.executable, "-m", "parvis"]
        children = [
            subprocess.Popen(
                [*parvis, "serve", "--host", options["host"], "--port", str(options["port"])]
            ),
            subprocess.Popen([*parvis, "worker"]),
        ]
        self.stdout.write(
            f"Parvis is running at http://{options['host']}:{options['port']}/ "
            "(web server and task worker). Press Ctrl-C to stop both."
        )

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
        self.stdout.write("Parvis stopped.")

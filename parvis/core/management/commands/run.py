"""`parvis run`: the web server and the task worker together (the embedded default).

A small supervisor. Each of the two runs as a child process in a process group of its own
(granian's worker processes join the web server's group), so that stopping a child stops
everything it started:

- a child that stops on its own is restarted, after a wait that doubles each time (the
  reason is logged: its exit code or the signal that killed it). If one stops
  `CRASHES_ALLOWED` times in a row, each time within `CRASH_WINDOW_SECONDS` of its start,
  something is wrong that restarting will not fix: Parvis stops, saying so, and exits with
  an error. Counting from each start, not by the clock, a slow start on a loaded machine
  is not taken for a healthy run, and a child that ran a while before stopping starts the
  count again;
- Ctrl-C, SIGTERM and SIGHUP stop both: SIGTERM to each group, then SIGKILL to what is
  left after `STOP_GRACE_SECONDS` (a second Ctrl-C does not wait). So does an error in the
  supervisor itself;
- on Linux the children are also told to stop if the supervisor dies without a word
  (SIGKILL, a crash): PR_SET_PDEATHSIG; and the supervisor adopts what a dead child leaves
  behind (PR_SET_CHILD_SUBREAPER), to stop it and to reap it.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger("parvis.run")

CRASHES_ALLOWED = 5
CRASH_WINDOW_SECONDS = 60.0
FIRST_RESTART_WAIT_SECONDS = 0.5
STOP_GRACE_SECONDS = 10.0
POLL_SECONDS = 0.2
# prctl(2) options (linux/prctl.h).
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _stop_with(parent: int) -> Callable[[], None] | None:
    """What a child runs before Parvis: be sent SIGTERM when the supervisor dies."""
    prctl = _prctl()
    if prctl is None:
        return None

    def before_exec() -> None:
        prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGTERM))
        if os.getppid() != parent:  # the supervisor died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return before_exec


def describe(status: int) -> str:
    """A wait status, as the log says it."""
    if os.WIFSIGNALED(status):
        return f"was killed by signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with code {os.waitstatus_to_exitcode(status)}"


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    #: Stops in a row, each soon after its start (`CRASH_WINDOW_SECONDS`).
    crashes: int = 0
    started_at: float = 0.0
    restart_at: float | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None


class Supervisor:
    def __init__(self, children: list[Child]) -> None:
        self.children = children
        self.stop_requests = 0
        self.stop_reason = ""
        self.failed = False
        self.ended: list[tuple[Child, int]] = []

    # --- processes -------------------------------------------------------------------------
    def start(self, child: Child) -> None:
        child.process = subprocess.Popen(
            child.argv, process_group=0, preexec_fn=_stop_with(os.getpid())
        )
        child.restart_at = None
        child.started_at = time.monotonic()
        logger.info("Started the %s (pid %s).", child.name, child.pid)

    def reap(self) -> None:
        """Collect every ended process: our children (queued in `self.ended`, to be dealt
        with by the loop), and what a dead child left to us (just reaped)."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            for child in self.children:
                if child.process is not None and child.pid == pid:
                    child.process.returncode = os.waitstatus_to_exitcode(status)
                    self.ended.append((child, status))

    def after_end(self, child: Child, status: int) -> None:
        """Stop what the child left behind, then restart it, or give up if it keeps crashing."""
        assert child.pid is not None
        # Its own processes (granian's workers) may outlive it: stop its whole group.
        self.stop_groups([child.pid])
        child.process = None
        if self.stop_requests:
            logger.info("The %s %s.", child.name, describe(status))
            return
        now = time.monotonic()
        soon = now - child.started_at < CRASH_WINDOW_SECONDS
        child.crashes = child.crashes + 1 if soon else 1
        if soon and child.crashes >= CRASHES_ALLOWED:
            logger.error(
                "The %s %s, and has stopped %s times in a row within %s seconds of its "
                "start: restarting it will not help. Stopping Parvis; the errors above say "
                "why.",
                child.name,
                describe(status),
                child.crashes,
                int(CRASH_WINDOW_SECONDS),
            )
            self.failed = True
            self.request_stop(f"the {child.name} keeps crashing")
            return
        wait = FIRST_RESTART_WAIT_SECONDS * 2 ** (child.crashes - 1)
        child.restart_at = now + wait
        logger.warning("The %s %s; restarting it in %.1f s.", child.name, describe(status), wait)

    @staticmethod
    def group_alive(pgid: int) -> bool:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    @staticmethod
    def signal_group(pgid: int, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signum)

    def stop_groups(self, groups: list[int]) -> None:
        """SIGTERM to each group, then SIGKILL to what is left after the grace period."""
        for pgid in groups:
            self.signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        patience = max(self.stop_requests, 1)  # a further Ctrl-C ends the waiting
        while time.monotonic() < deadline and self.stop_requests <= patience:
            self.reap()
            if not any(self.group_alive(pgid) for pgid in groups):
                return
            time.sleep(0.05)
        for pgid in groups:
            if self.group_alive(pgid):
                logger.warning("Process group %s did not stop in time: killing it.", pgid)
                self.signal_group(pgid, signal.SIGKILL)
        # SIGKILL cannot be refused; what is left are processes to reap.
        while any(self.group_alive(pgid) for pgid in groups) and time.monotonic() < deadline + 5:
            self.reap()
            time.sleep(0.05)

    # --- the loop ------------------------------------------------------------------------------
    def request_stop(self, reason: str) -> None:
        self.stop_requests += 1
        self.stop_reason = self.stop_reason or reason

    def on_signal(self, signum: int, frame: Any) -> None:
        if self.stop_requests:
            logger.warning(
                "Received %s again: stopping without waiting.", signal.Signals(signum).name
            )
        self.request_stop(f"received {signal.Signals(signum).name}")

    def run(self) -> int:
        prctl = _prctl()
        if prctl is not None:
            prctl(PR_SET_CHILD_SUBREAPER, ctypes.c_ulong(1))
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self.on_signal)
        try:
            for child in self.children:
                self.start(child)
            while not self.stop_requests:
                self.reap()
                while self.ended and not self.stop_requests:
                    self.after_end(*self.ended.pop(0))
                now = time.monotonic()
                for child in self.children:
                    if (
                        child.process is None
                        and child.restart_at is not None
                        and now >= child.restart_at
                        and not self.stop_requests
                    ):
                        self.start(child)
                time.sleep(POLL_SECONDS)
        except BaseException:
            self.request_stop("an error in the supervisor")
            logger.exception("parvis run failed; stopping the web server and the worker.")
            self.failed = True
        finally:
            logger.info("Stopping Parvis (%s).", self.stop_reason)
            self.stop_groups([child.pid for child in self.children if child.pid is not None])
            self.reap()
            for child, status in self.ended:
                logger.info("The %s %s.", child.name, describe(status))
        return 1 if self.failed else 0


class Command(BaseCommand):
    help = "Run the web server and the task worker together; Ctrl-C stops both."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("PARVIS_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PARVIS_PORT", "8000")))

    def handle(self, *args: Any, **options: Any) -> None:
        parvis = [sys.executable, "-m", "parvis"]
        host, port = options["host"], str(options["port"])
        web = [*parvis, "serve", "--host", host, "--port", port, "--interface", "asgi", "--workers", "1"]  # fmt: skip
        supervisor = Supervisor(
            [
                # One ASGI process: pages and WebSockets share the in-memory channel layer.
                Child("web server", web),
                Child("worker", [*parvis, "worker"]),
            ]
        )
        self.stdout.write(
            f"Parvis is running at http://{host}:{port}/ (web server and task worker). "
            "Press Ctrl-C to stop both."
        )
        if supervisor.run():
            raise CommandError("Parvis stopped after an error (see the log above).")
        self.stdout.write("Parvis stopped.")

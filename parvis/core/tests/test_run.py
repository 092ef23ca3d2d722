"""`parvis run` supervises the web server and the worker (issue 7, item 2).

Real processes: `python -m parvis run` on a SQLite data directory of the test's own, on a
free port. Processes are followed through /proc (Linux): each child of the supervisor leads
a process group of its own, which its own children (granian's workers) join. Before, when
either child stopped the other was stopped too, and granian's worker outlived its parent.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from parvis.core.tests.subprocesses import http_get, parvis_env, with_database

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="follows processes through /proc"
)


def processes() -> dict[int, tuple[int, int, str]]:
    """pid → (parent pid, process group, state) of every process on the machine."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # "pid (command) state ppid pgrp …"; the command may hold spaces and parentheses.
        state, ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        found[int(entry.name)] = (int(ppid), int(pgrp), state)
    return found


def family(supervisor: int) -> set[int]:
    """The supervisor's descendants: its children and everything in their process groups.

    The test's own group is left out: children that did not get a group of their own (as
    before) share it, and it holds the test run itself.
    """
    table = processes()
    groups = {pgrp for ppid, pgrp, _state in table.values() if ppid == supervisor}
    groups.discard(os.getpgrp())
    return {
        pid
        for pid, (ppid, pgrp, state) in table.items()
        if (ppid == supervisor or pgrp in groups) and state != "Z"
    }


def alive(pids: set[int]) -> set[int]:
    table = processes()
    return {pid for pid in pids if pid in table and table[pid][2] != "Z"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], log: Path, what: str, seconds: float = 120) -> None:
    # A generous bound for a loaded machine; nothing is asserted about the time taken.
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {what}; the log:\n{log.read_text()}")
        time.sleep(0.1)


def started(log: Path, name: str) -> list[int]:
    """The pids the supervisor logged starting `name` with, in order."""
    return [int(pid) for pid in re.findall(rf"Started the {name} \(pid (\d+)\)", log.read_text())]


def answers(base: str) -> bool:
    try:
        return http_get(f"{base}/").status == 200
    except OSError:
        return False


@pytest.fixture
def site(tmp_path: Path, collected_static: Path, migrated_sqlite: Path) -> dict[str, str]:
    with_database(migrated_sqlite, tmp_path)
    return parvis_env(tmp_path, STATIC_ROOT=str(collected_static))


@contextmanager
def parvis_run(env: dict[str, str], log: Path, port: int) -> Iterator[subprocess.Popen]:
    with log.open("w") as log_file:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "parvis", "run", "--port", str(port)],
            env=env,
            cwd=env["PARVIS_DATA_DIR"],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            yield supervisor
        finally:
            if supervisor.poll() is None:
                descendants = family(supervisor.pid)
                supervisor.kill()
                supervisor.wait()
                for pid in alive(descendants):  # tidy up after a failed test only
                    with_signal(pid, signal.SIGKILL)


def with_signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def test_a_killed_child_is_restarted_and_sigterm_leaves_no_process_behind(site, tmp_path):
    log, port = tmp_path / "run.log", free_port()
    base = f"http://127.0.0.1:{port}"
    with parvis_run(site, log, port) as supervisor:
        wait_for(lambda: answers(base), log, "the home page")
        [worker] = started(log, "worker")
        [web] = started(log, "web server")
        granian_workers = {pid for pid, (ppid, _, _) in processes().items() if ppid == web}
        assert granian_workers  # granian serves from processes of its own

        # 1. The worker is killed: a new one is started, the site never stopped.
        with_signal(worker, signal.SIGKILL)
        wait_for(lambda: len(started(log, "worker")) == 2, log, "a new worker")
        new_worker = started(log, "worker")[1]
        assert new_worker != worker
        assert alive({new_worker}) == {new_worker}
        assert answers(base)
        assert "The worker was killed by signal SIGKILL; restarting it in" in log.read_text()

        # 2. The web server's main process is killed: its own workers do not outlive it
        #    (they held the port), and a new web server answers.
        with_signal(web, signal.SIGKILL)
        wait_for(lambda: len(started(log, "web server")) == 2, log, "a new web server")
        assert alive(granian_workers) == set()
        wait_for(lambda: answers(base), log, "the home page again")
        assert "The web server was killed by signal SIGKILL; restarting it in" in log.read_text()

        # 3. SIGTERM: everything the supervisor started stops, and it says so.
        descendants = family(supervisor.pid)
        assert {new_worker, started(log, "web server")[1]} < descendants
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=60) == 0
    assert alive(descendants) == set()
    text = log.read_text()
    assert "Stopping Parvis (received SIGTERM)." in text
    assert "The worker exited with code 0." in text
    assert text.rstrip().endswith("Parvis stopped.")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP], ids=["ctrl-c", "hang-up"])
def test_ctrl_c_and_a_hang_up_stop_everything_too(site, tmp_path, signum):
    log, port = tmp_path / "run.log", free_port()
    base = f"http://127.0.0.1:{port}"
    with parvis_run(site, log, port) as supervisor:
        wait_for(lambda: answers(base), log, "the home page")
        descendants = family(supervisor.pid)
        assert len(descendants) >= 3  # the worker, granian and its worker

        supervisor.send_signal(signum)
        assert supervisor.wait(timeout=60) == 0
    assert alive(descendants) == set()
    assert f"Stopping Parvis (received {signum.name})." in log.read_text()


def test_a_supervisor_killed_outright_takes_its_children_with_it(site, tmp_path):
    # SIGKILL cannot be caught: the children were told beforehand (PR_SET_PDEATHSIG).
    log, port = tmp_path / "run.log", free_port()
    base = f"http://127.0.0.1:{port}"
    with parvis_run(site, log, port) as supervisor:
        wait_for(lambda: answers(base), log, "the home page")
        descendants = family(supervisor.pid)
        assert len(descendants) >= 3  # the worker, granian and its worker

        supervisor.kill()
        supervisor.wait(timeout=60)
        wait_for(lambda: not alive(descendants), log, "every child stopped", seconds=60)


def test_a_child_crashing_in_a_loop_stops_parvis_with_a_clear_message(site, tmp_path):
    log, port = tmp_path / "run.log", free_port()
    with socket.socket() as taken, parvis_run(site, log, port) as supervisor:
        taken.bind(("127.0.0.1", port))  # the web server cannot listen: it stops at once
        taken.listen()
        # Five starts: a generous bound for a loaded machine, nothing asserted about the time.
        assert supervisor.wait(timeout=600) == 1
    text = log.read_text()
    assert len(started(log, "web server")) == 5
    assert text.count("The web server exited with code 1; restarting it in") == 4
    assert (
        "The web server exited with code 1, and has stopped 5 times in a row within 60 "
        "seconds of its start: restarting it will not help. Stopping Parvis; the errors "
        "above say why."
    ) in text
    assert "Parvis stopped after an error (see the log above)." in text
    assert started(log, "worker") and "The worker exited with code 0." in text


# The supervisor's count, in a process of its own (it reaps whatever child ends): a child
# stopping five times in a row soon after its start stops Parvis; one that ran a while
# first starts the count again.
COUNTING = """
import sys
from parvis.core.management.commands import run

supervisor = run.Supervisor([])
child = run.Child("web server", [sys.executable, "-c", "raise SystemExit(1)"])

def stop(after):
    supervisor.start(child)
    child.process.wait()
    child.started_at -= after  # as if it had run that long
    supervisor.after_end(child, 1 << 8)  # exited with code 1
    print(child.crashes, supervisor.failed)

for after in (1, 1, 1, 1, 61, 1, 1, 1, 1):
    stop(after)
"""


def test_only_stops_in_a_row_soon_after_each_start_count_as_a_crash_loop():
    done = subprocess.run(
        [sys.executable, "-c", COUNTING], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "1 False",
        "2 False",
        "3 False",
        "4 False",
        "1 False",  # it had run 61 seconds: the count starts again
        "2 False",
        "3 False",
        "4 False",
        "5 True",
    ]

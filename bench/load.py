"""A small HTTP load generator with the standard library only.

Several processes (so the client is not held back by one interpreter's lock), each with
several threads, each thread with its own keep-alive `http.client` connection, request one
path in a closed loop for a fixed duration, with the same headers each time (an
`If-None-Match` for conditional requests). Every response is read to the end; any status
other than the expected one (200, or 304 for conditional requests), and any connection
error, counts as an error. Latencies are measured per
request, from sending it to having read the whole body.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import threading
import time
from dataclasses import dataclass

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class PageResult:
    name: str
    path: str
    requests: int
    errors: int
    seconds: float
    bytes_read: int
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
        return ordered[rank - 1]


def _thread_loop(
    host: str,
    port: int,
    path: str,
    headers: dict[str, str],
    expect: int,
    start: float,
    stop: float,
    out: list,
) -> None:
    latencies: list[float] = []
    failures = 0  # no response at all (refused, reset, timed out)
    bad_status = 0
    bytes_read = 0
    connection = None
    while time.time() < start:
        time.sleep(0.001)
    while time.time() < stop:
        if connection is None:
            connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_SECONDS)
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            failures += 1
            connection.close()
            connection = None
            time.sleep(0.01)  # a refused connection must not turn into a busy loop
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        bytes_read += len(body)
        if response.status != expect:
            bad_status += 1
        if response.will_close:
            connection.close()
            connection = None
    if connection is not None:
        connection.close()
    out.append((latencies, failures, bad_status, bytes_read))


def _process_main(
    host: str,
    port: int,
    path: str,
    headers: dict[str, str],
    expect: int,
    threads: int,
    start: float,
    stop: float,
    queue,
) -> None:  # type: ignore[no-untyped-def]
    results: list = []
    workers = [
        threading.Thread(
            target=_thread_loop,
            args=(host, port, path, headers, expect, start, stop, results),
        )
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(
        (
            [value for result in results for value in result[0]],
            sum(result[1] for result in results),
            sum(result[2] for result in results),
            sum(result[3] for result in results),
        )
    )


def drive(
    *,
    name: str,
    host: str,
    port: int,
    path: str,
    seconds: float,
    processes: int,
    threads: int,
    headers: dict[str, str] | None = None,
    expect: int = 200,
) -> PageResult:
    """Load `path` with processes x threads connections for `seconds`, sending `headers`
    (besides `Accept-Language: fr`) and expecting the status `expect`; what happened."""
    sent = {"Accept-Language": "fr", **(headers or {})}
    # fork starts the clients at once; spawn (slower to start) where fork is missing.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    queue = context.Queue()
    # Every client starts at the same moment, once all processes are up.
    start = time.time() + 1.0
    stop = start + seconds
    children = [
        context.Process(
            target=_process_main,
            args=(host, port, path, sent, expect, threads, start, stop, queue),
        )
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    outcomes = [queue.get() for _ in children]
    for child in children:
        child.join()
    latencies = [value for outcome in outcomes for value in outcome[0]]
    failures = sum(outcome[1] for outcome in outcomes)
    return PageResult(
        name=name,
        path=path,
        requests=len(latencies) + failures,
        errors=failures + sum(outcome[2] for outcome in outcomes),
        seconds=seconds,
        bytes_read=sum(outcome[3] for outcome in outcomes),
        latencies_ms=latencies,
    )

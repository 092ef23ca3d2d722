"""Measure how fast a live session's page learns of a published question: 1,000 WebSocket
readers across two ASGI servers sharing Redis.

    .venv/bin/python bench/live_broadcast.py                     # 1,000 readers, 20 broadcasts
    .venv/bin/python bench/live_broadcast.py --clients 2000 --broadcasts 50
    .venv/bin/python bench/live_broadcast.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_live \\
        --create-database

What one run does:

1. A fresh database (SQLite in the run's folder, or PostgreSQL), migrated; an open session
   of a project space, its moderator, a resident and `--broadcasts` questions waiting.
2. Two servers, as in production at scale: `python -m parvis serve --interface asgi`
   (granian, one worker each), both with REDIS_URL (the channel layer: channels_redis, on a
   key prefix of this run's own).
3. Two client processes (this script with `--clients-only`), each opening half of the
   `--clients` WebSockets to one of the servers (`/ws/live/<pk>/`, with the site's Origin),
   as readers' browsers do, and saying when all are open.
4. The publisher (this process) publishes the waiting questions one after the other,
   `--interval` seconds apart, through the real service path (`question_publish`, as the
   moderator's button does): its transaction commits, then the broadcast goes to Redis, and
   each server sends it to its readers.
5. Each client notes when each reader receives each question (the machine's clock, shared by
   every process). Latency = reception - the moment the publisher called the service. Prints
   p50, p95, p99 and the maximum over every (reader, question), how many were missed, and
   the service's own duration (call to commit). Target: p95 < 1 s.

Nothing is asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import clean_up, free_port, load_average, machine, prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL; default: SQLite.")
    parser.add_argument("--create-database", action="store_true")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--broadcasts", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.5, help="Seconds between two.")
    parser.add_argument("--keep", action="store_true", help="Keep the run's folder.")
    # A client process (started by the run itself).
    parser.add_argument("--clients-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--origin", default="", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- a client process ---------------------------------------------------------------------------


async def readers(url: str, origin: str, count: int, expected: int) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    received: dict[int, list[float]] = {}
    opening = asyncio.Semaphore(50)
    opened = 0
    all_open = asyncio.Event()

    async def reader(number: int) -> None:
        nonlocal opened
        async with opening:
            socket = await connect(url, origin=origin, open_timeout=120, ping_interval=None)  # type: ignore[arg-type]
        opened += 1
        if opened == count:
            all_open.set()
        try:
            seen = 0
            while seen < expected:
                message = await socket.recv()
                moment = time.time()
                event = json.loads(message)
                if event.get("kind") == "question":
                    received.setdefault(event["question"]["id"], []).append(moment)
                    seen += 1
        finally:
            await socket.close()

    tasks = [asyncio.create_task(reader(n)) for n in range(count)]
    await all_open.wait()
    print("ready", flush=True)
    # Give up on what never arrives: the main process reports it as missed.
    await asyncio.wait(tasks, timeout=60 + expected * 5)
    for task in tasks:
        task.cancel()
    return {str(key): value for key, value in received.items()}


def client_main(args: argparse.Namespace) -> None:
    result = asyncio.run(readers(args.url, args.origin, args.clients, args.broadcasts))
    print(json.dumps(result), flush=True)


# --- the run ----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def setting_up(broadcasts: int) -> tuple[int, list[int]]:
    sys.path.insert(0, str(ROOT))
    import django

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()  # as `parvis` does: the run's data directory and its secret key
    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from parvis.live.models import LiveSession, Question
    from parvis.spaces.models import Space, SpaceKind

    users = get_user_model().objects
    space = Space.objects.create(kind=SpaceKind.PROJECT, slug="tram", name="Le tram")
    moderator = users.create_user("moderation@bench.example", "x" * 20, display_name="Léa")
    resident = users.create_user("camille@bench.example", "x" * 20, display_name="Camille")
    now = timezone.now()
    session = LiveSession.objects.create(
        space=space,
        title="Le tracé",
        starts_at=now,
        ends_at=now + timedelta(hours=2),
        state="open",
    )
    session.moderators.add(moderator)
    questions = [
        Question.objects.create(
            session=session, author=resident, author_name="Camille", text=f"Question {n} ?"
        ).pk
        for n in range(broadcasts)
    ]
    return session.pk, questions


def main() -> None:
    args = parse_args()
    if args.clients_only:
        client_main(args)
        return
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    run_dir = RESULTS / f"live-{stamp}"
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    ports = [free_port(), free_port()]
    os.environ.update(
        {
            "REDIS_URL": args.redis_url,
            "CACHE_KEY_PREFIX": f"parvis-bench-live-{stamp}",
            "SITE_URL": f"http://127.0.0.1:{ports[0]}",
            "ALLOWED_HOSTS": "127.0.0.1",
            # The servers run this checkout's code, not an installed copy.
            "PYTHONPATH": str(ROOT),
        }
    )
    say(f"Machine: {machine()}; load {load_average()}")
    say(f"{args.clients} readers on 2 servers, {args.broadcasts} broadcasts, Redis channel layer")
    session_pk, questions = setting_up(args.broadcasts)
    servers: list[subprocess.Popen] = []
    clients: list[subprocess.Popen] = []
    try:
        for port in ports:
            log = (run_dir / f"server-{port}.log").open("w")
            argv = [sys.executable, "-m", "parvis", "serve", "--interface", "asgi", "--workers", "1", "--port", str(port)]  # fmt: skip
            servers.append(subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
        for port in ports:
            wait_for_health(port)
        say("Both servers answer; opening the readers' WebSockets")
        per_server = [args.clients // 2, args.clients - args.clients // 2]
        for port, count in zip(ports, per_server, strict=True):
            argv = [
                sys.executable, __file__, "--clients-only", "--clients", str(count),
                "--broadcasts", str(args.broadcasts),
                "--url", f"ws://127.0.0.1:{port}/ws/live/{session_pk}/",
                "--origin", f"http://127.0.0.1:{port}",
            ]  # fmt: skip
            clients.append(subprocess.Popen(argv, stdout=subprocess.PIPE, text=True))
        opened_at = time.monotonic()
        for client in clients:
            assert client.stdout is not None
            line = client.stdout.readline().strip()
            if line != "ready":
                sys.exit(f"A client process failed to open its WebSockets: {line!r}")
        say(f"{args.clients} WebSockets open in {time.monotonic() - opened_at:.1f} s")
        time.sleep(1)

        from parvis.live import services
        from parvis.live.models import LiveSession, Question

        moderator = LiveSession.objects.get(pk=session_pk).moderators.get()
        sent: dict[int, float] = {}
        durations = []
        for pk in questions:
            question = Question.objects.get(pk=pk)
            sent[pk] = time.time()
            started = time.perf_counter()
            services.question_publish(question=question, by=moderator)
            durations.append(time.perf_counter() - started)
            time.sleep(args.interval)
        received: dict[str, list[float]] = {}
        for client in clients:
            out, _ = client.communicate(timeout=120 + args.broadcasts * 5)
            for key, moments in json.loads(out.strip().splitlines()[-1]).items():
                received.setdefault(key, []).extend(moments)
    finally:
        for process in clients + servers:
            if process.poll() is None:
                process.terminate()
        for process in clients + servers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)

    latencies = [moment - sent[int(key)] for key, moments in received.items() for moment in moments]
    expected = args.clients * args.broadcasts
    missed = expected - len(latencies)
    if not latencies:
        sys.exit("No reader received anything: see the servers' logs in " + str(run_dir))
    ms = [value * 1000 for value in latencies]
    say(f"Service (publish, call to commit): median {percentile(durations, 0.5) * 1000:.1f} ms")
    print(
        f"receive latency over {len(ms)} receptions ({args.clients} readers × "
        f"{args.broadcasts} broadcasts; missed {missed}): p50 {percentile(ms, 0.5):.0f} ms, "
        f"p95 {percentile(ms, 0.95):.0f} ms, p99 {percentile(ms, 0.99):.0f} ms, "
        f"max {max(ms):.0f} ms (target p95 < 1000 ms)"
    )
    (run_dir / "results.json").write_text(
        json.dumps(
            {
                "clients": args.clients,
                "broadcasts": args.broadcasts,
                "missed": missed,
                "p50_ms": percentile(ms, 0.5),
                "p95_ms": percentile(ms, 0.95),
                "p99_ms": percentile(ms, 0.99),
                "max_ms": max(ms),
                "publish_median_ms": percentile(durations, 0.5) * 1000,
                "machine": machine(),
                "load": load_average(),
            },
            indent=2,
        )
    )


def wait_for_health(port: int) -> None:
    import urllib.request

    for _ in range(240):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The server on port {port} did not answer /health/ in time.")


if __name__ == "__main__":
    main()

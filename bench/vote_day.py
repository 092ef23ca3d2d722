"""Vote day: ballots per second sustained through HTTP, none lost nor duplicated.

    .venv/bin/python bench/vote_day.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_votes \\
        --create-database [--redis-url redis://127.0.0.1:6379/0] [--seconds 60]

The setting: one open consultation (single choice among five options) and `--voters`
distinct residents, each with a session of their own written in bulk (as if they had
signed in that morning) and a CSRF cookie. The production server (`python -m parvis serve`,
granian, `--workers` x `--threads`, DEBUG off, behind one trusted proxy so that each voter
comes from an address of their own, as on a real day) is loaded for `--seconds` by
processes x threads of keep-alive connections in a closed loop: each request is the POST of
a voter's ballot form, the next voter each time; one voter in fifty posts a second time
from "another tab" (expected: 409, nothing written). With `--redis-url`, sessions and rate
limits live in Redis, as in a deployment of several processes.

Printed: ballots per second (target: 500/s sustained for 60 s), p50 and p95 latency, the
answers by status, then the count after the run: ballots, register lines, and the 200s
the clients received; the three must be equal, and the second tabs must all have been
refused. Then, for comparison, the service alone (`services.ballot_cast` in this process,
one thread, no HTTP), and the floor (`--floor-seconds`): the same server and the same load
sending, with the voters' sessions, the cheapest signed-in request Parvis answers (GET
/health/: the session, the user, `SELECT 1`). No ballot, whatever its implementation, can
be served faster than that. Nothing is asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import math
import multiprocessing
import os
import platform
import sys
import threading
import time
from collections import Counter
from datetime import UTC
from pathlib import Path
from urllib.parse import urlencode

from common import clean_up, free_port, load_average, machine, prepare_environment, say, serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SLUG = "budget-du-jour"
CSRF = "bench" + "x" * 27  # an unmasked CSRF secret (32 characters), sent as cookie and field
SECOND_TAB_EVERY = 50


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--create-database", action="store_true")
    parser.add_argument("--redis-url", default="", help="sessions and rate limits in Redis")
    parser.add_argument("--voters", type=int, default=40_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2, help="load-generating processes")
    parser.add_argument("--connections", type=int, default=8, help="threads per process")
    parser.add_argument("--service-ballots", type=int, default=3_000)
    parser.add_argument("--floor-seconds", type=float, default=20.0)
    parser.add_argument("--keep", action="store_true", help="keep the run's database and files")
    return parser.parse_args()


def fill(voters: int) -> tuple[list[str], int]:
    """The consultation, its options, the voters and their sessions, in bulk; returns the
    session keys (one per voter) and the option id the ballots choose."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from parvis.accounts.models import User
    from parvis.spaces.models import Space, SpaceKind
    from parvis.votes.models import Consultation, Method, Option

    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        space = Space.objects.create(kind=SpaceKind.NEIGHBOURHOOD, slug="centre", name="Centre")
        consultation = Consultation.objects.create(
            space=space,
            slug=SLUG,
            title="Le budget du jour",
            method=Method.SINGLE,
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=1),
            is_published=True,
        )
        options = Option.objects.bulk_create(
            Option(consultation=consultation, title=f"Projet {n}", position=n) for n in range(5)
        )
    keys = []
    expire = now + datetime.timedelta(days=2)
    from django.conf import settings

    backend = settings.AUTHENTICATION_BACKENDS[0]
    for start in range(0, voters, 2_000):
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(email=f"votant{n}@example.org", password="!" + get_random_string(20))
                for n in range(start, min(voters, start + 2_000))
            )
            sessions = []
            for user in users:
                key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
                data = SessionStore().encode(
                    {
                        "_auth_user_id": str(user.pk),
                        "_auth_user_backend": backend,
                        "_auth_user_hash": user.get_session_auth_hash(),
                    }
                )
                sessions.append(Session(session_key=key, session_data=data, expire_date=expire))
                keys.append(key)
            Session.objects.bulk_create(sessions)
    say(f"{voters:,} voters and their sessions written in {time.perf_counter() - started:.1f} s")
    return keys, options[2].pk


# --- the load ---------------------------------------------------------------------------------


def _thread_loop(port: int, body_for, voters: list[tuple[int, str]], start, stop, out) -> None:  # type: ignore[no-untyped-def]
    """Closed loop on one keep-alive connection: the ballot POST of each voter in turn, or
    with `body_for` None, the signed-in GET /health/ (the floor)."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    second_tabs: Counter = Counter()
    connection = None
    while time.time() < start:
        time.sleep(0.001)
    queue = list(reversed(voters))
    pending_second: list[tuple[int, str]] = []
    while time.time() < stop and (queue or pending_second):
        if pending_second:
            number, key = pending_second.pop()
            second = True
        else:
            number, key = queue.pop()
            second = False
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Cookie": f"sessionid={key}; csrftoken={CSRF}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "fr",
            # One address per voter, through the one trusted proxy.
            "X-Forwarded-For": f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}",
        }
        began = time.perf_counter()
        try:
            if body_for is None:
                connection.request("GET", "/health/", headers=headers)
            else:
                connection.request("POST", f"/consultations/{SLUG}/vote/", body_for, headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            statuses["error"] += 1
            connection.close()
            connection = None
            time.sleep(0.01)
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        if second:
            second_tabs[response.status] += 1
        else:
            statuses[response.status] += 1
            if body_for is not None and number % SECOND_TAB_EVERY == 0:
                pending_second.append((number, key))
        if response.will_close:
            connection.close()
            connection = None
    if connection is not None:
        connection.close()
    out.append((latencies, dict(statuses), dict(second_tabs)))


def _process_main(port, body, voters, threads, start, stop, queue) -> None:  # type: ignore[no-untyped-def]
    cpu = time.process_time()
    results: list = []
    slices = [voters[i::threads] for i in range(threads)]
    workers = [
        threading.Thread(target=_thread_loop, args=(port, body, part, start, stop, results))
        for part in slices
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    latencies = [value for result in results for value in result[0]]
    statuses: Counter = Counter()
    seconds: Counter = Counter()
    for result in results:
        statuses.update(result[1])
        seconds.update(result[2])
    queue.put((latencies, dict(statuses), dict(seconds), time.process_time() - cpu))


def load(port: int, keys: list[str], option: int | None, seconds: float, args: argparse.Namespace,
         server_pid: int, database: str) -> dict:  # fmt: skip
    """`seconds` of load on the server at `port`: ballots for `option`, or with None the
    floor's GET /health/. The CPU the serving side spent meanwhile is measured (see
    `serving_cpu`), and the load generator's own."""
    body = urlencode({"csrfmiddlewaretoken": CSRF, "choices": option}) if option else None
    voters = list(enumerate(keys))
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = time.time() + 1.0
    stop = start + seconds
    children = [
        context.Process(
            target=_process_main,
            args=(port, body, voters[i :: args.processes], args.connections, start, stop, queue),
        )
        for i in range(args.processes)
    ]
    serving_before = serving_cpu(server_pid, database)
    for child in children:
        child.start()
    outcomes = [queue.get() for _ in children]
    serving = serving_cpu(server_pid, database) - serving_before
    load_cpu = sum(outcome[3] for outcome in outcomes)
    for child in children:
        child.join()
    elapsed = min(time.time(), stop) - start
    latencies = sorted(value for outcome in outcomes for value in outcome[0])
    statuses: Counter = Counter()
    seconds: Counter = Counter()
    for outcome in outcomes:
        statuses.update(outcome[1])
        seconds.update(outcome[2])

    def percentile(fraction: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies), max(1, math.ceil(fraction * len(latencies)))) - 1]

    return {
        "seconds": elapsed,
        "ballots_ok": statuses.get(200, 0),
        "per_second": statuses.get(200, 0) / elapsed,
        "p50_ms": round(percentile(0.5), 1),
        "p95_ms": round(percentile(0.95), 1),
        "statuses": {str(k): v for k, v in statuses.items()},
        "second_tabs": {str(k): v for k, v in seconds.items()},
        # Core-seconds: the serving side's and the load generator's.
        "serving_cpu_s": round(serving, 2),
        "load_generator_cpu_s": round(load_cpu, 2),
    }


def serving_cpu(server_pid: int, database: str) -> float:
    """The CPU time, in core-seconds, spent so far by the serving side alone: the server
    process and its workers, the PostgreSQL backends connected to `database` (their process
    title names it) and Redis. Read from Linux's /proc, whatever else runs on the machine."""
    stats: dict[int, tuple[int, float]] = {}  # pid: (parent, CPU seconds)
    chosen: set[int] = set()
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
        if (database and f" {database} " in command) or command.startswith("redis-server"):
            chosen.add(int(entry.name))
    family = {server_pid}
    while True:  # the server's descendants
        more = {pid for pid, (parent, _cpu) in stats.items() if parent in family} - family
        if not more:
            break
        family |= more
    return sum(stats[pid][1] for pid in chosen | family if pid in stats)


def server_side(result: dict, answered: int) -> tuple[float, float]:
    """From a load's result: the serving side's CPU milliseconds per `answered` request,
    and how many such requests per second this machine's cores could answer if the serving
    side had them all (the load coming from elsewhere)."""
    if not answered:
        return float("nan"), 0.0
    per_request = result["serving_cpu_s"] / answered
    return per_request * 1000, (os.cpu_count() or 1) / per_request


def service_rate(count: int) -> float:
    """`ballot_cast` alone, one thread, `count` new voters: ballots per second."""
    from django.db import transaction

    from parvis.accounts.models import User
    from parvis.votes import services
    from parvis.votes.models import Consultation

    consultation = Consultation.objects.get(slug=SLUG)
    option = consultation.options.order_by("position").first()
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"service{n}@example.org", password="!")  # noqa: S106 (unusable)
            for n in range(count)
        )
    started = time.perf_counter()
    for user in users:
        services.ballot_cast(consultation=consultation, voter=user, choices=[option.pk])  # type: ignore[union-attr]
    return count / (time.perf_counter() - started)


def main() -> None:
    args = parse_args()
    run_dir = RESULTS / datetime.datetime.now(UTC).strftime("vote-day-%Y%m%dT%H%M%SZ")
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    database = "PostgreSQL" if args.database_url else "SQLite"
    sys.path.insert(0, str(ROOT))
    env = {"TRUSTED_PROXY_COUNT": "1"}
    if args.redis_url:
        prefix = f"bench-votes-{os.getpid()}"
        os.environ.update({"REDIS_URL": args.redis_url, "CACHE_KEY_PREFIX": prefix})
        env.update({"REDIS_URL": args.redis_url, "CACHE_KEY_PREFIX": prefix})
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()
    django.setup()
    from django.db import connection

    server = None
    try:
        say(f"Preparing the {database} database in {run_dir.relative_to(ROOT)}")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        keys, option = fill(args.voters)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        connection.close()
        port = free_port()
        say(
            f"Serving on port {port} ({args.workers} workers x {args.threads} threads), "
            f"load {args.processes} processes x {args.connections} connections; machine: "
            f"{machine()}, Python {platform.python_version()}, load {load_average()}"
        )
        server = serve(ROOT, port, workers=args.workers, threads=args.threads,
                       log=run_dir / "server.log", env=env)  # fmt: skip
        measured = (server.pid, postgres.name if postgres else "")
        result = load(port, keys, option, args.seconds, args, *measured)
        floor = load(port, keys, None, args.floor_seconds, args, *measured) if args.floor_seconds else None  # fmt: skip
        from parvis.votes.models import Ballot, VoterRecord

        ballots = Ballot.objects.count()
        register = VoterRecord.objects.count()
        seconds_refused = result["second_tabs"].get("409", 0)
        seconds_sent = sum(result["second_tabs"].values())
        print(f"\nVote day, {database}{' + Redis' if args.redis_url else ''}, "
              f"{args.voters:,} voters, {args.seconds:.0f} s")  # fmt: skip
        print(f"  ballots per second (HTTP, 200s) {result['per_second']:>8.1f}")
        print(f"  p50 / p95 latency (ms)           {result['p50_ms']:>8} / {result['p95_ms']}")
        print(f"  answers by status                {result['statuses']}")
        print(f"  second tabs: {seconds_sent} sent, {seconds_refused} refused with 409")
        print(f"  after the run: {ballots:,} ballots, {register:,} register lines, "
              f"{result['ballots_ok']:,} ballots acknowledged (200)")  # fmt: skip
        verdict = ballots == register == result["ballots_ok"] and seconds_refused == seconds_sent
        print(f"  none lost nor duplicated: {'yes' if verdict else 'NO'}")
        ms, capacity = server_side(result, result["ballots_ok"])
        print(f"  CPU: serving side (Parvis, PostgreSQL, Redis) {result['serving_cpu_s']} core-s, "
              f"load generator {result['load_generator_cpu_s']} core-s; {ms:.1f} ms per ballot, "
              f"so at most {capacity:.0f} ballots/s on {os.cpu_count()} cores with the load "
              f"coming from elsewhere")  # fmt: skip
        if floor:
            print(f"  floor, signed-in GET /health/ for {args.floor_seconds:.0f} s: "
                  f"{floor['statuses'].get('200', 0) / floor['seconds']:.1f} requests/s, "
                  f"p50 / p95 {floor['p50_ms']} / {floor['p95_ms']} ms, {floor['statuses']}")  # fmt: skip
            ms, capacity = server_side(floor, floor["statuses"].get("200", 0))
            print(f"    server side {ms:.1f} ms per request, so at most {capacity:.0f} "
                  f"requests/s on {os.cpu_count()} cores with the load coming from elsewhere")  # fmt: skip
        server.terminate()
        server.wait(timeout=30)
        server = None
        rate = service_rate(args.service_ballots)
        print(f"  service alone (ballot_cast, 1 thread, in process): {rate:.0f} ballots/s")
        summary = {
            "database": database,
            "redis": bool(args.redis_url),
            "machine": machine(),
            "python": platform.python_version(),
            "voters": args.voters,
            **result,
            "ballots": ballots,
            "register": register,
            "none_lost_nor_duplicated": verdict,
            "service_per_second": round(rate, 1),
            "floor": floor,
            "load_average_after": round(os.getloadavg()[0], 2),
        }
        (run_dir / "results.json").write_text(json.dumps(summary, indent=1))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)
    say(f"Results in {(run_dir / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()

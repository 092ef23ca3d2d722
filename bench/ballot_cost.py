"""What one ballot costs Parvis, in process: SQL queries and Django's CPU time per ballot.

    .venv/bin/python bench/ballot_cost.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_ballot \\
        --create-database [--ballots 500] [--profile]

The consultation and voters of `bench/vote_day.py` (the same `fill`), then `--ballots`
ballot forms posted one after the other through Django's test client, each by another
voter with their session and CSRF cookie: the whole request (middlewares, session, the
view, the service, the receipt page), without the HTTP server. Printed: the queries of one
ballot (each, shortened), ballots per second, and milliseconds of this process's CPU per
ballot (`time.process_time`: what two cores must share with PostgreSQL and the load
generator on vote day). With `--profile`, the functions taking the most time. Nothing is
asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import os
import pstats
import sys
import time
from datetime import UTC
from pathlib import Path

from common import clean_up, load_average, machine, prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--create-database", action="store_true")
    parser.add_argument("--ballots", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the run's database and files")
    args = parser.parse_args()
    run_dir = RESULTS / datetime.datetime.now(UTC).strftime("ballot-cost-%Y%m%dT%H%M%SZ")
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    os.environ["TRUSTED_PROXY_COUNT"] = "1"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()
    django.setup()
    import vote_day
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    try:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        keys, option = vote_day.fill(args.ballots + 51)
        settings.ALLOWED_HOSTS = ["*"]
        client = Client(enforce_csrf_checks=True)
        body = f"csrfmiddlewaretoken={vote_day.CSRF}&choices={option}"

        def post(number: int) -> int:
            client.cookies.clear()
            client.cookies.load({"sessionid": keys[number], "csrftoken": vote_day.CSRF})
            response = client.post(
                f"/consultations/{vote_day.SLUG}/vote/",
                body,
                content_type="application/x-www-form-urlencoded",
                HTTP_ACCEPT_LANGUAGE="fr",
                HTTP_X_FORWARDED_FOR=f"10.0.{number >> 8 & 255}.{number & 255}",
            )
            return response.status_code

        say(f"machine: {machine()}, load {load_average()}")
        statuses = {post(n) for n in range(50)}  # warm-up
        with CaptureQueriesContext(connection) as queries:
            statuses.add(post(50))
        print(f"\nOne ballot, {connection.vendor}: {len(queries.captured_queries)} queries")
        for query in queries.captured_queries:
            print(f"  {query['sql'][:110]}")
        profiler = cProfile.Profile() if args.profile else None
        started, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        statuses |= {post(n) for n in range(51, 51 + args.ballots)}
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"  statuses: {sorted(statuses)}")
        print(f"  {args.ballots / elapsed:.0f} ballots/s one after the other, "
              f"{cpu / args.ballots * 1000:.2f} ms of Django's CPU per ballot")  # fmt: skip
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    finally:
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)


if __name__ == "__main__":
    main()

"""What one ballot costs Parvis, in process: SQL queries and Django's CPU time per ballot.

    .venv/bin/python bench/ballot_cost.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_ballot \\
        --create-database [--ballots 500] [--profile ballot|floor]

The consultation and voters of `bench/vote_day.py` (the same `fill`), then `--ballots`
ballot forms posted one after the other through Django's test client, each by another
voter with their session and CSRF cookie: the whole request (middlewares, session, the
view, the service, the receipt page), without the HTTP server. Printed: the queries of one
ballot (each, shortened), ballots per second, and milliseconds of this process's CPU per
ballot (`time.process_time`: what two cores must share with PostgreSQL and the load
generator on vote day). Then the floor: the same signed-in POST, through the same
middlewares, to a view that does nothing but answer "ok" (added for this run only): what
any ballot costs before the vote's own work, whatever that work is made of. With
`--profile ballot` or `--profile floor`, the functions taking the most time in those requests (`BALLOT_SORT=tottime` to sort by each
function's own time). Nothing is asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import os
import pstats
import sys
import time
from collections.abc import Callable
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
    parser.add_argument("--profile", choices=("ballot", "floor"), help="profile these requests")
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

    try:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        keys, option = vote_day.fill(2 * args.ballots + 102)
        settings.ALLOWED_HOSTS = ["*"]
        client = Client(enforce_csrf_checks=True)
        body = f"csrfmiddlewaretoken={vote_day.CSRF}&choices={option}"

        _add_floor_view()

        def post(number: int, path: str = f"/consultations/{vote_day.SLUG}/vote/") -> int:
            client.cookies.clear()
            client.cookies.load({"sessionid": keys[number], "csrftoken": vote_day.CSRF})
            response = client.post(
                path,
                body,
                content_type="application/x-www-form-urlencoded",
                HTTP_ACCEPT_LANGUAGE="fr",
                HTTP_X_FORWARDED_FOR=f"10.0.{number >> 8 & 255}.{number & 255}",
            )
            return response.status_code

        say(f"machine: {machine()}, load {load_average()}")
        statuses = {post(n) for n in range(50)}  # warm-up
        statuses.add(_show_queries(f"One ballot, {connection.vendor}", lambda: post(50)))
        profiler = cProfile.Profile()
        started, cpu = time.perf_counter(), time.process_time()
        if args.profile == "ballot":
            profiler.enable()
        statuses |= {post(n) for n in range(51, 51 + args.ballots)}
        profiler.disable()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"  statuses: {sorted(statuses)}")
        print(f"  {args.ballots / elapsed:.0f} ballots/s one after the other, "
              f"{cpu / args.ballots * 1000:.2f} ms of Django's CPU per ballot")  # fmt: skip
        # The floor: fresh voters (each session is used once, as for the ballots).
        floor_from = 51 + args.ballots
        floor_statuses = {post(n, FLOOR_PATH) for n in range(floor_from, floor_from + 50)}
        floor_statuses.add(
            _show_queries("Floor: a signed-in POST to a view doing nothing",
                          lambda: post(floor_from + 50, FLOOR_PATH))
        )  # fmt: skip
        started, floor_cpu = time.perf_counter(), time.process_time()
        first = floor_from + 51
        if args.profile == "floor":
            profiler.enable()
        floor_statuses |= {post(n, FLOOR_PATH) for n in range(first, first + args.ballots)}
        profiler.disable()
        floor_elapsed = time.perf_counter() - started
        floor_cpu = time.process_time() - floor_cpu
        print(f"  statuses: {sorted(floor_statuses)}")
        print(f"  {args.ballots / floor_elapsed:.0f} requests/s one after the other, "
              f"{floor_cpu / args.ballots * 1000:.2f} ms of Django's CPU per request")  # fmt: skip
        print(f"  the vote's own work: {(cpu - floor_cpu) / args.ballots * 1000:.2f} ms of CPU per ballot")  # fmt: skip
        print(f"  the receipt page alone: {_receipt_cpu(client, keys[floor_from]) * 1000:.2f} ms of CPU")  # fmt: skip
        if args.profile:
            pstats.Stats(profiler).sort_stats(
                os.environ.get("BALLOT_SORT", "cumulative")
            ).print_stats(os.environ.get("BALLOT_FILTER", ""), 40)
            if os.environ.get("BALLOT_CALLERS"):
                pstats.Stats(profiler).print_callers(os.environ["BALLOT_CALLERS"])
    finally:
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)


FLOOR_PATH = "/bench-floor/"


def _receipt_cpu(client: object, key: str, rounds: int = 200) -> float:
    """The CPU seconds of rendering the ballot's receipt page once (the page every valid
    ballot answers with), for a signed-in voter's request, with the view's context."""
    import uuid

    import vote_day
    from django.shortcuts import render
    from django.test import RequestFactory

    from parvis.accounts.models import User
    from parvis.votes.models import Consultation
    from parvis.votes.views import _sub_trail

    consultation = Consultation.objects.select_related("space").get(slug=vote_day.SLUG)
    path = f"/consultations/{vote_day.SLUG}/vote/"
    request = RequestFactory().post(path, HTTP_ACCEPT_LANGUAGE="fr")
    request.user = User.objects.exclude(email="").order_by("pk").last()  # type: ignore[assignment]
    request.session = {}  # type: ignore[assignment]
    request.LANGUAGE_CODE = "fr"  # type: ignore[attr-defined]
    context = {
        "consultation": consultation,
        "title": consultation.title,
        "breadcrumbs": _sub_trail(consultation, "Vote", path),
        "receipt": uuid.uuid4(),
    }
    render(request, "votes/ballot_done.html", context)  # warm-up
    cpu = time.process_time()
    for _ in range(rounds):
        render(request, "votes/ballot_done.html", context)
    return (time.process_time() - cpu) / rounds


def _show_queries(title: str, request: Callable[[], int]) -> int:
    """Make `request`, print `title` and the SQL it ran (each statement shortened); return
    its status."""
    from django.db import connection

    seen: list[str] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        status = request()
    print(f"\n{title}: {len(seen)} queries")
    for sql in seen:
        print(f"  {sql[:110]}")
    return status


def _add_floor_view() -> None:
    """Route FLOOR_PATH, for this process only, to a view with the ballot's decorators and
    no work: signed-in, POST, never cached, answering "ok"."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path
    from django.views.decorators.cache import never_cache
    from django.views.decorators.http import require_POST

    from parvis import urls

    @never_cache
    @login_required
    @require_POST
    def floor(request: object) -> HttpResponse:
        return HttpResponse("ok", content_type="text/plain")

    urls.urlpatterns.insert(0, path(FLOOR_PATH.strip("/") + "/", floor))
    clear_url_caches()


if __name__ == "__main__":
    main()

"""Measure the agenda's pages with 20,000 events, 1,000 of them recurring.

    .venv/bin/python bench/agenda.py                   # SQLite
    .venv/bin/python bench/agenda.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_agenda \\
        --create-database                              # the same on PostgreSQL

The setting, written in bulk from a seeded generator (the same rows every run): 12
categories, 20,000 published events spread over the year before and the year after the
run's day, a third of them with a position; 1,000 of them recurring (weekly markets and
clubs, monthly meetings; one in four without end), each written out into its occurrences as
the services do (`parvis.agenda.recurrence.occurrences`, up to the horizon). Then the
production server (`python -m parvis serve`, granian, 2 workers x 4 threads, DEBUG off) is
started three times, side by side, as `bench/run.py` does: `uncached`, with `PAGE_CACHE=off`
(what a page costs when the page cache misses, after every change; the parts kept rendered
by the fragment cache, such as a month's days, are still kept while what they show is
unchanged); `cold`, with `FRAGMENT_CACHE=off` too (every part rendered at every request, as
right after a change to the agenda: the worst case); `cached`, as it starts by default.
Each page is warmed up for a second, then loaded for `--seconds` by `bench/load.py` (2
processes x 4 threads, keep-alive connections in a closed loop): the upcoming list, its
filtered and deep pages, this month's and next month's views, a week, a day and an event's
page. Printed: requests per second, p50 and p95 latency (target: p95 under 100 ms
uncached). Nothing is asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC
from pathlib import Path

from common import (
    clean_up,
    free_port,
    load_average,
    machine,
    measure_pages,
    prepare_environment,
    say,
    serve,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SEED = 12_000
CATEGORIES = [
    "Concerts", "Marchés", "Sport", "Théâtre", "Cinéma", "Expositions", "Conférences",
    "Enfants", "Seniors", "Nature", "Fêtes", "Conseil municipal",
]  # fmt: skip
RULES = [
    ("FREQ=WEEKLY;BYDAY=SA", 0.4),
    ("FREQ=WEEKLY;BYDAY=WE", 0.2),
    ("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=40", 0.15),
    ("FREQ=MONTHLY;BYDAY=1MO", 0.15),
    ("FREQ=DAILY;COUNT=10", 0.1),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--create-database", action="store_true")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--recurring", type=int, default=1_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the run's database and files")
    return parser.parse_args()


def fill(count: int, recurring: int) -> dict[str, str]:
    """The events, their occurrences and categories, in bulk; what the pages will ask for."""
    from django.db import transaction
    from django.utils import timezone

    from parvis.agenda.models import HORIZON_DAYS, AttendanceMode, Category, Event

    rng = random.Random(SEED)
    now = timezone.now()
    horizon = now + datetime.timedelta(days=HORIZON_DAYS)
    with transaction.atomic():
        categories = Category.objects.bulk_create(
            Category(name=name, slug=f"categorie-{n}", position=n)
            for n, name in enumerate(CATEGORIES)
        )
    batch: list = []
    started = time.perf_counter()
    recurring_at = set(rng.sample(range(count), recurring))
    rules = [rule for rule, _weight in RULES]
    weights = [weight for _rule, weight in RULES]
    made = 0
    for n in range(count):
        day = now.date() + datetime.timedelta(days=rng.randint(-365, 365))
        hour = rng.choice([9, 10, 14, 15, 18, 19, 20])
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        end = start + datetime.timedelta(hours=rng.choice([1, 2, 3]))
        rule = ""
        if n in recurring_at:
            rule = rng.choices(rules, weights)[0]
            if "COUNT" not in rule and rng.random() >= 0.25:
                until = day + datetime.timedelta(days=rng.randint(60, 300))
                rule += f";UNTIL={until:%Y%m%d}T235959"
        placed = rng.random() < 0.33
        online = rng.random() < 0.1
        mode = (
            AttendanceMode.MIXED
            if online and placed
            else AttendanceMode.ONLINE
            if online
            else AttendanceMode.OFFLINE
        )
        free = rng.random() < 0.7
        batch.append(
            Event(
                uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                title=f"Événement {n}",
                slug=f"evenement-{n}",
                summary="Un rendez-vous de la ville.",
                description="Venez nombreux.",
                category=categories[n % len(categories)],
                starts_at=start,
                ends_at=end,
                rrule=rule,
                place_name="Salle des fêtes" if not online or placed else "",
                lat=45.76 + rng.uniform(-0.02, 0.02) if placed else None,
                lon=4.83 + rng.uniform(-0.03, 0.03) if placed else None,
                online_url="https://video.example/live" if online else "",
                attendance_mode=mode,
                is_free=free,
                price=None if free else 5,
                is_published=True,
            )
        )
        if len(batch) == 1_000 or n == count - 1:
            made += _write(batch, now=now, horizon=horizon)
            batch = []
    say(f"{count:,} events ({recurring:,} recurring), {made:,} occurrences written in "
        f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    middle = Event.objects.order_by("starts_at")[count // 2]
    return {
        "category": categories[3].slug,
        "event": middle.slug,
        "recurring": Event.objects.exclude(rrule="").order_by("id").first().slug,  # type: ignore[union-attr]
    }


def _write(batch: list, *, now: datetime.datetime, horizon: datetime.datetime) -> int:
    from django.db import transaction

    from parvis.agenda import recurrence
    from parvis.agenda.models import MAX_OCCURRENCES, Event, Occurrence
    from parvis.agenda.services import occurrence_days

    with transaction.atomic():
        events = Event.objects.bulk_create(batch)
        occurrences = []
        for event in events:
            times = list(
                recurrence.occurrences(
                    starts_at=event.starts_at,
                    ends_at=event.ends_at,
                    rule=event.rrule,
                    exdates="",
                    until=horizon,
                    limit=MAX_OCCURRENCES,
                )
            )
            occurrences += [
                Occurrence(
                    event_id=event.pk, starts_at=start, ends_at=end, **occurrence_days(start, end)
                )
                for start, end in times
            ]
            last = None if recurrence.is_endless(event.rrule) else times[-1][1]
            if last != event.last_ends_at:
                Event.objects.filter(pk=event.pk).update(last_ends_at=last)
        Occurrence.objects.bulk_create(occurrences, batch_size=2_000)
    return len(occurrences)


def start_server(port: int, args: argparse.Namespace, log: Path, *, mode: str) -> subprocess.Popen:
    env = {}
    if mode in ("uncached", "cold"):
        env["PAGE_CACHE"] = "off"
    if mode == "cold":
        env["FRAGMENT_CACHE"] = "off"
    return serve(ROOT, port, workers=args.workers, threads=args.threads, log=log, env=env)


def pages(found: dict[str, str]) -> list[tuple[str, str]]:
    today = datetime.date.today()
    following = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    year, week, _ = today.isocalendar()
    return [
        ("list", "/agenda/"),
        ("list-filtered", f"/agenda/?category={found['category']}&free=1"),
        ("list-page-5", "/agenda/?page=5"),
        ("month", f"/agenda/{today.year}/{today.month}/"),
        ("month-next", f"/agenda/{following.year}/{following.month}/"),
        ("week", f"/agenda/{year}/week/{week}/"),
        ("day", f"/agenda/{today.year}/{today.month}/{today.day}/"),
        ("event", f"/agenda/event/{found['event']}/"),
        ("event-recurring", f"/agenda/event/{found['recurring']}/"),
    ]


def main() -> None:
    args = parse_args()
    run_dir = RESULTS / datetime.datetime.now(UTC).strftime("agenda-%Y%m%dT%H%M%SZ")
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    database = "PostgreSQL" if args.database_url else "SQLite"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()
    django.setup()
    from django.db import connection

    servers: list[subprocess.Popen] = []
    try:
        say(f"Preparing the {database} database in {run_dir.relative_to(ROOT)}")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        found = fill(args.events, args.recurring)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        connection.close()
        ports = {"uncached": free_port(), "cold": free_port(), "cached": free_port()}
        say(
            f"Serving on ports {ports} ({args.workers} workers x {args.threads} threads); "
            f"machine: {machine()}, Python {platform.python_version()}, load {load_average()}"
        )
        for mode, port in ports.items():
            servers.append(start_server(port, args, run_dir / f"server-{mode}.log", mode=mode))
        print(f"\nAgenda pages, {database}, {args.events:,} events ({args.recurring:,} recurring)")
        results = measure_pages(pages(found), ports, seconds=args.seconds)
        summary = {
            "database": database,
            "machine": machine(),
            "python": platform.python_version(),
            "events": args.events,
            "recurring": args.recurring,
            "pages": results,
            "load_average_after": round(os.getloadavg()[0], 2),
        }
        (run_dir / "results.json").write_text(json.dumps(summary, indent=1))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)
    say(f"Results in {(run_dir / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()

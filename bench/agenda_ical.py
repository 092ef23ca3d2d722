"""Time the agenda's whole iCalendar feed, and measure the memory it takes, as the agenda grows.

    .venv/bin/python bench/agenda_ical.py                      # SQLite, in the run's folder
    .venv/bin/python bench/agenda_ical.py --database-url \\
        postgres://postgres@127.0.0.1:5432/parvis_bench_agenda_ical --create-database

For each size (`--sizes`, 2,000 then 20,000 events by default; one in 20 recurring, weekly or
monthly, some with an end, some with days left out; the rest held once, over the year before
and the two after the run), the events are added with `bulk_create` (the setting, not the
measure), then `/agenda/agenda.ics` is asked for through the whole Django stack (the test
client, every middleware) and its streamed body read to the end, as a calendar application
does:

- `--repeat` times first, without tracemalloc: the median time, the growth of the process's
  resident memory (peak RSS, VmHWM, reset before each run through /proc/self/clear_refs,
  less RSS before it) and that peak itself (the whole process: Django, the libraries, the
  feed);
- then once under `tracemalloc`: the peak of Python's allocations while the feed is produced.

The target: a peak under 100 MB whatever the number of events (the feed streams, events read
by chunks of `ical.CHUNK`), so the figures of both sizes should be close. Prints figures and
writes `bench/results/agenda-ical-<time>/results.json`; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC
from pathlib import Path
from typing import Any

from common import clean_up, load_average, machine, prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SEED = 12_000
MB = 1024 * 1024


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="", help="A PostgreSQL database (default: SQLite)."
    )
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the database (dropping it first) and drop it at the end.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    parser.add_argument("--sizes", default="2000,20000", help="Numbers of events, growing.")
    parser.add_argument("--recurring-share", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def events_fill(start: int, stop: int, *, share: float, rng: random.Random) -> None:
    """Events number `start` to `stop` - 1, published, with a category, half of them in a
    place with a position; a `share` of them recurring."""
    from django.utils import timezone

    from parvis.agenda.models import Category, Event

    categories = list(Category.objects.all()) or [
        Category.objects.create(name=f"Catégorie {n}", slug=f"categorie-{n}") for n in range(12)
    ]
    zone = timezone.get_current_timezone()
    now = timezone.now()
    batch = []
    for n in range(start, stop):
        day = now + datetime.timedelta(days=rng.randint(-365, 730))
        starts_at = datetime.datetime.combine(
            day.date(), datetime.time(rng.choice([9, 10, 14, 18, 20]), rng.choice([0, 30]))
        ).replace(tzinfo=zone)
        ends_at = starts_at + datetime.timedelta(hours=rng.choice([1, 2, 3]))
        recurring = rng.random() < share
        rrule, exdates, last = "", "", ends_at
        if recurring:
            rrule = rng.choice(
                [
                    "FREQ=WEEKLY;BYDAY=SA",
                    "FREQ=WEEKLY;BYDAY=TU,TH",
                    "FREQ=MONTHLY;BYDAY=1MO",
                    "FREQ=WEEKLY;COUNT=10;BYDAY=WE",
                    f"FREQ=WEEKLY;UNTIL={(starts_at + datetime.timedelta(days=120)):%Y%m%d}"
                    "T235959;BYDAY=FR",
                ]
            )
            if rng.random() < 0.5:
                exdates = "\n".join(
                    (starts_at + datetime.timedelta(weeks=w)).date().isoformat()
                    for w in rng.sample(range(1, 30), 3)
                )
            last = None if "COUNT" not in rrule and "UNTIL" not in rrule else ends_at
            if last is not None:
                last = starts_at + datetime.timedelta(days=150)
        placed = rng.random() < 0.5
        batch.append(
            Event(
                title=f"Événement n° {n}, « {rng.choice(['concert', 'marché', 'atelier'])} »",
                slug=f"evenement-{n}",
                summary="Un rendez-vous de la ville; entrée libre.",
                description="Première ligne.\nDeuxième ligne, avec des accents : é à ç.\n" * 3,
                category=rng.choice(categories),
                starts_at=starts_at,
                ends_at=ends_at,
                rrule=rrule,
                exdates=exdates,
                last_ends_at=last,
                place_name="Salle des fêtes" if placed else "",
                address="1 place de la Mairie, 36000 Villeneuve" if placed else "",
                lat=46.81 + rng.uniform(-0.02, 0.02) if placed else None,
                lon=1.69 + rng.uniform(-0.03, 0.03) if placed else None,
                online_url="" if placed else "https://video.example.org/live",
                is_published=True,
            )
        )
        if len(batch) == 2000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def feed_read(client: Any) -> tuple[int, int]:
    """Ask for the whole feed and read it to the end: (bytes, chunks)."""
    response = client.get("/agenda/agenda.ics")
    assert response.status_code == 200 and response.streaming, response.status_code
    size = chunks = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        chunks += 1
    response.close()
    return size, chunks


def measure(client: Any, *, repeat: int) -> dict[str, Any]:
    """Timed runs first (RSS growth measured on them), then one under tracemalloc."""
    import gc

    times, growths, peaks = [], [], []
    size = chunks = 0
    for _ in range(repeat):
        gc.collect()
        before = _status("VmRSS")
        reset = _reset_peak_rss()
        started = time.perf_counter()
        size, chunks = feed_read(client)
        times.append(time.perf_counter() - started)
        if reset:
            growths.append(_status("VmHWM") - before)
            peaks.append(_status("VmHWM"))
    gc.collect()
    tracemalloc.start()
    feed_read(client)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "bytes": size,
        "vevents": chunks - 2,
        "seconds_median": round(statistics.median(times), 3),
        "tracemalloc_peak_mb": round(peak / MB, 1),
        "rss_growth_mb": round(max(growths) / MB, 1) if growths else None,
        "rss_peak_mb": round(max(peaks) / MB, 1) if peaks else None,
    }


def main() -> None:
    args = parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    stamp = datetime.datetime.now(UTC).strftime("agenda-ical-%Y%m%dT%H%M%SZ")
    run_dir = RESULTS / stamp
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()
    django.setup()
    from django.db import connection
    from django.test import Client

    database = "PostgreSQL" if args.database_url else "SQLite"
    summary: dict[str, Any] = {
        "machine": machine(),
        "python": platform.python_version(),
        "database": database,
        "load_average_before": load_average(),
        "sizes": {},
    }
    rng = random.Random(SEED)
    try:
        say(f"Migrating ({database}). Machine: {machine()}, load {load_average()}")
        call_command("migrate", verbosity=0, interactive=False)
        client = Client(HTTP_HOST="127.0.0.1")
        print(
            f"\nThe whole iCalendar feed on {database}, read to its end through the Django stack\n"
            "  events  recurring  VEVENTs     MB   median s  tracemalloc peak MB  RSS growth MB"
            "  process peak RSS MB",
            flush=True,
        )
        done = 0
        for size in sizes:
            events_fill(done, size, share=args.recurring_share, rng=rng)
            done = size
            if postgres:
                postgres.analyze()
            from parvis.agenda.models import Event

            recurring = Event.objects.exclude(rrule="").count()
            figures = measure(client, repeat=args.repeat)
            figures["recurring"] = recurring
            summary["sizes"][size] = figures
            print(
                f"  {size:6d}  {recurring:9d}  {figures['vevents']:7d}  "
                f"{figures['bytes'] / MB:5.1f}  {figures['seconds_median']:9.2f}  "
                f"{figures['tracemalloc_peak_mb']:19.1f}  {figures['rss_growth_mb']!s:>13}  "
                f"{figures['rss_peak_mb']!s:>19}",
                flush=True,
            )
        summary["load_average_after"] = load_average()
        (run_dir / "results.json").write_text(json.dumps(summary, indent=1))
        say(f"Load average after: {summary['load_average_after']}")
    finally:
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)
    say(f"Results in {(run_dir / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()

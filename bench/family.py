"""Measure the family space at a town's size, on PostgreSQL.

    .venv/bin/python bench/family.py --database-url \\
        postgres://postgres@127.0.0.1:5432/parvis_bench_family --create-database

One command, one section per question (`--sections` picks some, in `SECTIONS` order):

- `invoices`: a month's invoice run (`parvis.family.invoicing.invoices_run`, what staff start
  from the back office) for 1,000 then 5,000 households of 1-2 children each, every child
  at the canteen about 16 days of the month (3 % of them marked absent). Each size is run
  twice on the same data: once under `tracemalloc` (its peak: memory must stay flat as the
  town grows, the run reads households by batches) and rolled back, then timed and
  committed (target: under 60 s for 5,000). The query count is printed too.
- `bookings`: 500 parents booking the same canteen day in the same minute, 400 places:
  `--threads` threads (each its own database connection, as a server's threads) call
  `parvis.family.services.bookings_change` for one registration and that day. Prints how
  many were booked and refused (expected: exactly 400 and 100), the day's bookings counted
  by a query afterwards (never more than the capacity), calls per second, p50 and p95.

The setting of each section (households, children, bookings) is written in bulk: it is the
setting, not the measure. Prints figures and writes `bench/results/family-<time>/results.json`;
asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import random
import statistics
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path
from typing import Any

from common import clean_up, load_average, machine, prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SEED = 36_000
#: The months invoiced by the `invoices` section, one per size: the first size's
#: households have days in the first, the second size's in the second…
MONTHS = [datetime.date(2026, 10, 1), datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/parvis_bench_family",
        help="A PostgreSQL database (the bookings need row locks: no SQLite).",
    )
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the database (dropping it first) and drop it at the end.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    parser.add_argument("--sections", default=",".join(SECTIONS_ORDER), help="Comma-separated.")
    parser.add_argument("--households", default="1000,5000", help="Sizes of the invoice runs.")
    parser.add_argument("--parents", type=int, default=500)
    parser.add_argument("--places", type=int, default=400)
    parser.add_argument("--threads", type=int, default=32)
    return parser.parse_args()


# --- the town's services --------------------------------------------------------------------


def canteen(*, slug: str, capacity: int, deadline_days: int = 2) -> Any:
    """A canteen for the school year 2026-2027 (its season) with three tariffs."""
    from decimal import Decimal

    from django.utils import timezone

    from parvis.family.models import Season, Service, ServiceKind, Tariff

    service = Service.objects.create(
        slug=slug, name=f"Cantine {slug}", kind=ServiceKind.CANTEEN, capacity=capacity,
        weekdays=[0, 1, 3, 4], deadline_days=deadline_days,
    )  # fmt: skip
    for low, high, price in ((0, 600, "1.00"), (601, 1200, "2.90"), (1201, None, "4.60")):
        Tariff.objects.create(
            service=service, quotient_min=low, quotient_max=high, price=Decimal(price)
        )
    return Season.objects.create(
        service=service, name="Année scolaire 2026-2027",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=max(datetime.date(2027, 7, 4), timezone.localdate() + datetime.timedelta(days=60)),
        closed_days=["2026-11-11"],
    )  # fmt: skip


def households_fill(count: int, *, prefix: str, rng: random.Random) -> list[Any]:
    """`count` households (quotients over the three brackets, one in eight without one) and
    1-2 children each; the children, with their households."""
    from parvis.family.models import Child, Household

    households = Household.objects.bulk_create(
        [
            Household(
                reference=f"{prefix}{n:06d}",
                name=f"Famille {n}",
                address=f"{n} rue du Banc d'essai",
                quotient=None if rng.random() < 0.125 else rng.randint(150, 2600),
                quotient_valid_until=datetime.date(2027, 12, 31),
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    children = [
        Child(
            household=household,
            first_name=f"Enfant {index}",
            last_name=household.name,
            birth_date=datetime.date(2018, 1 + index, 1 + rng.randrange(28)),
        )
        for household in households
        for index in range(rng.choice((1, 2)))
    ]
    return Child.objects.bulk_create(children, batch_size=2000)


# --- section: invoices ----------------------------------------------------------------------


def bench_invoices(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection, transaction

    from parvis.family.invoicing import invoices_run
    from parvis.family.models import Booking, Invoice, Registration, RegistrationStatus

    sizes = sorted(int(size) for size in args.households.split(","))[: len(MONTHS)]
    large = sizes[-1]
    rng = random.Random(SEED)
    started = time.perf_counter()
    season = canteen(slug="invoices", capacity=100_000)
    children = households_fill(large, prefix="INV", rng=rng)
    registrations = Registration.objects.bulk_create(
        [
            Registration(child=child, season=season, status=RegistrationStatus.VALIDATED)
            for child in children
        ],
        batch_size=2000,
    )
    household_ids = sorted({child.household_id for child in children})
    months = dict(zip(sizes, MONTHS, strict=False))
    bookings = 0
    for size, month in months.items():
        days = [
            month + datetime.timedelta(days=n)
            for n in range(31)
            if (month + datetime.timedelta(days=n)).month == month.month
            and season.runs_on(month + datetime.timedelta(days=n))
        ]
        rows = []
        included = set(household_ids[:size])
        for registration, child in zip(registrations, children, strict=True):
            if child.household_id not in included:
                continue
            for day in rng.sample(days, min(len(days), rng.randint(14, 18))):
                rows.append(
                    Booking(
                        registration=registration,
                        season=season,
                        day=day,
                        attended=rng.random() >= 0.03,
                    )
                )
        Booking.objects.bulk_create(rows, batch_size=5000)
        bookings += len(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would have done by now
    say(
        f"{large:,} households, {len(children):,} children, {bookings:,} booked days written "
        f"in {time.perf_counter() - started:.1f} s"
    )
    figures: dict[str, Any] = {"children": len(children), "bookings": bookings, "runs": []}
    for size, month in months.items():
        today = (month + datetime.timedelta(days=32)).replace(day=3)
        # Memory first (tracemalloc slows Python down), in a transaction rolled back...
        tracemalloc.start()
        with transaction.atomic():
            invoices_run(month=month, actor=None, today=today)
            peak = tracemalloc.get_traced_memory()[1]
            transaction.set_rollback(True)
        tracemalloc.stop()
        # ...then the time, committed, as staff run it.
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            began = time.perf_counter()
            run = invoices_run(month=month, actor=None, today=today)
            seconds = time.perf_counter() - began
        invoiced = Invoice.objects.filter(month=month).count()
        row = {
            "households": size,
            "month": f"{month:%Y-%m}",
            "invoices": run.invoices,
            "invoices_in_database": invoiced,
            "total": str(run.total),
            "seconds": round(seconds, 3),
            "invoices_per_second": round(run.invoices / seconds, 1),
            "queries": queries.count,
            "peak_memory_mib": round(peak / 2**20, 2),
        }
        figures["runs"].append(row)
    print(f"\nInvoice run (invoices_run), {platform.python_implementation()} on PostgreSQL")
    print("  households  invoices   seconds  invoices/s  queries  peak memory (tracemalloc)")
    for row in figures["runs"]:
        print(
            f"  {row['households']:>10,}  {row['invoices']:>8,}  {row['seconds']:>8.2f}  "
            f"{row['invoices_per_second']:>10,.0f}  {row['queries']:>7,}  "
            f"{row['peak_memory_mib']:>6.2f} MiB",
            flush=True,
        )
    return figures


class QueryCounter:
    """A `connection.execute_wrapper` that counts the queries run through it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


# --- section: bookings ----------------------------------------------------------------------


def bench_bookings(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.utils import timezone

    from parvis.accounts.models import User
    from parvis.family.models import Booking, Guardian, Registration, RegistrationStatus
    from parvis.family.services import bookings_change

    rng = random.Random(SEED + 1)
    season = canteen(slug="bookings", capacity=args.places)
    # A day the canteen runs, well before its deadline.
    day = timezone.localdate() + datetime.timedelta(days=14)
    while not season.runs_on(day):
        day += datetime.timedelta(days=1)
    children = households_fill(args.parents, prefix="BOOK", rng=rng)
    children = list({child.household_id: child for child in children}.values())  # one each
    users = User.objects.bulk_create(
        [
            User(
                email=f"parent{n:05d}@bench.example",
                display_name=f"Parent {n}",
                password=UNUSABLE_PASSWORD_PREFIX + "bench",
            )
            for n in range(len(children))
        ]
    )
    Guardian.objects.bulk_create(
        [
            Guardian(household_id=child.household_id, user=user)
            for child, user in zip(children, users, strict=True)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(child=child, season=season, status=RegistrationStatus.VALIDATED)
            for child in children
        ]
    )
    registrations = list(
        Registration.objects.filter(season=season).select_related("child").order_by("pk")
    )
    parent_of = {child.household_id: user for child, user in zip(children, users, strict=True)}
    calls = [
        (registration, parent_of[registration.child.household_id]) for registration in registrations
    ]
    rng.shuffle(calls)
    connection.close()  # each thread opens its own

    lock = threading.Lock()
    outcomes: list[tuple[str, float]] = []
    errors: list[str] = []
    start, finish = threading.Barrier(args.threads), threading.Barrier(args.threads)

    def warm(_n: int) -> None:
        # Every thread connects before the clock starts, as a server's threads are (the
        # barrier holds each one until all have: one call per thread).
        User.objects.exists()
        start.wait()

    def close(_n: int) -> None:
        connection.close()
        finish.wait()

    def book(call: tuple[Any, Any]) -> None:
        registration, user = call
        began = time.perf_counter()
        try:
            bookings_change(registration=registration, user=user, book=[day])
            outcome = "booked"
        except ValidationError:
            outcome = "refused"
        except Exception as error:  # a benchmark reports every failure
            outcome = "error"
            with lock:
                errors.append(repr(error))
        with lock:
            outcomes.append((outcome, time.perf_counter() - began))

    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(warm, range(args.threads)))
        began = time.perf_counter()
        list(pool.map(book, calls))
        wall = time.perf_counter() - began
        list(pool.map(close, range(args.threads)))
    latencies = sorted(seconds for _outcome, seconds in outcomes)
    counted = Booking.objects.filter(season=season, day=day).count()
    figures = {
        "parents": len(calls),
        "places": args.places,
        "threads": args.threads,
        "day": day.isoformat(),
        "booked": sum(1 for outcome, _s in outcomes if outcome == "booked"),
        "refused": sum(1 for outcome, _s in outcomes if outcome == "refused"),
        "errors": len(errors),
        "first_errors": errors[:3],
        "bookings_counted": counted,
        "wall_seconds": round(wall, 3),
        "calls_per_second": round(len(calls) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(statistics.quantiles(latencies, n=20)[18] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
    }
    print(
        f"\nBooking one canteen day: {figures['parents']} parents, {args.places} places, "
        f"{args.threads} threads on PostgreSQL\n"
        f"  booked {figures['booked']}, refused {figures['refused']}, errors "
        f"{figures['errors']}; the day's bookings counted afterwards: {counted} "
        f"(capacity {args.places})\n"
        f"  {figures['calls_per_second']:.0f} calls/s ({wall:.2f} s), p50 "
        f"{figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms",
        flush=True,
    )
    return figures


# --- the sections ---------------------------------------------------------------------------
# One function per section: it writes the setting it needs (its own services, with slugs of
# their own, beside the other sections'), measures, prints its figures and returns them for
# results.json. A new section — for example payment notifications per second (the payment
# provider's server-to-server calls confirming invoices) — is a `bench_<name>(args)`
# function above and one line here, plus its options in `parse_args`.
SECTIONS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "invoices": bench_invoices,
    "bookings": bench_bookings,
}
SECTIONS_ORDER = list(SECTIONS)


def main() -> None:
    args = parse_args()
    wanted = [name.strip() for name in args.sections.split(",") if name.strip()]
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        sys.exit(f"Unknown sections: {', '.join(sorted(unknown))} (known: {', '.join(SECTIONS)})")
    if not args.database_url.startswith("postgres"):
        sys.exit("--database-url must be a PostgreSQL database: the bookings need row locks.")
    stamp = datetime.datetime.now(UTC).strftime("family-%Y%m%dT%H%M%SZ")
    run_dir = RESULTS / stamp
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()  # as `parvis` does: the run's data directory and its secret key
    django.setup()
    from django.db import connection

    summary: dict[str, Any] = {
        "machine": machine(),
        "python": platform.python_version(),
        "load_average_before": load_average(),
    }
    try:
        say(f"Migrating {args.database_url}. Machine: {machine()}, load {load_average()}")
        call_command("migrate", verbosity=0, interactive=False)
        for name in SECTIONS_ORDER:
            if name in wanted:
                say(f"Section {name}")
                summary[name] = SECTIONS[name](args)
        summary["load_average_after"] = load_average()
        (run_dir / "results.json").write_text(json.dumps(summary, indent=1))
        say(f"Load average after: {summary['load_average_after']}")
    finally:
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)
    say(f"Results in {(run_dir / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""How long Open311's request list takes (`GET /open311/v2/requests.json`, uncached) with
the specification's filters, on a PostgreSQL database holding N reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parvis_bench_open311 \\
        SECRET_KEY=x .venv/bin/python bench/open311.py --reports 1000000 --explain

Migrates the database, makes four report categories, then fills `reports_report` with one
INSERT … SELECT over generate_series: positions spread as bench/mapclusters.py spreads its
points (copied in first), categories and statuses spread unevenly (5 % unconfirmed), dates
over the last two years, inserted oldest first as a town's reports arrive (the table's
order follows time, as on a live site); VACUUM ANALYZE after. Then asks each scenario
`--requests` times through Django's test client with the page cache off (every answer
rendered: the view, its queries, the JSON), and prints p50, p95 and answers per second of
one thread, with the query plans (`--explain`) of the list's main query. Prints figures;
asserts nothing. `--keep` leaves the rows (for `bench/mapclusters.py --layer reports`);
`--no-fill` measures the rows already there.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import load_average, machine, town_positions  # noqa: E402
from parvis.reports.models import Category, Report  # noqa: E402

CODES = ["nids-de-poule", "eclairage", "proprete", "bruit"]


def fill(count: int) -> float:
    started = time.perf_counter()
    empty()
    categories = []
    for code in CODES:
        category, __ = Category.objects.get_or_create(
            slug=code, defaults={"name": code.replace("-", " ").title()}
        )
        categories.append(category.pk)
    # Positions as bench/mapclusters.py spreads its points (so its `--layer reports` run
    # asks the same kind of town); categories by weight (half potholes), statuses by
    # weight, dates over 730 days.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_position (i bigint PRIMARY KEY, lat float, lon float)"
        )
        copy_sql = "COPY bench_position (i, lat, lon) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:  # type: ignore[attr-defined]
            buffer = io.StringIO()
            for i, (lon, lat) in enumerate(town_positions(count, settings.MAP_BOUNDS, 10), 1):
                buffer.write(f"{i}\t{lat}\t{lon}\n")
                if i % 50_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        cursor.execute(
            """
            INSERT INTO reports_report (reference, category_id, lat, lon, address_text,
                description, extra, email, confirmation_token, hide_author, status,
                moderation_status, hidden_reason, language, created_at, updated_at)
            SELECT upper(lpad(to_hex(i), 10, '0')),
                   (%s::bigint[])[1 + (CASE WHEN r1 < 0.5 THEN 0 WHEN r1 < 0.75 THEN 1
                                          WHEN r1 < 0.9 THEN 2 ELSE 3 END)],
                   position.lat, position.lon, '',
                   'Signalement de test ' || i, '{}'::jsonb, 'bench@example.org', '', false,
                   (ARRAY['unconfirmed','open','acknowledged','in_progress','fixed',
                          'closed','duplicate'])[1 + (CASE WHEN r4 < 0.05 THEN 0
                          WHEN r4 < 0.25 THEN 1 WHEN r4 < 0.35 THEN 2 WHEN r4 < 0.45 THEN 3
                          WHEN r4 < 0.75 THEN 4 WHEN r4 < 0.97 THEN 5 ELSE 6 END)],
                   'visible', '', 'fr',
                   now() - (r5 * interval '730 days'),
                   now() - (r5 * interval '730 days')
            FROM (SELECT i, random() AS r1, random() AS r4, random() AS r5
                  FROM generate_series(1, %s) AS i) AS series
            JOIN bench_position AS position USING (i)
            ORDER BY r5 DESC
            """,
            [categories, count],
        )
        cursor.execute("DROP TABLE bench_position")
        # As autovacuum leaves a table: statistics, and the visibility map that lets the
        # map's counting queries read the (lat, lon) index alone.
        cursor.execute("VACUUM ANALYZE reports_report")
    return time.perf_counter() - started


def empty() -> None:
    """Remove every report of the benchmark's own database at once (and what refers to
    them: status changes, photos, "me too"s)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reports_report CASCADE")


def scenarios() -> dict[str, str]:
    now = timezone.now()
    year_ago = (now - timezone.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    month_later = (now - timezone.timedelta(days=335)).strftime("%Y-%m-%dT%H:%M:%SZ")
    week_ago = (now - timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    references = list(
        Report.objects.exclude(status="unconfirmed")
        .order_by("?")
        .values_list("reference", flat=True)[:50]
    )
    return {
        "no filter (last 90 days)": "",
        "service_code": "service_code=bruit",
        "status=open": "status=open",
        "service_code + status=closed": "service_code=eclairage&status=closed",
        "start_date + end_date (30 days, a year ago)": (
            f"start_date={year_ago}&end_date={month_later}"
        ),
        "all filters (a year ago)": (
            f"service_code=bruit&status=open&start_date={year_ago}&end_date={month_later}"
        ),
        "start_date = last 7 days, status=open": f"start_date={week_ago}&status=open",
        "service_request_id (50 ids)": "service_request_id=" + ",".join(references),
    }


def measure(client: Client, query: str, requests: int) -> dict:
    url = "/open311/v2/requests.json" + (f"?{query}" if query else "")
    timings = []
    size = 0
    for __ in range(requests):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        size = len(response.json())
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "per_second": 1000 * len(timings) / sum(timings),
        "results": size,
    }


def explain(client: Client, query: str) -> str:
    url = "/open311/v2/requests.json" + (f"?{query}" if query else "")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HOST="127.0.0.1")
    sql = next(q["sql"] for q in queries.captured_queries if 'FROM "reports_report"' in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--no-fill", action="store_true")
    parser.add_argument("--keep", action="store_true", help="leave the reports for another run")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Give DATABASE_URL=postgres://… : this benchmark fills PostgreSQL.")
    call_command("migrate", verbosity=0)
    settings.PAGE_CACHE = False
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    print(f"machine: {machine()}; load average before: {load_average()}")
    if not args.no_fill:
        took = fill(args.reports)
        print(f"filled {args.reports:,} reports in {took:.1f} s (INSERT … SELECT, ANALYZE)")
    print(f"database: {connection.vendor}; reports: {Report.objects.count():,}")
    client = Client()
    try:
        for name, query in scenarios().items():
            measure(client, query, 5)  # warm: the database's cache
            found = measure(client, query, args.requests)
            print(
                f"{name}: p50 {found['p50']:.1f} ms, p95 {found['p95']:.1f} ms, "
                f"{found['per_second']:.0f} answers/s (one thread), {found['results']} results"
            )
            if args.explain:
                print(f"\nplan of the list's query ({name}):\n{explain(client, query)}\n")
        print(f"load average after: {load_average()}")
    finally:
        if not args.keep:
            empty()


if __name__ == "__main__":
    main()

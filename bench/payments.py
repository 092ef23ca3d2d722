"""Measure online payment notifications: how many a second Parvis verifies and records.

    .venv/bin/python bench/payments.py                 # SQLite, 2,000 payments
    .venv/bin/python bench/payments.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_pay \\
        --create-database                              # the same on PostgreSQL

What a provider's server does, from outside, over HTTP: 2,000 invoices of as many households,
a payment started for each (SystemPay, as the departure records it); then the production
server (`python -m parvis serve`, granian, 2 workers x 4 threads, DEBUG off) receives, from
`--clients` keep-alive connections at once, one signed notification per payment plus a replay
of one in ten (SystemPay repeats a notification it thinks lost). Each notification goes the
whole way: eopayment reads it and checks the HMAC-SHA-256 signature, the payment's row is
locked, the amount compared, the invoice paid under its own lock, the audit entries written
and the receipt's task enqueued.

Printed: notifications per second (replays included) and their latencies, then the check
that every payment and invoice was recorded exactly once (paid payments, paid invoices,
"invoice paid" audit entries, replays seen). The invoices and payments are written in bulk
(they are the setting, not the measure). Nothing is asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from common import clean_up, free_port, load_average, machine, prepare_environment, say, serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SECRET = "bench-secret-0123"  # noqa: S105 (the bench's own provider key)
OPTIONS = {"vads_site_id": "12345678", "secret_test": SECRET, "signature_algo": "hmac_sha256"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL; default: SQLite.")
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database (dropping it first) and drop it at the end.",
    )
    parser.add_argument("--payments", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=16, help="Connections at once.")
    parser.add_argument("--workers", type=int, default=2, help="Server processes.")
    parser.add_argument("--threads", type=int, default=4, help="Threads per server process.")
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    return parser.parse_args()


def sign(fields: dict[str, str]) -> dict[str, str]:
    """SystemPay's signature, from its documentation (not eopayment's code)."""
    values = [fields[key] for key in sorted(fields) if key.startswith("vads_")]
    digest = hmac.new(SECRET.encode(), "+".join([*values, SECRET]).encode(), hashlib.sha256)
    return {**fields, "signature": base64.b64encode(digest.digest()).decode()}


def prepare(count: int) -> list[str]:
    """`count` households, each with an issued invoice and a started payment; the
    notification bodies, a replay of one in ten at the end."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from parvis.family.models import Household, Invoice
    from parvis.payments.models import Payment

    today = timezone.localdate()
    Household.objects.bulk_create(
        Household(reference=f"F-B{n:06d}", name=f"Famille {n}", address="1 rue du Banc")
        for n in range(count)
    )
    households = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    Invoice.objects.bulk_create(
        Invoice(
            household_id=pk,
            number=f"FAC-BENCH-{n:06d}",
            month=today.replace(day=1),
            issued_on=today,
            due_on=today + dt.timedelta(days=30),
            total=Decimal("10.00") + n % 50,
        )
        for n, pk in enumerate(households)
    )
    invoices = list(Invoice.objects.order_by("pk").values_list("pk", "total"))
    date = "20261203101010"
    Payment.objects.bulk_create(
        Payment(
            order_id=f"{date}_{n:06X}",
            payable_kind="family.invoice",
            payable_id=pk,
            label=f"Facture {n}",
            amount=total,
            backend="systempayv2",
            email=f"parent{n}@bench.example",
        )
        for n, (pk, total) in enumerate(invoices)
    )
    bodies = [
        urlencode(
            sign(
                {
                    "vads_site_id": OPTIONS["vads_site_id"],
                    "vads_trans_id": f"{n:06X}",
                    "vads_trans_date": date,
                    "vads_amount": str(int(total * 100)),
                    "vads_currency": "978",
                    "vads_ctx_mode": "TEST",
                    "vads_result": "00",
                    "vads_auth_result": "00",
                    "vads_auth_number": f"{n:06d}",
                }
            )
        )
        for n, (_pk, total) in enumerate(invoices)
    ]
    return bodies + bodies[::10]


def start_server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    env = {
        "PAYMENT_BACKEND": "systempayv2",
        "PAYMENT_OPTIONS": json.dumps(OPTIONS),
        "PAGE_CACHE": "off",
    }
    return serve(ROOT, port, workers=workers, threads=threads, log=log, env=env)


def post_all(port: int, bodies: list[str], clients: int) -> dict:
    """Post every body once, from `clients` keep-alive connections; statuses and latencies."""
    lock = threading.Lock()
    queue = list(reversed(bodies))
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                body = queue.pop()
            started = time.perf_counter()
            connection.request(
                "POST",
                "/payments/notification/",
                body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "notifications": len(bodies),
        "wall_seconds": round(wall, 3),
        "per_second": round(len(bodies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "statuses": statuses,
    }


def recorded() -> dict:
    from parvis.core.models import AuditEntry
    from parvis.family.models import Invoice
    from parvis.payments.models import Payment

    return {
        "payments_paid": Payment.objects.filter(status="paid").count(),
        "payments_other": Payment.objects.exclude(status="paid").count(),
        "invoices_paid": Invoice.objects.filter(status="paid", paid_how="online").count(),
        "invoice_paid_entries": AuditEntry.objects.filter(action="family.invoice_paid").count(),
        "replays_seen": AuditEntry.objects.filter(action="payments.notification_replayed").count(),
        "refused": AuditEntry.objects.filter(action="payments.notification_refused").count(),
    }


def main() -> None:
    args = parse_args()
    run_dir = RESULTS / datetime.now(UTC).strftime("payments-%Y%m%dT%H%M%SZ")
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    os.environ["SITE_URL"] = "https://ville.example"
    database = "PostgreSQL" if args.database_url else "SQLite"
    sys.path.insert(0, str(ROOT))
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
        bodies = prepare(args.payments)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        connection.close()
        port = free_port()
        say(
            f"Serving on port {port} ({args.workers} workers x {args.threads} threads); "
            f"machine: {machine()}, Python {platform.python_version()}, load {load_average()}"
        )
        server = start_server(port, args.workers, args.threads, run_dir / "server.log")
        # Warm-up: each server thread reads its settings and builds its backend once.
        post_all(port, ["hello=world"] * 50, args.clients)
        figures = post_all(port, bodies, args.clients)
        counts = recorded()
        print(
            f"\nPayment notifications, {database}, {args.payments:,} payments "
            f"+ {len(bodies) - args.payments:,} replays, {args.clients} clients\n"
            f"  {figures['per_second']:.0f} notifications/s ({figures['wall_seconds']:.1f} s), "
            f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, statuses {figures['statuses']}\n"
            f"  recorded: {counts['payments_paid']:,} payments paid, {counts['invoices_paid']:,} "
            f"invoices paid online, {counts['invoice_paid_entries']:,} 'invoice paid' entries, "
            f"{counts['replays_seen']:,} replays seen, {counts['payments_other']} payments "
            f"not paid, {counts['refused'] - 50} refused (50 warm-up messages left out)",
            flush=True,
        )
        summary = {
            "database": database,
            "machine": machine(),
            "python": platform.python_version(),
            "payments": args.payments,
            **figures,
            **counts,
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

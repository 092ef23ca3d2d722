"""Measure the council's text extraction: how many PDFs a second the worker reads and indexes.

    .venv/bin/python bench/council_pdf.py              # SQLite, 1,000 PDFs of 3 pages
    .venv/bin/python bench/council_pdf.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_council \\
        --create-database                              # the same on PostgreSQL

1,000 minutes of a few pages are written with fpdf2 (the demo's generator, French text),
stored as uploaded documents are (the public media storage), saved pending, and their
extraction enqueued, as the back office does. Then the real worker (`python -m parvis worker
--batch`, `--workers` processes) runs every task: it opens the file, reads each page with
pypdf, records the text and indexes the document and its deliberation for the search.
Printed: documents per second from the workers' start, and the check that every document
was read. Writing the PDFs is the setting, not the measure. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from common import clean_up, load_average, machine, prepare_environment, say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PARAGRAPH = (
    "Délibération n° {n} - Le conseil municipal examine la réfection du lavoir communal, "
    "la subvention au comité des fêtes et les tarifs de la cantine scolaire. Rapporteur : "
    "Mme Fontaine. L'opposition demande une étude complémentaire ; la majorité rappelle le "
    "calendrier des travaux. Vote : 23 pour, 4 contre, 2 abstentions."
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL; default: SQLite.")
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database (dropping it first) and drop it at the end.",
    )
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--paragraphs", type=int, default=24, help="About 8 per page.")
    parser.add_argument("--workers", type=int, default=1, help="Worker processes.")
    parser.add_argument("--keep", action="store_true", help="Keep the database.")
    return parser.parse_args()


def prepare(count: int, paragraphs: int) -> dict:
    from datetime import date

    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone

    from parvis.council.models import Deliberation, Document, DocumentKind, Meeting
    from parvis.council.pdf import minutes_pdf
    from parvis.council.services import extraction_enqueue

    started = time.perf_counter()
    meeting = Meeting.objects.create(
        title="Conseil municipal", starts_at=timezone.now(), place="Mairie", is_published=True
    )
    sizes = []
    with transaction.atomic():
        for i in range(count):
            data = minutes_pdf(
                title=f"Procès-verbal n° {i}",
                paragraphs=[PARAGRAPH.format(n=f"{i}-{p}") for p in range(paragraphs)],
            )
            sizes.append(len(data))
            document = Document(
                meeting=meeting, kind=DocumentKind.MINUTES, title=f"PV {i}", size=len(data)
            )
            document.file.save("pv.pdf", ContentFile(data), save=False)
            document.save()
            Deliberation.objects.create(
                meeting=meeting,
                number=f"B-{i}",
                date=date(2026, 1, 1),
                subject=f"Délibération {i}",
                theme="7.1",
                outcome="adopted",
                votes_for=20,
                document=document,
            )
            extraction_enqueue(document=document)
    return {"seconds": time.perf_counter() - started, "bytes": sum(sizes)}


def run_workers(workers: int, log: Path) -> dict:
    command = [sys.executable, "-m", "parvis", "worker", "--batch", "--no-startup-delay"]
    started = time.perf_counter()
    with log.open("w") as out:
        processes = [
            subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
            for _ in range(workers)
        ]
        codes = [process.wait() for process in processes]
    return {"wall_seconds": time.perf_counter() - started, "exit_codes": codes}


def main() -> None:
    args = parse_args()
    run_dir = RESULTS / datetime.now(UTC).strftime("council-pdf-%Y%m%dT%H%M%SZ")
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

    from parvis.council.models import Document, Extraction

    try:
        say(f"Preparing the {database} database in {run_dir.relative_to(ROOT)}")
        call_command("migrate", verbosity=0, interactive=False)
        setting = prepare(args.documents, args.paragraphs)
        say(
            f"{args.documents:,} PDFs ({setting['bytes'] / args.documents / 1024:.1f} KB each) "
            f"written and enqueued in {setting['seconds']:.1f} s. Machine: {machine()}, Python "
            f"{platform.python_version()}, load average {load_average()}."
        )
        connection.close()  # the workers get the database to themselves
        ran = run_workers(args.workers, run_dir / "worker.log")
        done = Document.objects.filter(extraction=Extraction.DONE)
        read = done.count()
        pages = sum(done.values_list("pages", flat=True))
        per_second = read / ran["wall_seconds"]
        summary = {
            "database": database,
            "documents": args.documents,
            "read": read,
            "pages": pages,
            "workers": args.workers,
            **ran,
            "documents_per_second": round(per_second, 1),
            "load_average_after": round(os.getloadavg()[0], 2),
        }
        print(
            f"\nExtraction, {database}, {args.workers} worker(s)\n"
            f"  {read:,} of {args.documents:,} documents read ({pages:,} pages) in "
            f"{ran['wall_seconds']:.1f} s: {per_second:.1f} documents/s, "
            f"{pages / ran['wall_seconds']:.0f} pages/s\n"
            f"  worker exit codes {ran['exit_codes']}",
            flush=True,
        )
        (run_dir / "results.json").write_text(json.dumps(summary, indent=1))
    finally:
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)
    say(f"Results in {(run_dir / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()

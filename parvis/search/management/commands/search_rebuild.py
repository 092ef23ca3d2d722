"""`parvis search_rebuild`: rebuild the search index from the content itself."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parvis.search.indexing import BATCH_SIZE, NotSearchable, index_rebuild
from parvis.search.registry import searchable_types


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every searchable type (or only those given with "
        "--kind), in batches. Search keeps answering meanwhile; safe to run again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KIND",
            help="Only this type (repeat for several): "
            + ", ".join(kind.key for kind in searchable_types()),
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Objects written per transaction."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()
        try:
            counts = index_rebuild(kinds=options["kinds"], batch_size=options["batch_size"])
        except NotSearchable as exc:
            raise CommandError(str(exc)) from exc
        for key, count in counts.items():
            self.stdout.write(f"{key}: {count} documents")
        self.stdout.write(
            f"Search index rebuilt: {sum(counts.values())} documents "
            f"in {time.monotonic() - started:.1f} s."
        )

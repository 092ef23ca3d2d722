"""`parvis addresses_import FILE`: import a town's addresses from a Base Adresse Nationale file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parvis.addresses.services import UNREADABLE, AddressFileError, addresses_import, open_text


class Command(BaseCommand):
    help = (
        "Import addresses from a Base Adresse Nationale CSV file (adresses-XX.csv or "
        ".csv.gz from adresse.data.gouv.fr): addresses already known (same BAN id) are "
        "updated, never duplicated. Bad rows are skipped and listed with their line number."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="The .csv or .csv.gz file.")
        parser.add_argument(
            "--commune",
            metavar="INSEE",
            help="Import only the addresses of this town (its INSEE code, e.g. 59350).",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Remove the addresses of the towns in the file that the file no longer lists.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        commune = (options["commune"] or "").strip().upper() or None
        try:
            with path.open("rb") as binary, open_text(binary) as lines:
                report = addresses_import(lines=lines, commune=commune, prune=options["prune"])
        except (AddressFileError, *UNREADABLE) as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from exc
        for line, reason in report.errors:
            self.stderr.write(f"{path}, line {line}: {reason} (skipped)")
        if report.bad > len(report.errors):
            self.stderr.write(f"… and {report.bad - len(report.errors)} more bad lines.")
        if commune and not report.imported:
            self.stderr.write(
                f"No line of {path} is of the town {commune}: check its INSEE code (not its "
                "postcode) and that the file is its department's."
            )
        self.stdout.write(
            f"{report.imported} addresses imported ({report.created} new, "
            f"{report.updated} updated), {report.removed} removed, {report.bad} bad lines "
            f"skipped, {report.skipped} of other towns left out."
        )

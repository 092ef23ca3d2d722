"""`parvis import_photos <folder-or-zip> --alt "…" [--album slug]`: import an archive of
photos, one file at a time (the memory holds one file at most, whatever the archive's size),
each checked by its content; a line per file says what became of it. The worker makes the
thumbnails afterwards (`parvis worker`, or `--process` here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parvis.photos.models import Album, Licence
from parvis.photos.services import photo_process, photos_import


class Command(BaseCommand):
    help = "Import the photos of a folder or a ZIP archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="a folder, or a ZIP archive")
        parser.add_argument(
            "--alt", required=True, help="the text alternative given to every photo"
        )
        parser.add_argument("--album", default="", help="the slug of a thematic album")
        parser.add_argument("--credit", default="")
        parser.add_argument(
            "--licence", default=Licence.CC_BY.value, choices=[c.value for c in Licence]
        )
        parser.add_argument(
            "--process",
            action="store_true",
            help="make each photo's thumbnails here, at once, instead of in the worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        if not source.exists():
            raise CommandError(f"{source} does not exist.")
        album = None
        if options["album"]:
            album = Album.objects.filter(slug=options["album"]).first()
            if album is None:
                raise CommandError(f"No album has the address “{options['album']}”.")
        imported = refused = 0
        try:
            for result in photos_import(
                source=source,
                actor=None,
                alt_text=options["alt"],
                album=album,
                credit=options["credit"],
                licence=options["licence"],
            ):
                if result.photo is None:
                    refused += 1
                    self.stdout.write(f"refused  {result.name}: {result.error}")
                    continue
                imported += 1
                if options["process"]:
                    photo_process(photo_id=result.photo.pk)
                self.stdout.write(f"imported {result.name}")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{imported} imported, {refused} refused.")

"""Writes about addresses: importing a file in the Base Adresse Nationale (BAN) CSV format.

The format (adresse.data.gouv.fr, "Format .csv pour un usage classique"): UTF-8,
semicolon-separated, one address a line after a header naming the columns
`id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;…;lon;lat;…`.
Columns are found by their name in the header, so a column added by a later version of the
format is ignored rather than misread.

**One transaction.** The whole file is imported in one transaction, written in batches (a
batch of rows read, checked and written at a time, so memory stays the same whatever the
file's size). Either every good row of the file is in the table or, if anything stops the
import (a wrong header, a bad encoding half-way, a crash), none: an address table that is
half the new file and half the old one would make `--prune` remove what it should not, and
would show residents streets that exist in neither. On PostgreSQL, readers keep seeing the
former addresses until the commit; on SQLite, other writers wait for the import (a town's
file takes seconds; a department's is better imported with `--commune`).
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import math
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.addresses.matching import fold_name, street_words
from parvis.addresses.models import Address, AddressImport, ImportStatus, Street, StreetWord
from parvis.core.audit import audit_record
from parvis.core.pagecache import objects_changed

logger = logging.getLogger(__name__)

#: The columns an address needs, as the BAN's header names them.
REQUIRED_COLUMNS = (
    "id",
    "numero",
    "rep",
    "nom_voie",
    "code_postal",
    "code_insee",
    "nom_commune",
    "lon",
    "lat",
)
#: Rows written at a time.
BATCH_SIZE = 1_000
#: Street keys remembered between batches (then forgotten, to keep memory bounded).
STREET_MEMORY = 20_000
#: Bad rows listed in the report (all are counted).
MAX_LISTED_ERRORS = 100

INSEE_CODE = re.compile(r"[0-9][0-9AB][0-9]{3}")
_POSTCODE = re.compile(r"[0-9]{5}")
_NUMBER = re.compile(r"[0-9]{1,5}")


class AddressFileError(Exception):
    """The file cannot be imported at all (its header, its encoding): nothing was changed."""


GZIP_MAGIC = b"\x1f\x8b"


def open_text(binary: IO[bytes]) -> io.TextIOWrapper:
    """The text of a file opened in binary, decoded as UTF-8 as it is read; gzip-compressed
    or not (found by its first bytes, whatever its name)."""
    start = binary.read(2)
    binary.seek(0)
    if start == GZIP_MAGIC:
        binary = gzip.GzipFile(fileobj=binary)  # type: ignore[assignment]
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


#: The longest header read (the BAN's is about 300 bytes).
MAX_HEADER = 64 * 1024
#: What reading a file may raise besides AddressFileError: a broken gzip stream.
UNREADABLE = (gzip.BadGzipFile, EOFError, OSError)


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    #: Rows of other towns, left out by `commune`.
    skipped: int = 0
    bad: int = 0
    #: (line number, reason) of the first bad rows.
    errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    ban_id: str
    number: int
    suffix: str
    street: str
    postcode: str
    insee_code: str
    town_name: str
    lon: float
    lat: float

    @property
    def street_key(self) -> tuple[str, str, str]:
        return (self.insee_code, fold_name(self.street), self.postcode)


class BadRow(ValueError):
    pass


def _coordinate(text: str, *, name: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadRow(
            _("%(column)s is not a number: “%(value)s”.")
            % {
                "column": name,
                "value": text[:30],
            }
        ) from None
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise BadRow(
            _("%(column)s is out of range: “%(value)s”.")
            % {
                "column": name,
                "value": text[:30],
            }
        )
    return value


def _required(values: dict[str, str], column: str, max_length: int) -> str:
    value = values[column].strip()
    if not value:
        raise BadRow(_("%(column)s is empty.") % {"column": column})
    if len(value) > max_length:
        raise BadRow(
            _("%(column)s is longer than %(limit)s characters.")
            % {"column": column, "limit": max_length}
        )
    return value


def parse_row(values: dict[str, str]) -> Row:
    """A checked row, or BadRow saying what is wrong with it."""
    ban_id = _required(values, "id", 50)
    number_text = values["numero"].strip()
    if not _NUMBER.fullmatch(number_text):
        raise BadRow(_("numero is not a house number: “%(value)s”.") % {"value": number_text[:30]})
    suffix = values["rep"].strip().lower()
    if len(suffix) > 10:
        raise BadRow(_("rep is longer than %(limit)s characters.") % {"limit": 10})
    postcode = values["code_postal"].strip()
    if postcode and not _POSTCODE.fullmatch(postcode):
        raise BadRow(_("code_postal is not a postcode: “%(value)s”.") % {"value": postcode[:30]})
    insee_code = values["code_insee"].strip().upper()
    if not INSEE_CODE.fullmatch(insee_code):
        raise BadRow(
            _("code_insee is not an INSEE code: “%(value)s”.") % {"value": insee_code[:30]}
        )
    return Row(
        ban_id=ban_id,
        number=int(number_text),
        suffix=suffix,
        street=_required(values, "nom_voie", 200),
        postcode=postcode,
        insee_code=insee_code,
        town_name=_required(values, "nom_commune", 100),
        lon=_coordinate(values["lon"].strip(), name="lon", limit=180),
        lat=_coordinate(values["lat"].strip(), name="lat", limit=90),
    )


def read_rows(lines: Iterable[str], report: ImportReport) -> Iterator[tuple[int, Row]]:
    """(line number, row) for each good row; bad rows are counted and listed in `report`."""
    reader = csv.reader(lines, delimiter=";")
    try:
        header = next(reader)
    except StopIteration:
        raise AddressFileError(_("The file is empty.")) from None
    except UnicodeDecodeError:
        raise AddressFileError(_("The file is not in UTF-8 (line 1).")) from None
    header = [name.strip().lstrip("\ufeff") for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise AddressFileError(
            _(
                "This is not a Base Adresse Nationale CSV file (semicolon-separated): its "
                "header lacks the columns %(columns)s."
            )
            % {"columns": ", ".join(missing)}
        )
    width = len(header)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise AddressFileError(
                _("The file is not in UTF-8 (after line %(line)s).") % {"line": reader.line_num}
            ) from None
        except csv.Error as exc:
            raise AddressFileError(
                _("The file cannot be read at line %(line)s (%(reason)s).")
                % {"line": reader.line_num, "reason": exc}
            ) from None
        line = reader.line_num
        if not cells or cells == [""]:
            continue
        report.read += 1
        try:
            if len(cells) != width:
                raise BadRow(
                    _("%(count)s fields where the header has %(expected)s.")
                    % {"count": len(cells), "expected": width}
                )
            yield line, parse_row(dict(zip(header, cells, strict=True)))
        except BadRow as exc:
            report.bad += 1
            if len(report.errors) < MAX_LISTED_ERRORS:
                report.errors.append((line, str(exc)))


def _batches(rows: Iterator[tuple[int, Row]], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for _line, row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Streets:
    """Street ids by key, created on first sight with their words; a bounded memory."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], int] = {}

    def ids_for(self, rows: list[Row]) -> dict[tuple[str, str, str], int]:
        wanted = {row.street_key: row for row in rows if row.street_key not in self.ids}
        if wanted:
            if len(self.ids) + len(wanted) > STREET_MEMORY:
                self.ids.clear()
            self._load(wanted)
        return self.ids

    def _load(self, wanted: dict[tuple[str, str, str], Row]) -> None:
        existing = Street.objects.filter(
            insee_code__in={key[0] for key in wanted},
            name_folded__in={key[1] for key in wanted},
            postcode__in={key[2] for key in wanted},
        )
        for street in existing:
            key = (street.insee_code, street.name_folded, street.postcode)
            row = wanted.get(key)
            if row is None:
                continue
            self.ids[key] = street.pk
            if (street.name, street.town_name) != (row.street, row.town_name):
                # The same street, written differently (an accent put right): keep the file's.
                Street.objects.filter(pk=street.pk).update(name=row.street, town_name=row.town_name)
        new = [
            Street(
                name=row.street,
                name_folded=key[1],
                postcode=row.postcode,
                insee_code=row.insee_code,
                town_name=row.town_name,
            )
            for key, row in wanted.items()
            if key not in self.ids
        ]
        created = Street.objects.bulk_create(new)
        for street in created:
            self.ids[(street.insee_code, street.name_folded, street.postcode)] = street.pk
        StreetWord.objects.bulk_create(
            [
                StreetWord(street_id=street.pk, word=word)
                for street in created
                for word in sorted(
                    street_words(
                        name=street.name, town_name=street.town_name, postcode=street.postcode
                    )
                )
            ],
            batch_size=BATCH_SIZE,
        )


def _delete(queryset: QuerySet[Any]) -> int:
    """Delete the rows of `queryset` in one statement, without loading them (Django's
    delete() would load each row to send its signals, and bump a generation per row: the
    import bumps its tables' generations once instead)."""
    model = queryset.model
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
            f"WHERE {connection.ops.quote_name(model._meta.pk.column)} IN ({sql})",
            params,
        )
        return cursor.rowcount


def addresses_import(
    *,
    lines: Iterable[str],
    commune: str | None = None,
    prune: bool = False,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import the addresses of a BAN CSV file (its lines, decoded), in one transaction.

    An address already in the table (same BAN id) is updated, never duplicated. With
    `commune` (an INSEE code), only that town's rows are read. With `prune`, addresses of
    the towns present in the file that the file no longer lists are removed; streets left
    without addresses are removed in any case. Bad rows are skipped and reported with their
    line number. Raises AddressFileError (and changes nothing) when the file cannot be read.
    """
    report = ImportReport()
    run = time.time_ns() // 1000
    communes: set[str] = set()
    streets = _Streets()
    fields = ["street", "number", "suffix", "lon", "lat", "import_run"]

    def wanted(rows: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, Row]]:
        for line, row in rows:
            if commune and row.insee_code != commune:
                report.skipped += 1
                continue
            yield line, row

    with transaction.atomic():
        before = Address.objects.count()
        for batch in _batches(wanted(read_rows(lines, report)), batch_size):
            # The same id twice in a file: the last line wins, as it would across batches.
            unique = {row.ban_id: row for row in batch}
            ids = streets.ids_for(list(unique.values()))
            Address.objects.bulk_create(
                [
                    Address(
                        ban_id=row.ban_id,
                        street_id=ids[row.street_key],
                        number=row.number,
                        suffix=row.suffix,
                        lon=row.lon,
                        lat=row.lat,
                        import_run=run,
                    )
                    for row in unique.values()
                ],
                update_conflicts=True,
                unique_fields=["ban_id"],
                update_fields=fields,
            )
            communes.update(row.insee_code for row in unique.values())
            report.imported += len(unique)
        if prune and communes:
            report.removed = _delete(
                Address.objects.filter(street__insee_code__in=communes).exclude(import_run=run)
            )
        if communes:
            orphans = Street.objects.filter(
                ~Exists(Address.objects.filter(street=OuterRef("pk"))), insee_code__in=communes
            )
            _delete(StreetWord.objects.filter(street__in=orphans))
            _delete(orphans)
        after = Address.objects.count()
        report.created = after - before + report.removed
        report.updated = report.imported - report.created
        objects_changed(Address)
        objects_changed(Street)
        objects_changed(StreetWord)
    return report


# --- from the back office: a file sent, imported by the worker ------------------------------------


def check_address_file(upload: UploadedFile) -> None:
    """Raise AddressFileError when the header of `upload` (a BAN file, gzipped or not) is not
    one: the mistake is shown on the form at once, not after the worker has read it."""
    upload.seek(0)
    binary: IO[bytes] = upload.file  # type: ignore[assignment]
    if binary.read(2) == GZIP_MAGIC:
        binary.seek(0)
        binary = gzip.GzipFile(fileobj=binary)  # type: ignore[assignment]
    else:
        binary.seek(0)
    try:
        header = binary.readline(MAX_HEADER)
    except UNREADABLE as exc:
        raise AddressFileError(
            _("The file cannot be read (%(reason)s).") % {"reason": exc}
        ) from None
    finally:
        upload.seek(0)
    try:
        text = header.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AddressFileError(_("The file is not in UTF-8 (line 1).")) from None
    next(read_rows([text], ImportReport()), None)


def address_import_request(
    *, upload: UploadedFile, commune: str, prune: bool, actor: User
) -> AddressImport:
    """Keep the file (privately) and have the worker import it; the file's header is checked
    first (AddressFileError), and nothing is kept if it is wrong."""
    check_address_file(upload)
    from parvis.addresses.tasks import import_address_file

    with transaction.atomic():
        run = AddressImport(
            file_name=(upload.name or "")[-200:],
            commune=commune.strip().upper(),
            prune=prune,
            requested_by=actor,
        )
        run.file.save(f"{timezone.now():%Y%m%d-%H%M%S}.csv", upload, save=False)
        run.save()
        audit_record(actor=actor, action="addresses.import_requested", target=run)
        transaction.on_commit(lambda: import_address_file.enqueue(run.pk))
    return run


def address_import_run(*, run_id: int) -> AddressImport:
    """Import the file of the import `run_id` (once: a run no longer queued is left as it
    is), record what it did or why it could not, and delete the file."""
    with transaction.atomic():
        run = AddressImport.objects.select_for_update().get(pk=run_id)
        if run.status != ImportStatus.QUEUED:
            return run
        run.status = ImportStatus.RUNNING
        run.save(update_fields=["status"])
    try:
        with run.file.open("rb") as binary, open_text(binary) as lines:
            report = addresses_import(lines=lines, commune=run.commune or None, prune=run.prune)
    except (AddressFileError, *UNREADABLE) as exc:
        run.status = ImportStatus.FAILED
        run.message = f"{exc} " + _("Nothing was imported.")
    except Exception:
        logger.exception("The import of addresses %s stopped.", run.pk)
        run.status = ImportStatus.FAILED
        run.message = _("The import stopped on an unexpected error: nothing was imported.")
    else:
        run.status = ImportStatus.DONE
        for name in ("imported", "created", "updated", "removed", "skipped", "bad"):
            setattr(run, name, getattr(report, name))
        run.errors = [list(error) for error in report.errors]
        if run.commune and not report.imported:
            run.message = _(
                "No line of the file is of the town %(commune)s: check its INSEE code (not "
                "its postcode) and that the file is its department's."
            ) % {"commune": run.commune}
    run.finished_at = timezone.now()
    run.file.delete(save=False)
    run.save()
    audit_record(
        actor=None,
        action=f"addresses.import_{run.status}",
        target=run,
        data={"imported": run.imported, "removed": run.removed, "bad": run.bad},
    )
    return run

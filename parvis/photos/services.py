"""Writes of photos and albums: upload (checked by content, processed by the worker), the
worker's processing, staff's edits, the import of a folder or a ZIP archive."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.core import renditions
from parvis.core.audit import audit_record
from parvis.photos.models import Album, Licence, Photo, PhotoStatus
from parvis.search.indexing import index_object, unindex_object

if TYPE_CHECKING:
    from parvis.accounts.models import User

#: Where the renditions of photos go, in public storage.
RENDITIONS_FOLDER = "photos/r"


def max_upload() -> int:
    return int(settings.PHOTOS_MAX_UPLOAD)


def too_large(size: int | None = None) -> ValidationError:
    if size is None:
        return ValidationError(
            _("This file is too large; the limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(max_upload())},
        )
    return ValidationError(
        _("This file is too large (%(size)s); the limit is %(limit)s."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(max_upload())},
    )


def read_upload(stream: IO[bytes], size: int | None = None) -> bytes:
    """The bytes of an uploaded file, refused (ValidationError) beyond PHOTOS_MAX_UPLOAD:
    by the size it tells before a byte is read, else once one byte too many is read."""
    limit = max_upload()
    if size is not None and size > limit:
        raise too_large(size)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large()
    return data


def taken_month(moment: datetime) -> date:
    """The first day of the month `moment` falls in, in the town's time zone."""
    return timezone.localtime(moment).date().replace(day=1)


def photo_upload(
    *,
    data: bytes,
    name: str,
    actor: User | None,
    alt_text: str,
    title: str = "",
    credit: str = "",
    licence: str = Licence.CC_BY,
    album: Album | None = None,
    tags: Iterable[object] = (),
) -> Photo:
    """A new photo from the bytes of an uploaded file, waiting for the worker; or
    ValidationError saying what is wrong with the file, and nothing saved."""
    if not alt_text.strip():
        raise ValidationError(
            {"alt_text": _("Describe the photo for people who cannot see it.")}, code="required"
        )
    facts = renditions.inspect(data)
    now = timezone.now()
    taken_at = facts.taken_at or now
    stem = PurePosixPath(name).stem[:200] if name else ""
    photo = Photo(
        title=title.strip() or stem.replace("_", " ").replace("-", " ").strip() or gettext("Photo"),
        alt_text=alt_text.strip(),
        credit=credit.strip(),
        licence=licence,
        upload_name=PurePosixPath(name).name[:255],
        width=facts.width,
        height=facts.height,
        taken_at=taken_at,
        taken_month=taken_month(taken_at),
        taken_from_exif=facts.taken_at is not None,
        uploaded_by=actor,
        created_at=now,
    )
    photo.upload.save(f"{os.urandom(16).hex()}.{facts.extension}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            photo.save()
            if album is not None:
                photo.albums.add(album)
            if tags:
                photo.tags.set(tags)  # type: ignore[arg-type]
            audit_record(actor=actor, action="photos.photo_uploaded", target=photo)
            _enqueue(photo)
    except BaseException:
        photo.upload.delete(save=False)
        raise
    return photo


def _enqueue(photo: Photo) -> None:
    from parvis.photos.tasks import process_photo  # the task calls this module

    process_photo.enqueue(photo.pk)


def photo_process(*, photo_id: int) -> str:
    """Make the served files of a photo from its upload (the worker's job); its status after.
    A file that cannot be read leaves the photo "failed" with the reason, for staff."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return "gone"
    try:
        with photo.upload.open("rb") as stream:
            data = stream.read()
        rendered = renditions.render(data)
    except (ValidationError, OSError) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        photo.status = PhotoStatus.FAILED
        photo.failure = reason[:300]
        photo.save(update_fields=["status", "failure", "updated_at"])
        return PhotoStatus.FAILED
    del data
    old_stored, old_original = photo.stored, photo.original.name if photo.original else ""
    stored = renditions.store(rendered, default_storage, RENDITIONS_FOLDER)
    original_name = default_storage.save(
        f"photos/originals/{os.urandom(16).hex()}.jpg", ContentFile(rendered.original)
    )
    with transaction.atomic():
        photo.renditions = stored.as_json()
        photo.original.name = original_name
        photo.width, photo.height = rendered.width, rendered.height
        photo.status = PhotoStatus.READY
        photo.failure = ""
        photo.save(
            update_fields=[
                "renditions",
                "original",
                "width",
                "height",
                "status",
                "failure",
                "updated_at",
            ]
        )
        index_object(photo)
    renditions.delete(old_stored, default_storage)
    if old_original:
        default_storage.delete(old_original)
    return PhotoStatus.READY


def photo_reprocess(*, photo: Photo, actor: User | None) -> None:
    """Ask the worker to make a photo's files again (after a failure, or a new pipeline)."""
    with transaction.atomic():
        photo.status = PhotoStatus.PENDING
        photo.failure = ""
        photo.save(update_fields=["status", "failure", "updated_at"])
        audit_record(actor=actor, action="photos.photo_reprocessed", target=photo)
        _enqueue(photo)


def photo_save(*, photo: Photo, actor: User | None) -> Photo:
    """Save staff's edits of a photo (title, text alternative, credit, licence, albums…)."""
    with transaction.atomic():
        photo.taken_month = taken_month(photo.taken_at)
        photo.save()
        index_object(photo)
        audit_record(actor=actor, action="photos.photo_saved", target=photo)
    return photo


def photo_delete(*, photo: Photo, actor: User | None) -> None:
    stored, original, upload = photo.stored, photo.original.name, photo.upload.name
    with transaction.atomic():
        unindex_object(photo)
        audit_record(actor=actor, action="photos.photo_deleted", target=photo)
        photo.delete()
    renditions.delete(stored, default_storage)
    if original:
        default_storage.delete(original)
    if upload:
        photo.upload.storage.delete(upload)


def album_save(*, album: Album, actor: User | None) -> Album:
    with transaction.atomic():
        album.save()
        index_object(album)
        audit_record(actor=actor, action="photos.album_saved", target=album)
    return album


# --- importing an archive ---------------------------------------------------------------------

#: An entry whose data expand more than this many times is a ZIP bomb, not a photo (JPEGs
#: hardly compress at all).
MAX_ZIP_RATIO = 20
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class ImportResult:
    """One file of an import: its name, and the photo made or the reason it was refused."""

    name: str
    photo: Photo | None = None
    error: str = ""


def _unsafe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def max_import_total() -> int:
    return int(settings.PHOTOS_IMPORT_MAX_TOTAL)


def archive_entries(source: Path) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """The files of a folder or a ZIP archive, one at a time: (name, read), where `read()`
    gives the entry's bytes (at most PHOTOS_MAX_UPLOAD + 1, so a lying entry cannot fill the
    memory) or raises ValidationError. Raises ValidationError for the whole archive when its
    declared total is beyond PHOTOS_IMPORT_MAX_TOTAL."""
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):

            def read_file(path: Path = path) -> bytes:
                with path.open("rb") as stream:
                    return read_upload(stream, path.stat().st_size)

            yield str(path.relative_to(source)), read_file
        return
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError(
            _("This file is neither a folder nor a ZIP archive we can read."), code="not_a_zip"
        ) from exc
    with archive:
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
        total = sum(entry.file_size for entry in entries)
        if total > max_import_total():
            raise ValidationError(
                _(
                    "This archive would expand to %(size)s, more than the limit of %(limit)s: "
                    "it is refused as a whole."
                ),
                code="zip_bomb",
                params={
                    "size": filesizeformat(total),
                    "limit": filesizeformat(max_import_total()),
                },
            )
        for entry in entries:

            def read_entry(entry: zipfile.ZipInfo = entry) -> bytes:
                if _unsafe_name(entry.filename):
                    raise ValidationError(
                        _("This entry's path leaves the archive (“..” or an absolute path)."),
                        code="unsafe_path",
                    )
                if entry.file_size > max(entry.compress_size, 1) * MAX_ZIP_RATIO:
                    raise ValidationError(
                        _("This entry expands far more than a photo can (a ZIP bomb)."),
                        code="zip_bomb",
                    )
                try:
                    with archive.open(entry) as stream:
                        return read_upload(stream, entry.file_size)
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
                    raise ValidationError(
                        _("This entry of the archive cannot be read."), code="bad_entry"
                    ) from exc

            yield entry.filename, read_entry


def photos_import(
    *,
    source: Path,
    actor: User | None,
    alt_text: str,
    album: Album | None = None,
    credit: str = "",
    licence: str = Licence.CC_BY,
) -> Iterator[ImportResult]:
    """Import every image of a folder or a ZIP archive, one at a time (the memory holds one
    file at most), each saved or refused on its own; yields what became of each file."""
    for name, read in archive_entries(source):
        if PurePosixPath(name).suffix.lower() not in IMAGE_EXTENSIONS and not _unsafe_name(name):
            yield ImportResult(name=name, error=gettext("Not an image (skipped by its name)."))
            continue
        try:
            data = read()
            photo = photo_upload(
                data=data,
                name=name,
                actor=actor,
                alt_text=alt_text,
                credit=credit,
                licence=licence,
                album=album,
            )
        except ValidationError as error:
            yield ImportResult(name=name, error=" ".join(error.messages))
            continue
        del data
        yield ImportResult(name=name, photo=photo)

"""Where private files live (CVs, invoices, proofs of address): never at a public address.

Django's FileSystemStorage falls back to MEDIA_URL when it has no base URL of its own, so a
private file would get an address under /media/ that a template could print and a front
server could answer. This storage has no address at all: a view streams the file after an
access check (see the `private` entry of STORAGES).
"""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Private files have no public address; stream them from a view that checks access."
        )


class _PrivateStorage(LazyObject):
    """The `private` storage of STORAGES, looked up when first used (as `default_storage`
    is), and again after STORAGES changes (tests)."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage() -> Storage:
    """For a model's FileField: `FileField(storage=private_storage)`."""
    return _private  # type: ignore[return-value]


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty  # type: ignore[assignment]


#: The content types of the private files Parvis keeps, by their (checked) extension.
PRIVATE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}


def private_file_response(file: File, *, filename: str) -> FileResponse:
    """A private file, streamed to someone a view has allowed to see it: always as a
    download named `filename` (never shown inside the site's pages), with the content type
    of its extension, kept by no cache."""
    extension = file.name.rsplit(".", 1)[-1].lower() if file.name and "." in file.name else ""
    file.open("rb")
    response = FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type=PRIVATE_CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

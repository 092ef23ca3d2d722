"""Where private files live (CVs, invoices, proofs of address): never at a public address.

Django's FileSystemStorage falls back to MEDIA_URL when it has no base URL of its own, so a
private file would get an address under /media/ that a template could print and a front
server could answer. This storage has no address at all: a view streams the file after an
access check (see the `private` entry of STORAGES).
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Private files have no public address; stream them from a view that checks access."
        )

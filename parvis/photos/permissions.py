"""Who may see and do what with photos; the only access rules of this app.

Communication officers upload, describe and arrange photos and albums in the back office;
the public sees published albums, and photos that are ready or being processed (a failed
one is shown to staff only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from parvis.photos import selectors
from parvis.photos.models import Album, Photo

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User


def can_upload_photos(user: User | AnonymousUser) -> bool:
    return bool(user.has_perm("photos.add_photo"))


def get_photo_for_visitor(*, pk: int) -> Photo:
    photo = selectors.photo_for_page(pk=pk)
    if photo is None:
        raise Http404
    return photo


def get_album_for_visitor(*, slug: str) -> Album:
    album = selectors.album_for_page(slug=slug)
    if album is None:
        raise Http404
    return album

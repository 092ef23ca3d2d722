"""The photo library's search documents: albums (title, description) and ready photos
(title, text alternative, credit, tags)."""

from __future__ import annotations

from django.db.models import QuerySet

from parvis.photos.models import Album, Photo, PhotoStatus
from parvis.search.registry import Document


def album_document(album: Album) -> Document | None:
    if not album.published:
        return None
    return Document(
        title=album.title, text=album.description, space=album.space_id, date=album.created_at
    )


def searchable_albums() -> QuerySet[Album]:
    return Album.objects.filter(published=True)


def photo_document(photo: Photo) -> Document | None:
    if photo.status != PhotoStatus.READY:
        return None
    tags = " ".join(tag.name for tag in photo.tags.all())
    return Document(
        title=photo.title,
        text=" ".join(part for part in (photo.alt_text, photo.credit, tags) if part),
        date=photo.taken_at,
    )


def searchable_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(status=PhotoStatus.READY).prefetch_related("tags")

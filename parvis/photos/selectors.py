"""Reads of photos and albums, each page's in a bounded number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from parvis.photos.models import Album, Photo, PhotoStatus

#: What the public sees: ready photos, and those the worker has yet to make ("processing").
VISIBLE = (PhotoStatus.READY, PhotoStatus.PENDING)
ORDER = ("-taken_at", "-pk")


def visible_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(status__in=VISIBLE)


def ready_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(status=PhotoStatus.READY)


def photo_cards(
    *, album: Album | None = None, month: date | None = None, ready: bool = False
) -> QuerySet[Photo]:
    """Photos for a grid, newest taken first: only what a card shows is read."""
    photos = ready_photos() if ready else visible_photos()
    if album is not None:
        photos = photos.filter(albums=album)
    if month is not None:
        photos = photos.filter(taken_month=month)
    return photos.only(
        "pk", "title", "alt_text", "renditions", "status", "taken_at", "width", "height"
    ).order_by(*ORDER)


def photo_for_page(*, pk: int) -> Photo | None:
    return visible_photos().filter(pk=pk).first()


def photos_for_feed(*, limit: int) -> list[Photo]:
    return list(ready_photos().order_by("-created_at", "-pk").prefetch_related("tags")[:limit])


def published_albums() -> QuerySet[Album]:
    return Album.objects.filter(published=True)


def album_for_page(*, slug: str) -> Album | None:
    return published_albums().select_related("space").filter(slug=slug).first()


def album_cards() -> list[Album]:
    """Published albums, newest first, each with `cover_photo` (its cover, else its latest
    photo) and `photo_count`: three queries whatever their number."""
    latest = ready_photos().filter(albums=OuterRef("pk")).order_by(*ORDER).values("pk")[:1]
    albums: list[Album] = list(
        published_albums()
        .annotate(
            photo_count=Count("photos", filter=Q(photos__status=PhotoStatus.READY)),
            latest_id=Subquery(latest),
        )
        .order_by("-created_at", "-pk")
    )
    wanted: set[int] = {
        pk for a in albums if (pk := a.cover_id or getattr(a, "latest_id", None)) is not None
    }
    covers = {p.pk: p for p in ready_photos().filter(pk__in=wanted)} if wanted else {}
    for album in albums:
        album.cover_photo = covers.get(album.cover_id or getattr(album, "latest_id", 0))  # type: ignore[attr-defined,arg-type]
    return albums


def months() -> list[dict[str, Any]]:
    """The monthly albums: each month holding photos, newest first, with its count, grouped
    by year: [{"year": 2026, "months": [{"month": date, "count": n}, …]}, …]."""
    rows = (
        visible_photos().values("taken_month").annotate(count=Count("pk")).order_by("-taken_month")
    )
    years: list[dict[str, Any]] = []
    for row in rows:
        month = row["taken_month"]
        if not years or years[-1]["year"] != month.year:
            years.append({"year": month.year, "months": []})
        years[-1]["months"].append({"month": month, "count": row["count"]})
    return years


def neighbours(photo: Photo, photos: QuerySet[Photo]) -> tuple[Photo | None, Photo | None]:
    """The photos before and after `photo` in `photos` (newest taken first): two queries."""
    newer = Q(taken_at__gt=photo.taken_at) | Q(taken_at=photo.taken_at, pk__gt=photo.pk)
    older = Q(taken_at__lt=photo.taken_at) | Q(taken_at=photo.taken_at, pk__lt=photo.pk)
    fields = ("pk", "title", "taken_at")
    previous = photos.filter(newer).only(*fields).order_by("taken_at", "pk").first()
    following = photos.filter(older).only(*fields).order_by(*ORDER).first()
    return previous, following

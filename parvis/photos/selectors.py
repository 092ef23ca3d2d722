"""Reads of photos and albums, each page's in a bounded number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from parvis.photos.models import Album, Photo, PhotoStatus
from parvis.spaces.models import Space
from parvis.tags.models import Tag

#: What the public sees: ready photos, and those the worker has yet to make ("processing").
VISIBLE = (PhotoStatus.READY, PhotoStatus.PENDING)
ORDER = ("-taken_at", "-pk")


def visible_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(status__in=VISIBLE)


def ready_photos() -> QuerySet[Photo]:
    return Photo.objects.filter(status=PhotoStatus.READY)


def photo_cards(
    *,
    album: Album | None = None,
    month: date | None = None,
    tag: Tag | None = None,
    ready: bool = False,
) -> QuerySet[Photo]:
    """Photos for a grid, newest taken first: only what a card shows is read."""
    photos = ready_photos() if ready else visible_photos()
    if album is not None:
        photos = photos.filter(albums=album)
    if tag is not None:
        # The tag's photos as an IN list of its rows of the link table (by their index).
        photos = photos.filter(pk__in=Photo.tags.through.objects.filter(tag=tag).values("photo_id"))
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


def album_cards(*, space: Space | None = None, limit: int | None = None) -> list[Album]:
    """Published albums, newest first (only `space`'s, only the first `limit`, when given),
    each with `cover_photo` (its cover, else the latest photo put in it) and `photo_count`:
    three queries whatever their number (one when there is none); the counts and the latest
    photos come from one pass over the album links (sorting each album's photos by date
    instead cost a third of a second at 20,000 photos)."""
    chosen = published_albums().order_by("-created_at", "-pk")
    if space is not None:
        chosen = chosen.filter(space=space)
    albums = list(chosen[:limit] if limit is not None else chosen)
    if not albums:
        return albums
    links = Photo.albums.through.objects.filter(
        album_id__in=[album.pk for album in albums], photo__status=PhotoStatus.READY
    )
    rows = links.values("album_id").annotate(n=Count("pk"), last=Max("photo_id"))
    counts = {row["album_id"]: (row["n"], row["last"]) for row in rows}
    wanted = {
        pk
        for album in albums
        if (pk := album.cover_id or counts.get(album.pk, (0, None))[1]) is not None
    }
    covers = {p.pk: p for p in ready_photos().filter(pk__in=wanted)} if wanted else {}
    for album in albums:
        count, last = counts.get(album.pk, (0, None))
        album.photo_count = count  # type: ignore[attr-defined]
        album.cover_photo = covers.get(album.cover_id or last)  # type: ignore[attr-defined]
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
    # A range on the date first (the indexes' order), the tie on the number after: an OR
    # of the two alone made SQLite walk every photo.
    same = Q(taken_at=photo.taken_at)
    fields = ("pk", "title", "taken_at")
    previous = (
        photos.filter(taken_at__gte=photo.taken_at)
        .filter(~same | Q(pk__gt=photo.pk))
        .only(*fields)
        .order_by("taken_at", "pk")
        .first()
    )
    following = (
        photos.filter(taken_at__lte=photo.taken_at)
        .filter(~same | Q(pk__lt=photo.pk))
        .only(*fields)
        .order_by(*ORDER)
        .first()
    )
    return previous, following

"""Small images made with Pillow for the photo tests: a JPEG whose EXIF holds a date, a
GPS position, a camera and an orientation, and the bad files of the bad-input tests."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from parvis.photos import services
from parvis.photos.models import Album, Photo, PhotoStatus
from parvis.spaces.models import Space

GPS_IFD = 0x8825
EXIF_IFD = 0x8769


def jpeg(
    width: int = 400,
    height: int = 300,
    *,
    taken: str | None = "2026:05:14 18:30:00",
    gps: bool = True,
    orientation: int = 1,
    colour: str = "steelblue",
) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(image).rectangle((0, 0, width // 3, height // 2), fill="orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0112] = orientation
    if taken:
        exif.get_ifd(EXIF_IFD)[36867] = taken
    if gps:
        gps_ifd = exif.get_ifd(GPS_IFD)
        gps_ifd[1] = "N"
        gps_ifd[2] = (46.0, 48.0, 30.0)
        gps_ifd[3] = "E"
        gps_ifd[4] = (1.0, 41.0, 20.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def png(width: int = 120, height: int = 90) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(out, "PNG")
    return out.getvalue()


def make_album(
    title: str = "Le marché",
    slug: str = "le-marche",
    published: bool = True,
    space: Space | None = None,
) -> Album:
    return Album.objects.create(title=title, slug=slug, published=published, space=space)


def make_photo(
    *,
    title: str = "La place",
    taken: datetime | None = None,
    album: Album | None = None,
    process: bool = True,
    **kwargs: object,
) -> Photo:
    """A photo uploaded through the service and, with `process`, made ready as the worker
    would (called directly: the worker's own path is tested in test_services)."""
    exif_date = taken.strftime("%Y:%m:%d %H:%M:%S") if taken else "2026:05:14 18:30:00"
    photo = services.photo_upload(
        data=jpeg(taken=exif_date, **kwargs),  # type: ignore[arg-type]
        name=f"{title}.jpg",
        actor=None,
        alt_text=f"{title}, vue depuis la mairie",
        title=title,
        credit="Mairie de Parvis",
        album=album,
    )
    if process:
        services.photo_process(photo_id=photo.pk)
        photo.refresh_from_db()
    return photo


def add_photos(count: int, *, album: Album | None = None, tag=None) -> None:
    """`count` more ready photos (rows only: the pages read no file), in `album`, tagged."""
    start = Photo.objects.count()
    base = datetime(2026, 3, 15, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
    photos = Photo.objects.bulk_create(
        Photo(
            title=f"Photo {i}",
            alt_text=f"Alt {i}",
            upload=f"photos/uploads/{i}.jpg",
            original=f"photos/originals/{i}.jpg",
            renditions={
                "prefix": f"photos/r/{i}",
                "widths": [320, 640],
                "width": 640,
                "height": 480,
            },
            width=640,
            height=480,
            taken_at=base - timedelta(days=i % 40),
            taken_month=services.taken_month(base - timedelta(days=i % 40)),
            status=PhotoStatus.READY,
        )
        for i in range(start, start + count)
    )
    if album is not None:
        album.photos.add(*photos)
    if tag is not None:
        tag.photos.add(*photos)

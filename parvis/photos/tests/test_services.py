"""Upload and processing through the real worker: the renditions, the clean original, the
date taken and its month, and no GPS nor device data in any served file."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from parvis.core.audit import AuditEntry
from parvis.photos import services
from parvis.photos.models import Photo, PhotoStatus
from parvis.photos.tests.factories import GPS_IFD, jpeg, make_album, png

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def served_files(photo: Photo) -> list[str]:
    stored = photo.stored
    assert stored is not None
    return [*stored.names(), photo.original.name]


def test_an_upload_waits_for_the_worker_which_makes_clean_renditions(officer, run_tasks):
    album = make_album()
    photo = services.photo_upload(
        data=jpeg(2000, 1500, orientation=6),
        name="marche_du_samedi.jpg",
        actor=officer,
        alt_text="Des étals de légumes sous les platanes",
        album=album,
    )

    assert photo.status == PhotoStatus.PENDING
    assert photo.title == "marche du samedi"
    assert photo.taken_at == datetime(2026, 5, 14, 18, 30, tzinfo=PARIS)
    assert photo.taken_month == date(2026, 5, 1)
    assert list(photo.albums.all()) == [album]
    assert AuditEntry.objects.filter(action="photos.photo_uploaded").count() == 1

    run_tasks()

    photo.refresh_from_db()
    assert photo.status == PhotoStatus.READY
    # Orientation 6 (turned right): the served image is upright, 1500 x 2000.
    assert (photo.width, photo.height) == (1500, 2000)
    assert photo.stored.widths == (320, 640, 1024, 1500)
    for name in served_files(photo):
        with default_storage.open(name) as stream, Image.open(stream) as image:
            exif = image.getexif()
            assert len(exif) == 0, name
            assert exif.get_ifd(GPS_IFD) == {}
            assert "exif" not in image.info and "xmp" not in image.info, name
            assert b"PhoneMaker" not in default_storage.open(name).read()
    with (
        default_storage.open(photo.stored.name(320, "webp")) as stream,
        Image.open(stream) as image,
    ):
        assert (image.format, image.size) == ("WEBP", (320, 427))
    with default_storage.open(photo.original.name) as stream, Image.open(stream) as image:
        assert (image.format, image.size) == ("JPEG", (1500, 2000))


def test_without_exif_date_the_upload_date_gives_the_month(officer):
    photo = services.photo_upload(data=png(), name="plan.png", actor=officer, alt_text="Un plan")

    assert photo.taken_from_exif is False
    assert photo.taken_month == services.taken_month(photo.created_at)


def test_a_photo_the_worker_cannot_read_fails_with_its_reason(officer, run_tasks):
    photo = services.photo_upload(data=jpeg(), name="a.jpg", actor=officer, alt_text="Une rue")
    with photo.upload.storage.open(photo.upload.name, "wb") as stream:
        stream.write(jpeg()[:300])

    with translation.override("en"):
        run_tasks()

    photo.refresh_from_db()
    assert photo.status == PhotoStatus.FAILED
    assert photo.failure.startswith("This image is damaged or incomplete")


def test_an_upload_needs_a_text_alternative(officer):
    with pytest.raises(ValidationError) as caught:
        services.photo_upload(data=jpeg(), name="a.jpg", actor=officer, alt_text="  ")

    assert list(caught.value.error_dict) == ["alt_text"]
    assert Photo.objects.count() == 0


def test_the_uploaded_file_is_private(officer):
    photo = services.photo_upload(data=jpeg(), name="a.jpg", actor=officer, alt_text="Une rue")

    with pytest.raises(NotImplementedError):
        photo.upload.url  # noqa: B018
    assert io.BytesIO(photo.upload.read()).getvalue() == jpeg()

"""Bad input to the report form: too many reports, a photo too large, a decompression bomb, a
file that is no image, a position that is no number or outside the town. Each is answered
4xx with the reason (next to its field for a form), and nothing is saved: no report, no
photo, no file."""

from __future__ import annotations

import io
import pathlib
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parvis.core.tests.images import png_declaring
from parvis.reports.models import Report, ReportPhoto
from parvis.reports.tests.factories import LAT, LON, make_category, make_town, png_file
from parvis.reports.views import SUBMIT_LIMIT

pytestmark = pytest.mark.django_db

NEW = "/reports/new/"


@pytest.fixture
def odour():
    make_town()
    return make_category("odeur")


def details(**overrides):
    data = {
        "category": "odeur", "lat": str(LAT), "lon": str(LON), "description": "Odeur.",
        "x_intensity": "3", "x_smell": "égout", **overrides,
    }  # fmt: skip
    return data


def nothing_saved(settings):
    assert Report.objects.count() == 0 and ReportPhoto.objects.count() == 0
    photos = settings.MEDIA_ROOT and (pathlib.Path(settings.MEDIA_ROOT) / "reports")
    assert not photos or not photos.exists() or not any(photos.rglob("*.*"))


def test_too_many_reports_answer_429_and_save_nothing_more(client, odour, resident, settings):
    client.force_login(resident)
    allowed = int(SUBMIT_LIMIT["per_user"].split("/")[0])
    for _ in range(allowed):
        # Refused input counts too: the limit is on attempts.
        assert client.post(NEW, details(description="")).status_code == 400
    response = client.post(NEW, details())
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    nothing_saved(settings)


def test_a_photo_over_the_size_limit_is_refused_next_to_its_field(
    client, odour, resident, settings
):
    settings.MAX_IMAGE_UPLOAD = 2048
    client.force_login(resident)
    out = io.BytesIO()
    # Noise does not compress: about 30 KB of PNG, over the 2 KB limit.
    Image.frombytes("RGB", (100, 100), random.Random(1).randbytes(30_000)).save(out, "PNG")
    upload = SimpleUploadedFile("big.png", out.getvalue(), "image/png")
    assert upload.size > 2048
    response = client.post(NEW, details(photos=[upload]))
    assert response.status_code == 400
    assert "Cette image est trop lourde" in response.content.decode()
    assert 'id="id_photos_error' in response.content.decode()
    nothing_saved(settings)


def test_a_request_over_the_body_limit_is_refused_413_before_it_is_read(
    client, odour, resident, settings
):
    settings.MAX_REQUEST_BODY = 4096
    client.force_login(resident)
    upload = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * 10_000, "image/png")
    assert client.post(NEW, details(photos=[upload])).status_code == 413
    nothing_saved(settings)


def test_a_decompression_bomb_is_refused_next_to_its_field(client, odour, resident, settings):
    client.force_login(resident)
    bomb = SimpleUploadedFile("bomb.png", png_declaring(100_000, 100_000), "image/png")
    response = client.post(NEW, details(photos=[bomb]))
    assert response.status_code == 400
    assert 'id="id_photos_error' in response.content.decode()
    nothing_saved(settings)


def test_a_file_that_is_no_image_is_refused_even_named_png(client, odour, resident, settings):
    client.force_login(resident)
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", "image/png")
    good = SimpleUploadedFile("ok.png", png_file().read(), "image/png")
    response = client.post(NEW, details(photos=[good, fake]))
    assert response.status_code == 400
    assert "n’est pas une image" in response.content.decode()
    nothing_saved(settings)


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("NaN", str(LON), "Donnez la position par une latitude et une longitude en degrés."),
        ("inf", str(LON), "Donnez la position par une latitude et une longitude en degrés."),
        (str(LAT), "-Infinity", "Donnez la position par une latitude et une longitude en degrés."),
        ("1e999", str(LON), "Donnez la position par une latitude et une longitude en degrés."),
        ("91", str(LON), "Donnez la position par une latitude et une longitude en degrés."),
        ("", str(LON), "Donnez la position par une latitude et une longitude en degrés."),
        ("46.95", str(LON), "Ce lieu est hors de la commune."),
        (str(LAT), "1.80", "Ce lieu est hors de la commune."),
    ],
)
def test_a_bad_position_is_refused_at_both_steps(
    client, odour, resident, settings, lat, lon, message
):
    client.force_login(resident)
    step_one = client.get(NEW, {"category": "odeur", "lat": lat, "lon": lon})
    assert step_one.status_code == 400
    assert message in step_one.content.decode() or "Donnez une adresse" in step_one.content.decode()
    response = client.post(NEW, details(lat=lat, lon=lon))
    assert response.status_code == 400
    assert message in response.content.decode() or "obligatoire" in response.content.decode()
    nothing_saved(settings)

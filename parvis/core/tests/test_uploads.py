"""Uploaded images are judged by their content and stored as clean, re-encoded copies."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from parvis.core.tests.images import (
    GPS_IFD,
    SVG,
    image_bytes,
    noisy_jpeg,
    photo_with_gps,
    png_declaring,
)
from parvis.core.uploads import MAX_IMAGE_PIXELS, CheckedImageFormField, reencode_image

RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp|gif)$")


@pytest.fixture(autouse=True)
def _in_english():
    # Messages are compared in one language, whatever catalogues exist.
    with translation.override("en"):
        yield


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def refusal(data: bytes, name: str = "photo.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        reencode_image(upload(data, name))
    return caught.value


def not_an_image_message() -> str:
    return gettext("This file is not an image we can read (JPEG, PNG, WebP or GIF).")


def too_many_pixels_message() -> str:
    return gettext(
        "This image has too many pixels; the limit is %(limit)s million. Make it smaller."
    ) % {"limit": MAX_IMAGE_PIXELS // 1_000_000}


def test_a_photo_loses_its_exif_gps_and_comment_and_is_turned_upright():
    original = photo_with_gps(width=64, height=48)
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif().get_ifd(GPS_IFD)[2] == (48.0, 51.0, 24.0)  # the test's premise

    stored = reencode_image(upload(original))

    data = stored.read()
    with Image.open(io.BytesIO(data)) as result:
        assert result.format == "JPEG"
        assert dict(result.getexif()) == {}
        assert "exif" not in result.info
        assert "comment" not in result.info
        assert result.size == (48, 64)  # the EXIF orientation was applied to the pixels
    assert b"Exif" not in data
    assert b"rue des Lilas" not in data
    assert RANDOM_NAME.match(stored.name)


@pytest.mark.parametrize(
    ("image_format", "extension"), [("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")]
)
def test_png_webp_and_gif_are_accepted_and_stored_in_their_own_format(image_format, extension):
    stored = reencode_image(upload(image_bytes(image_format), name="picture.jpg"))

    assert stored.name.endswith(f".{extension}")  # the real format's, not the name's
    assert RANDOM_NAME.match(stored.name)
    with Image.open(io.BytesIO(stored.read())) as result:
        assert result.format == image_format
        assert result.size == (30, 20)


def test_two_uploads_of_one_file_get_different_names():
    data = image_bytes("PNG")

    assert reencode_image(upload(data)).name != reencode_image(upload(data)).name


def test_palette_transparency_survives_the_re_encoding():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    image.paste(1, (5, 5, 10, 10))
    out = io.BytesIO()
    image.save(out, "GIF", transparency=0)

    stored = reencode_image(upload(out.getvalue(), "logo.gif"))

    with Image.open(io.BytesIO(stored.read())) as result:
        rgba = result.convert("RGBA")
        assert rgba.getpixel((0, 0))[3] == 0
        assert rgba.getpixel((6, 6)) == (0, 255, 0, 255)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Dear town hall, this is a letter, not a picture.\n" * 20, "letter.jpg"),
        (SVG, "drawing.svg"),
        (SVG, "drawing.png"),
        (b"", "empty.jpg"),
        (b"%PDF-1.7\n" + b"0" * 200, "scan.jpg"),
        (b"GIF89a" + b"\x00" * 4, "short.gif"),
    ],
    ids=["text-renamed-jpg", "svg", "svg-renamed-png", "empty", "pdf", "gif-header-only"],
)
def test_files_that_are_not_images_are_refused(data, name):
    error = refusal(data, name)

    assert error.code == "not_an_image"
    assert error.messages == [not_an_image_message()]


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP", "GIF"])
def test_a_truncated_image_is_refused(image_format):
    whole = image_bytes(image_format, size=(300, 300)) if image_format != "JPEG" else noisy_jpeg()
    # The noisy JPEG's pixels make its halves different; for the others, cut the data short.
    error = refusal(whole[: len(whole) // 2])

    assert error.code == "not_an_image"
    assert error.messages == [not_an_image_message()]


def test_other_formats_pillow_knows_are_refused_without_being_decoded():
    error = refusal(image_bytes("BMP"), "picture.bmp")

    assert error.code == "not_an_image"


def test_a_decompression_bomb_is_refused_with_the_pixel_limit():
    bomb = png_declaring(100_000, 100_000)
    assert len(bomb) < 200  # a few bytes that would need 30 GB once decoded

    error = refusal(bomb, "bomb.png")

    assert error.code == "too_many_pixels"
    assert error.messages == [too_many_pixels_message()]


def test_an_image_just_over_the_pixel_limit_is_refused():
    error = refusal(png_declaring(8000, MAX_IMAGE_PIXELS // 8000 + 1), "huge.png")

    assert error.code == "too_many_pixels"
    assert error.messages == [too_many_pixels_message()]


def test_a_file_over_the_size_limit_is_refused_before_being_decoded(settings):
    data = noisy_jpeg()
    settings.MAX_IMAGE_UPLOAD = len(data) - 1

    error = refusal(data)

    assert error.code == "too_large"
    expected = gettext("This image is too large (%(size)s); the limit is %(limit)s.") % {
        "size": filesizeformat(len(data)),
        "limit": filesizeformat(len(data) - 1),
    }
    assert error.messages == [expected]


def test_the_form_field_cleans_to_the_re_encoded_copy_and_asks_for_images():
    field = CheckedImageFormField()

    cleaned = field.clean(upload(photo_with_gps()))

    assert RANDOM_NAME.match(cleaned.name)
    assert b"Exif" not in cleaned.read()
    assert field.widget_attrs(field.widget)["accept"] == "image/jpeg,image/png,image/webp,image/gif"
    with pytest.raises(ValidationError) as caught:
        field.clean(upload(SVG, "x.svg"))
    assert caught.value.messages == [not_an_image_message()]

"""Uploaded files, checked by what they contain rather than by their names.

An image is opened with Pillow: it must decode, be one of the accepted formats, and stay
under the size and pixel limits. It is then re-encoded, which drops its metadata (EXIF,
including GPS position) and anything hidden after the image data, and stored under a random
name with the extension of its real format.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 4000


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not an image we can read (JPEG, PNG, WebP or GIF)."),
        code="not_an_image",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("This image has too many pixels; the limit is %(limit)s million. Make it smaller."),
        code="too_many_pixels",
        params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
    )


#: What Pillow raises on a file it cannot decode (bad header, truncated data, bad chunk…).
_DECODING_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def reencode_image(upload: Any, *, max_side: int = MAX_IMAGE_SIDE) -> ContentFile:
    """A clean copy of the uploaded image, its longer side at most `max_side` pixels, or
    ValidationError saying what is wrong."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.MAX_IMAGE_UPLOAD:
        raise ValidationError(
            _("This image is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD),
            },
        )
    upload.seek(0)
    data = upload.read()
    # Only the accepted formats' decoders ever see the bytes: a file that is really a BMP,
    # a TIFF or a PSD is refused without being parsed by decoders nobody needs here.
    formats = tuple(ACCEPTED_IMAGE_FORMATS)
    try:
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except _DECODING_ERRORS as exc:
        raise _not_an_image() from exc
    assert image_format is not None  # Image.open opened it with one of `formats`
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    try:
        with Image.open(io.BytesIO(data), formats=formats) as image:
            # verify() reads only the structure; a truncated JPEG is found when decoding.
            image.load()
            out = _reencoded(image, image_format, max_side=max_side)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except _DECODING_ERRORS as exc:
        raise _not_an_image() from exc
    extension = ACCEPTED_IMAGE_FORMATS[image_format]
    return ContentFile(out, name=f"{uuid.uuid4().hex}.{extension}")


def _reencoded(image: Image.Image, image_format: str, *, max_side: int = MAX_IMAGE_SIDE) -> bytes:
    """The pixels of `image` in `image_format`, without any of the original's metadata."""
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    image = ImageOps.exif_transpose(image)
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side))
    # Pillow copies some metadata from `info` when saving (JPEG and GIF comments, for one);
    # keep only what the pixels need: the colour profile and palette transparency.
    image.info = {}
    options: dict[str, Any] = {}
    if icc_profile and image_format != "GIF":
        options["icc_profile"] = icc_profile
    if transparency is not None and image.mode in ("P", "L", "RGB"):
        options["transparency"] = transparency
    out = io.BytesIO()
    if image_format == "JPEG":
        image = image.convert("RGB")
        options.pop("transparency", None)
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True, **options)
    elif image_format == "GIF":
        image.save(out, "GIF", **options)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=85, **options)
    else:
        image.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


class CheckedImageFormField(forms.ImageField):
    """An image form field whose cleaned value is the re-encoded copy."""

    # Decoding and re-encoding is costly and depends only on the upload: the back office runs
    # it before its write transaction and reuses the result (`backoffice.guard`).
    costly_to_python = True

    def to_python(self, data: Any) -> Any:
        if data in self.empty_values:
            return None
        return reencode_image(data)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        return attrs


class PublicImageField(models.ImageField):
    """A model image field stored publicly; every form built from it checks the content."""

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})

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


def reencode_image(upload: Any) -> ContentFile:
    """A clean copy of the uploaded image, or ValidationError saying what is wrong."""
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
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _("This file is not an image we can read (JPEG, PNG, WebP or GIF)."),
            code="not_an_image",
        ) from exc
    if image_format not in ACCEPTED_IMAGE_FORMATS:
        raise ValidationError(
            _("This image format is not accepted; use JPEG, PNG, WebP or GIF."),
            code="format",
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("This image has too many pixels (%(width)s×%(height)s)."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        if max(image.size) > MAX_IMAGE_SIDE:
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        out = io.BytesIO()
        if image_format == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
        elif image_format == "GIF":
            image.save(out, "GIF")
        elif image_format == "WEBP":
            image.save(out, "WEBP", quality=85)
        else:
            image.save(out, "PNG", optimize=True)
    extension = ACCEPTED_IMAGE_FORMATS[image_format]
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


class CheckedImageFormField(forms.ImageField):
    """An image form field whose cleaned value is the re-encoded copy."""

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

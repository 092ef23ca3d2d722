"""Renditions of an image: the sizes a page serves, for any app and any image field.

An image is read once, in three steps any app can use:

- `inspect(data)` judges the bytes a person sent, quickly enough for a request: the format
  (JPEG, PNG or WebP, by content), the size within the pixel limits (a decompression bomb
  is refused before its pixels are decoded), the whole image decodable (a truncated JPEG is
  refused: decoded at an eighth of its size with Pillow's `draft()`), nothing hidden after
  the image's end (a JPEG with a ZIP or an HTML page appended: a polyglot), and the date
  it was taken (EXIF DateTimeOriginal, in the town's time zone when it gives no offset).
- `render(data, widths)` makes the served files, for the task worker: the image turned
  upright (`ImageOps.exif_transpose`), at each width narrower than it (and at its own width
  when it is narrower than the largest), in JPEG and WebP, plus a clean full-size copy
  ("the original" people download). No served file carries any metadata: no EXIF (no GPS
  position, no device), no XMP, no comment; only the colour profile.
- `store(renditions, storage, prefix)` writes them under one folder and gives the JSON kept
  on the model (`Stored.as_json()`), from which `{% picture %}` (templatetags/parvis.py)
  writes `<picture>` with `srcset`, `sizes`, `width`, `height`, `alt` and lazy loading.

JPEG sources are decoded with `draft()` at the smallest power-of-two reduction still wider
than the largest rendition, which makes a 12-megapixel photo's thumbnails several times
faster than decoding every pixel (bench/photo_thumbnails.py).
"""

from __future__ import annotations

import io
import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from parvis.core.uploads import MAX_IMAGE_PIXELS

#: The widths served, in pixels: phones, tablets, laptops, large screens.
WIDTHS = (320, 640, 1024, 1600)
#: The formats read: photos, screenshots and what browsers save.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
JPEG_QUALITY = 82
WEBP_QUALITY = 80
ORIGINAL_QUALITY = 92

_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867
_OFFSET_TIME_ORIGINAL = 36881
_DECODING_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


@dataclass(frozen=True)
class Facts:
    """What `inspect` learnt of an image: its format, its upright size, when it was taken."""

    format: str
    width: int
    height: int
    taken_at: datetime | None

    @property
    def extension(self) -> str:
        return FORMATS[self.format]


def _refused(message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def not_an_image() -> ValidationError:
    return _refused(
        _("This file is not a photo we can read: send a JPEG, PNG or WebP image."), "not_an_image"
    )


def too_many_pixels() -> ValidationError:
    return _refused(
        _("This image has too many pixels; the limit is %(limit)s million. Make it smaller."),
        "too_many_pixels",
        limit=MAX_IMAGE_PIXELS // 1_000_000,
    )


def damaged() -> ValidationError:
    return _refused(
        _("This image is damaged or incomplete (it could not be read to the end)."), "damaged"
    )


def hidden_data() -> ValidationError:
    return _refused(
        _("This image carries other data after its end (another file hidden inside it)."),
        "hidden_data",
    )


def inspect(data: bytes) -> Facts:
    """The facts of an uploaded image, or ValidationError saying, for a person, what is
    wrong with it. Reads only the bytes given; writes nothing."""
    try:
        with Image.open(io.BytesIO(data), formats=tuple(FORMATS)) as image:
            image_format = image.format or ""
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise too_many_pixels()
            taken_at = _taken_at(image)
            upright = _upright_size(image)
            try:
                if image_format == "JPEG":
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
            except _DECODING_ERRORS as exc:
                raise damaged() from exc
    except Image.DecompressionBombError as exc:
        raise too_many_pixels() from exc
    except _DECODING_ERRORS as exc:
        raise not_an_image() from exc
    if _trailing_data(data, image_format):
        raise hidden_data()
    return Facts(format=image_format, width=upright[0], height=upright[1], taken_at=taken_at)


def _upright_size(image: Image.Image) -> tuple[int, int]:
    orientation = image.getexif().get(0x0112, 1)
    width, height = image.size
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _taken_at(image: Image.Image) -> datetime | None:
    """EXIF DateTimeOriginal as an aware datetime (its offset, else the town's zone)."""
    try:
        exif = image.getexif().get_ifd(_EXIF_IFD)
    except _DECODING_ERRORS:
        return None
    raw = exif.get(_DATE_TIME_ORIGINAL)
    if not isinstance(raw, str):
        return None
    try:
        taken = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = exif.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        try:
            return datetime.strptime(
                f"{raw.strip()[:19]}{offset.strip(chr(0)).strip()}", "%Y:%m:%d %H:%M:%S%z"
            ).astimezone(UTC)
        except ValueError:
            pass
    return taken.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


# --- what comes after the image ---------------------------------------------------------------


def _trailing_data(data: bytes, image_format: str) -> bool:
    """Whether bytes follow the image's end that are neither padding nor a JPEG preview
    (cameras append their multi-picture previews after the main image: kept, never served)."""
    end = _image_end(data, image_format)
    if end is None:
        return True
    rest = data[end:].rstrip(b"\x00\r\n\t ")
    if not rest:
        return False
    if image_format == "JPEG" and rest.startswith(b"\xff\xd8"):
        return _trailing_data(rest, "JPEG")  # another whole JPEG, and nothing after it
    return True


def _image_end(data: bytes, image_format: str) -> int | None:
    if image_format == "PNG":
        found = data.find(b"IEND")
        return found + 8 if found >= 0 else None
    if image_format == "WEBP":
        return 8 + int.from_bytes(data[4:8], "little")
    return _jpeg_end(data)


def _jpeg_end(data: bytes) -> int | None:
    """The offset just after a JPEG's end-of-image marker, walking its segments and its
    entropy-coded data (where 0xFF is followed by 0x00 or a restart marker)."""
    position = 2
    size = len(data)
    while position + 2 <= size:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        position += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data until the next marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return None
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break
    return None


# --- renditions ------------------------------------------------------------------------------------


@dataclass
class Rendered:
    """The files of an image: `files[(width, extension)]` bytes, the clean original."""

    width: int
    height: int
    widths: list[int]
    files: dict[tuple[int, str], bytes] = field(default_factory=dict)
    original: bytes = b""
    original_extension: str = "jpg"


def widths_for(width: int, wanted: tuple[int, ...] = WIDTHS) -> list[int]:
    """The rendition widths of an image `width` pixels wide: each wanted width narrower than
    it, and its own width when it is narrower than the largest wanted (never enlarged)."""
    widths = [w for w in wanted if w < width]
    if width <= max(wanted):
        widths.append(width)
    return widths


def render(data: bytes, *, widths: tuple[int, ...] = WIDTHS, original: bool = True) -> Rendered:
    """The served files of an image already `inspect`ed: renditions at `widths_for` its
    width in JPEG and WebP, and (with `original`) a clean full-size copy. Raises
    ValidationError (`damaged`, `too_many_pixels`) on an image that cannot be decoded."""
    try:
        return _render(data, widths=widths, original=original)
    except Image.DecompressionBombError as exc:
        raise too_many_pixels() from exc
    except _DECODING_ERRORS as exc:
        raise damaged() from exc


def _render(data: bytes, *, widths: tuple[int, ...], original: bool) -> Rendered:
    with Image.open(io.BytesIO(data), formats=tuple(FORMATS)) as source:
        if source.width * source.height > MAX_IMAGE_PIXELS:
            raise too_many_pixels()
        icc_profile = source.info.get("icc_profile")
        orientation = source.getexif().get(0x0112, 1)
        rotated = orientation in (5, 6, 7, 8)
        full_width, full_height = (
            (source.height, source.width) if rotated else (source.width, source.height)
        )
        alpha = source.mode in ("RGBA", "LA", "PA") or "transparency" in source.info
        wanted = widths_for(full_width, widths)
        if original:
            full = _upright(source, orientation)
        else:
            # Decode no more pixels than the widest rendition needs: JPEG's DCT scaling.
            if source.format == "JPEG":
                largest = max(wanted)
                scale = largest / full_width
                target = (source.width * scale, source.height * scale)
                source.draft("RGB", (int(target[0]) + 1, int(target[1]) + 1))
            full = _upright(source, orientation)
    if full.mode not in ("RGB", "RGBA"):
        full = full.convert("RGBA" if alpha else "RGB")
    rendered = Rendered(width=full_width, height=full_height, widths=wanted)
    options: dict[str, Any] = {"icc_profile": icc_profile} if icc_profile else {}
    if original:
        rendered.original = _encode(full, "jpg", ORIGINAL_QUALITY, options)
    current = full
    for width in sorted(wanted, reverse=True):
        height = max(1, round(full_height * width / full_width))
        if current.width != width:
            # Each smaller size from the previous one: fewer pixels to filter each time.
            current = current.resize((width, height), Image.Resampling.BICUBIC, reducing_gap=2.0)
        rendered.files[(width, "jpg")] = _encode(current, "jpg", JPEG_QUALITY, options)
        rendered.files[(width, "webp")] = _encode(current, "webp", WEBP_QUALITY, options)
    return rendered


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    """The pixels of `image` turned upright, without any of its metadata."""
    image.load()
    if orientation != 1:
        upright = ImageOps.exif_transpose(image)
        assert upright is not None
        image = upright
    image.info = {}
    return image


def _encode(image: Image.Image, extension: str, quality: int, options: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    if extension == "jpg":
        if image.mode == "RGBA":
            # JPEG has no transparency: what was transparent shows white, as on the page
            # (dropping the alpha channel would show it black).
            backdrop = Image.new("RGB", image.size, "white")
            backdrop.paste(image, mask=image.getchannel("A"))
            image = backdrop
        elif image.mode != "RGB":
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=quality, progressive=True, **options)
    else:
        image.save(out, "WEBP", quality=quality, method=2, **options)
    return out.getvalue()


# --- storing and serving ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    """Where an image's renditions live: `prefix` + "/<width>.<jpg|webp>", the widths, the
    upright size; kept as JSON on the model (`as_json`, `from_json`)."""

    prefix: str
    widths: tuple[int, ...]
    width: int
    height: int

    def as_json(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "widths": list(self.widths),
            "width": self.width,
            "height": self.height,
        }

    @classmethod
    def from_json(cls, value: Any) -> Stored | None:
        if not value or not value.get("widths"):
            return None
        return cls(
            prefix=value["prefix"],
            widths=tuple(value["widths"]),
            width=value["width"],
            height=value["height"],
        )

    def name(self, width: int, extension: str) -> str:
        return f"{self.prefix}/{width}.{extension}"

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def names(self) -> list[str]:
        return [self.name(w, ext) for w in self.widths for ext in ("jpg", "webp")]


def store(rendered: Rendered, storage: Storage, folder: str) -> Stored:
    """Write the renditions under `folder`/<random>/ in `storage`; where they are."""
    prefix = f"{folder}/{uuid.uuid4().hex}"
    for (width, extension), content in rendered.files.items():
        storage.save(f"{prefix}/{width}.{extension}", ContentFile(content))
    return Stored(
        prefix=prefix,
        widths=tuple(sorted(rendered.widths)),
        width=rendered.width,
        height=rendered.height,
    )


def delete(stored: Stored | None, storage: Storage) -> None:
    if stored is None:
        return
    for name in stored.names():
        storage.delete(name)


def srcset(stored: Stored, storage: Storage, extension: str) -> str:
    return ", ".join(f"{storage.url(stored.name(w, extension))} {w}w" for w in stored.widths)


def default_width(stored: Stored, display: int) -> int:
    """The narrowest rendition at least `display` pixels wide (else the widest): the `src`
    of browsers that read no `srcset`."""
    for width in stored.widths:
        if width >= display:
            return width
    return stored.widths[-1]

"""Uploaded files, checked by what they contain rather than by their names.

An image is opened with Pillow: it must decode, be one of the accepted formats, and stay
under the size and pixel limits. It is then re-encoded, which drops its metadata (EXIF,
including GPS position) and anything hidden after the image data, and stored under a random
name with the extension of its real format.

A document (a CV, a cover letter, a proof of income: PDF, OpenDocument text or Word's
DOCX) is read for its structure, never run nor converted: a PDF must start and end as one
does; an ODT or a DOCX must be a ZIP archive holding what its format requires, within
bounds (entries, sizes) that keep a ZIP bomb harmless. What could run when staff open it
(macros, scripts, a PDF's JavaScript or launch actions, embedded files) is not refused but
flagged (`CheckedDocument.flags`), so that the people who open it are warned. It is kept
under a random name with the extension of its real format, in private storage.

A public PDF (a council's minutes, a deliberation) must also be read by pypdf, page by page
listed, and not be protected by a password (`check_pdf`, `CheckedPdfFormField`).
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
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


# --- documents ------------------------------------------------------------------------------

#: The largest document accepted (a CV, a letter, a proof): 5 MB.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
#: Bounds of an ODT or DOCX archive, far above any real one, far below a ZIP bomb.
MAX_ARCHIVE_ENTRIES = 2000
MAX_ARCHIVE_UNCOMPRESSED = 100 * 1024 * 1024
#: The few entries read (mimetype, content types) are small; never read more of them.
MAX_ENTRY_READ = 256 * 1024

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = "word/document.xml"
#: Content types of a Word document whose main part carries macros (.docm renamed .docx).
DOCX_MACRO_TYPES = (b"macroEnabled", b"vbaProject")
#: PDF names that make a reader run or open something.
#: (Names inside compressed object streams are not seen: the flag is a warning, not a proof.)
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|RichMedia|XFA|EmbeddedFiles?)\b")
PDF_EMBEDDED = {b"EmbeddedFile", b"EmbeddedFiles"}


class DocumentFlag(models.TextChoices):
    """What a document holds that could run when opened: staff are warned, it is kept."""

    MACROS = "macros", _("macros")
    SCRIPT = "script", _("a script or an automatic action")
    EMBEDDED_FILE = "embedded_file", _("an embedded file")


@dataclass(frozen=True)
class CheckedDocument:
    """An uploaded document judged by its content: `file` (a random name, the extension of
    its real format), `kind` ("pdf", "odt" or "docx") and `flags` (`DocumentFlag` values)."""

    file: ContentFile
    kind: str
    flags: tuple[str, ...] = ()


def _not_a_document() -> ValidationError:
    return ValidationError(
        _(
            "This file is not a document we accept: send a PDF, an OpenDocument text (ODT) or a Word document (DOCX)."
        ),
        code="not_a_document",
    )


def _read_bounded(upload: Any, max_bytes: int) -> bytes:
    """The upload's bytes, or ValidationError when there are more than `max_bytes`: refused
    by the size it tells before a byte is read, else once one byte too many is read."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:  # a size the upload did not tell
        raise ValidationError(
            _("This file is too large; the limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(max_bytes)},
        )
    return data


def check_document(upload: Any, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> CheckedDocument:
    """The uploaded document, checked, or ValidationError saying what is wrong. The size is
    refused before a byte is read."""
    data = _read_bounded(upload, max_bytes)
    if _is_pdf(data):
        kind, flags = "pdf", _pdf_flags(data)
    elif data.startswith(b"PK\x03\x04"):
        kind, flags = _office_document(data)
    else:
        raise _not_a_document()
    return CheckedDocument(
        file=ContentFile(data, name=f"{uuid.uuid4().hex}.{kind}"), kind=kind, flags=flags
    )


def _is_pdf(data: bytes) -> bool:
    # The header within the first KB (the standard tolerates junk before it), the end-of-file
    # marker within the last KB (writers may add a newline or a few bytes after it).
    return b"%PDF-" in data[:1024] and b"%%EOF" in data[-1024:]


def _pdf_flags(data: bytes) -> tuple[str, ...]:
    # Names may be written with #xx escapes (/J#61vaScript): undone before looking.
    names = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), data)
    found = {match.group(1) for match in PDF_ACTIVE.finditer(names)}
    flags = []
    if found - PDF_EMBEDDED:
        flags.append(DocumentFlag.SCRIPT.value)
    if found & PDF_EMBEDDED:
        flags.append(DocumentFlag.EMBEDDED_FILE.value)
    return tuple(flags)


def _office_document(data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise _not_a_document() from exc
    if (
        len(entries) > MAX_ARCHIVE_ENTRIES
        or sum(entry.file_size for entry in entries) > MAX_ARCHIVE_UNCOMPRESSED
    ):
        raise _not_a_document()
    names = {entry.filename for entry in entries}
    try:
        if "mimetype" in names and _read(archive, "mimetype").strip() == ODT_MIMETYPE:
            if "content.xml" not in names:
                raise _not_a_document()
            macros = any(name.startswith(("Basic/", "Scripts/")) for name in names)
            return "odt", (DocumentFlag.MACROS.value,) if macros else ()
        if "[Content_Types].xml" in names and DOCX_MAIN in names:
            types = _read(archive, "[Content_Types].xml")
            macros = "word/vbaProject.bin" in names or any(t in types for t in DOCX_MACRO_TYPES)
            embedded = any(name.startswith("word/embeddings/") for name in names)
            flags = [DocumentFlag.MACROS.value] if macros else []
            if embedded:
                flags.append(DocumentFlag.EMBEDDED_FILE.value)
            return "docx", tuple(flags)
    except (zipfile.BadZipFile, RuntimeError, ValueError, EOFError, OSError) as exc:
        # A damaged, encrypted or oddly compressed entry: not a document we can vouch for.
        raise _not_a_document() from exc
    raise _not_a_document()


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    """At most MAX_ENTRY_READ bytes of one entry (its declared size may lie)."""
    with archive.open(name) as entry:
        return entry.read(MAX_ENTRY_READ)


def _document_help_now(max_bytes: int) -> str:
    return gettext("PDF, OpenDocument text (ODT) or Word (DOCX), %(limit)s at most.") % {
        "limit": filesizeformat(max_bytes)
    }


#: In the language of the page that shows it, not of the moment the form was declared.
_document_help = lazy(_document_help_now, str)


class CheckedDocumentFormField(forms.FileField):
    """A file form field whose cleaned value is a `CheckedDocument`."""

    def __init__(self, *, max_bytes: int = MAX_DOCUMENT_BYTES, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        kwargs.setdefault("help_text", _document_help(max_bytes))
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        return check_document(upload, max_bytes=self.max_bytes)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = (
            ".pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        return attrs


# --- public PDFs (the council's acts) -------------------------------------------------------


def _not_a_pdf() -> ValidationError:
    return ValidationError(_("This file is not a PDF."), code="not_a_pdf")


def check_pdf(upload: Any, *, max_bytes: int) -> ContentFile:
    """The uploaded PDF, checked, as a file with a random name; or ValidationError saying
    what is wrong: too large (refused before a byte is read), not a PDF (by its bytes, then
    pypdf must read its structure and every page), protected by a password. Nothing is
    written anywhere."""
    from pypdf import PdfReader  # needed only here, and slow to import
    from pypdf.errors import PdfReadError

    data = _read_bounded(upload, max_bytes)
    if not _is_pdf(data):
        raise _not_a_pdf()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password: upload it without protection."),
                code="encrypted",
            )
        if len(reader.pages) == 0:
            raise _not_a_pdf()
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise _not_a_pdf() from exc
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")


class CheckedPdfFormField(forms.FileField):
    """A file form field whose cleaned value is a checked PDF (`check_pdf`), as a file with
    a random name. The limit is read when the form is used, so a setting may name it."""

    def __init__(self, *, max_bytes: Callable[[], int] | int, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def _limit(self) -> int:
        return self.max_bytes() if callable(self.max_bytes) else self.max_bytes

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        return check_pdf(upload, max_bytes=self._limit())

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ".pdf,application/pdf"
        return attrs

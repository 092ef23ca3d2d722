"""Small documents written by hand, as small as their formats allow, for the tests of
uploads: PDFs (plain, with a script, a launch action or an attachment), ODT and DOCX
archives (with macros when asked), and files of other kinds."""

from __future__ import annotations

import io
import zipfile

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n"
    b"%%EOF\n"
)
PDF_WITH_SCRIPT = PDF.replace(
    b"/Pages 2 0 R>>", b"/Pages 2 0 R /OpenAction <</S /JavaScript /JS (app.alert(1))>>>>"
)
# The same name written with an escape, as a file hiding it would.
PDF_WITH_ESCAPED_SCRIPT = PDF.replace(
    b"/Pages 2 0 R>>", b"/Pages 2 0 R /AA <</O <</S /J#61vaScript>>>>>>"
)
PDF_WITH_LAUNCH = PDF.replace(
    b"/Pages 2 0 R>>", b"/Pages 2 0 R /OpenAction <</S /Launch /F (cmd.exe)>>>>"
)
PDF_WITH_ATTACHMENT = PDF.replace(
    b"/Pages 2 0 R>>", b"/Pages 2 0 R /Names <</EmbeddedFiles 3 0 R>>>>"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"%%EOF"


def archive(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        if stored_first:
            zipped.writestr(stored_first, entries[stored_first], zipfile.ZIP_STORED)
        for name, data in entries.items():
            if name != stored_first:
                zipped.writestr(name, data)
    return out.getvalue()


def odt(**more: bytes) -> bytes:
    return archive(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest:manifest/>",
            **more,
        },
        stored_first="mimetype",
    )


DOCX_TYPES = (
    b'<Types><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM_TYPES = (
    b'<Types><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)


def docx(types: bytes = DOCX_TYPES, **more: bytes) -> bytes:
    return archive({"[Content_Types].xml": types, "word/document.xml": b"<w:document/>", **more})

"""Uploaded documents (CVs, letters, proofs) are judged by their content: PDF, ODT or DOCX,
5 MB at most, archives within bounds; what could run when staff open them is flagged.

The files are written by hand (`core/tests/documents.py`), as small as their formats allow."""

from __future__ import annotations

import io
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parvis.core.tests.documents import (
    DOCM_TYPES,
    DOCX_TYPES,
    ELF,
    PDF,
    PDF_WITH_ATTACHMENT,
    PDF_WITH_ESCAPED_SCRIPT,
    PDF_WITH_LAUNCH,
    PDF_WITH_SCRIPT,
    WINDOWS_EXE,
    archive,
    docx,
    odt,
)
from parvis.core.uploads import CheckedDocumentFormField, check_document

RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|odt|docx)$")


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def upload(data: bytes, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def refusal(data: bytes, name: str = "cv.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check_document(upload(data, name))
    return refused.value


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "cv.pdf", "pdf"),
        (odt(), "lettre.odt", "odt"),
        (docx(), "cv.docx", "docx"),
        # The name says nothing: a DOCX called .pdf is a DOCX.
        (docx(), "cv.pdf", "docx"),
    ],
)
def test_a_document_is_kept_under_a_random_name_with_its_real_extension(data, name, kind):
    checked = check_document(upload(data, name))

    assert (checked.kind, checked.flags) == (kind, ())
    assert RANDOM_NAME.match(checked.file.name) and checked.file.name.endswith(f".{kind}")
    assert checked.file.read() == data


@pytest.mark.parametrize(
    ("data", "flags"),
    [
        (PDF_WITH_SCRIPT, ("script",)),
        (PDF_WITH_ESCAPED_SCRIPT, ("script",)),
        (PDF_WITH_LAUNCH, ("script",)),
        (PDF_WITH_ATTACHMENT, ("embedded_file",)),
        (odt(**{"Basic/Standard/Module1.xml": b"<script:module/>"}), ("macros",)),
        (odt(**{"Scripts/python/run.py": b"import os"}), ("macros",)),
        (docx(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), ("macros",)),
        (docx(DOCM_TYPES), ("macros",)),
        (docx(**{"word/embeddings/oleObject1.bin": b"\xd0\xcf"}), ("embedded_file",)),
    ],
    ids=["pdf-js", "pdf-escaped-js", "pdf-launch", "pdf-attachment", "odt-basic",
         "odt-python", "docx-vba", "docm-renamed", "docx-ole"],
)  # fmt: skip
def test_what_could_run_when_opened_is_flagged_not_refused(data, flags):
    assert check_document(upload(data)).flags == flags


@pytest.mark.parametrize(
    "data",
    [
        ELF,
        WINDOWS_EXE,
        b"",
        b"Just some text, called cv.pdf.",
        PDF.replace(b"%%EOF", b""),  # cut short
        archive({"notes.txt": b"a plain ZIP"}),
        archive({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                 "content.xml": b"<x/>"}, stored_first="mimetype"),
        odt()[: len(odt()) // 2],  # a damaged archive
        archive({"[Content_Types].xml": DOCX_TYPES}),  # no document part
    ],
    ids=["elf", "exe", "empty", "text", "pdf-cut", "zip", "ods", "odt-cut", "docx-empty"],
)  # fmt: skip
def test_anything_else_is_refused_saying_what_is_accepted(data):
    error = refusal(data)

    assert error.code == "not_a_document"
    assert "PDF, an OpenDocument text (ODT) or a Word document (DOCX)" in error.messages[0]


def test_an_archive_beyond_its_bounds_is_refused_without_being_unpacked():
    many = archive({f"word/part{n}.xml": b"" for n in range(2001)} | {
        "[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w:document/>"
    })  # fmt: skip
    # 101 MB of zeros, a few hundred KB once compressed: the declared size is enough.
    bomb = docx(**{"word/media/zeros.bin": bytes(101 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024

    assert refusal(many).code == "not_a_document"
    assert refusal(bomb).code == "not_a_document"


class Unreadable(io.BytesIO):
    """An upload of a given size whose content must not be read."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def read(self, *args: object) -> bytes:
        raise AssertionError("read")


def test_a_50_mb_file_is_refused_by_its_size_before_a_byte_is_read():
    with pytest.raises(ValidationError) as refused:
        check_document(Unreadable(50 * 1024 * 1024))

    assert refused.value.code == "too_large"
    assert refused.value.messages == [
        "This file is too large (50.0\xa0MB); the limit is 5.0\xa0MB."
    ]


def test_a_file_larger_than_it_said_is_refused_too():
    lying = upload(PDF[:-6] + bytes(6 * 1024 * 1024) + b"%%EOF\n")
    lying.size = 100

    with pytest.raises(ValidationError) as refused:
        check_document(lying)

    assert refused.value.code == "too_large"


class Application(forms.Form):
    cv = CheckedDocumentFormField(label="CV")


def test_the_form_field_gives_the_checked_document_or_the_message_next_to_the_field():
    accepted = Application(files={"cv": upload(docx(), "cv.docx")}, data={})
    refused = Application(files={"cv": upload(ELF, "cv.pdf")}, data={})

    assert accepted.is_valid()
    assert accepted.cleaned_data["cv"].kind == "docx"
    assert not refused.is_valid()
    assert refused.errors["cv"][0].startswith("This file is not a document we accept")
    html = str(Application()["cv"])
    assert 'accept=".pdf,.odt,.docx,' in html


def test_the_help_text_is_in_the_language_of_the_page():
    field = Application().fields["cv"]

    assert str(field.help_text) == (
        "PDF, OpenDocument text (ODT) or Word (DOCX), 5.0\xa0MB at most."
    )
    with translation.override("fr"):
        assert str(field.help_text).startswith("PDF, texte OpenDocument (ODT) ou Word (DOCX)")

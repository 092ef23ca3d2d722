"""Writes of the council: meetings, their documents and deliberations saved (from the back
office), the text of a PDF read by the worker, the search index kept in step and the
followers of the council told once when minutes are published."""

from __future__ import annotations

import io
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from parvis.accounts.models import User
from parvis.core.audit import audit_record
from parvis.council.models import Deliberation, Document, DocumentKind, Extraction, Meeting
from parvis.notifications.services import notify
from parvis.search.indexing import index_object

logger = logging.getLogger(__name__)

#: The followed topic and the kind of message its followers receive about minutes.
TOPIC = "council"
MINUTES_PUBLISHED = "council.minutes_published"
#: The most text kept of one document (about 300 pages of dense minutes): the search needs
#: words, not a copy of a 2,000-page annex.
MAX_TEXT = 600_000
#: The longest reason of a failure kept for staff.
MAX_REASON = 300


def _announce_minutes(document: Document) -> None:
    """Tell the council's followers about public minutes, once per document (the key)."""
    if document.kind == DocumentKind.MINUTES and document.is_public():
        notify(
            kind=MINUTES_PUBLISHED,
            obj=document,
            targets=[TOPIC],
            key=f"council.minutes:{document.pk}:published",
        )


def _index_document(document: Document) -> None:
    index_object(document)
    for deliberation in document.deliberations.select_related("meeting", "document"):
        index_object(deliberation)


def meeting_save(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Save a meeting; what it holds is indexed again (its publication shows or hides it) and,
    once public, its public minutes are announced (each once)."""
    with transaction.atomic():
        meeting.updated_at = timezone.now()
        meeting.save()
        for document in meeting.documents.all():
            document.meeting = meeting
            index_object(document)
            _announce_minutes(document)
        for deliberation in meeting.deliberations.select_related("document"):
            deliberation.meeting = meeting
            index_object(deliberation)
        audit_record(actor=actor, action="council.meeting_saved", target=meeting)
    return meeting


def document_save(*, document: Document, actor: User | None, file_changed: bool) -> Document:
    """Save a document. A new file (already checked: `uploads.check_pdf`) is left for the
    worker to read: the document is saved pending, without text, and the extraction is
    enqueued in the same transaction."""
    with transaction.atomic():
        if file_changed:
            document.size = document.file.size
            document.pages = None
            document.text = ""
            document.extraction = Extraction.PENDING
            document.extraction_error = ""
        document.save()
        if file_changed:
            extraction_enqueue(document=document)
        _index_document(document)
        _announce_minutes(document)
        audit_record(actor=actor, action="council.document_saved", target=document)
    return document


def extraction_enqueue(*, document: Document) -> None:
    """Ask the worker to read the document's text (again)."""
    from parvis.council.tasks import extract_document_text  # the task calls this module

    if document.extraction != Extraction.PENDING:
        document.extraction = Extraction.PENDING
        document.extraction_error = ""
        document.save(update_fields=["extraction", "extraction_error"])
    extract_document_text.enqueue(document.pk)


def pdf_text(data: bytes, *, max_text: int = MAX_TEXT) -> tuple[str, int]:
    """The text of a PDF, page by page, at most `max_text` characters, and its page count.
    Raises what pypdf raises on a PDF it cannot read."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("The PDF is protected by a password.")
    parts: list[str] = []
    length = 0
    for page in reader.pages:
        if length >= max_text:
            break
        text = (page.extract_text() or "").replace("\x00", "")
        parts.append(text)
        length += len(text) + 1
    return "\n".join(parts)[:max_text], len(reader.pages)


def document_extract(*, document_id: int) -> str:
    """Read the text of a document's PDF (in the worker), record it, or record why it could
    not be read; then index the document and its deliberations. Returns the status. A
    document gone since is nothing to do."""
    document = Document.objects.select_related("meeting").filter(pk=document_id).first()
    if document is None:
        return ""
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        text, pages = pdf_text(data)
    # pypdf raises many kinds of errors on a damaged file (and the storage its own): each is
    # recorded for staff rather than left to retry forever.
    except Exception as exc:
        logger.warning("Council document %s: text not read: %r", document.pk, exc)
        document.extraction = Extraction.FAILED
        document.extraction_error = Truncator(f"{type(exc).__name__}: {exc}").chars(MAX_REASON)
        with transaction.atomic():
            document.save(update_fields=["extraction", "extraction_error"])
        return document.extraction
    document.text = text
    document.pages = pages
    document.extraction = Extraction.DONE
    document.extraction_error = ""
    with transaction.atomic():
        document.save(update_fields=["text", "pages", "extraction", "extraction_error"])
        _index_document(document)
    return document.extraction


def deliberation_save(*, deliberation: Deliberation, actor: User | None) -> Deliberation:
    """Save a deliberation (checked by its form) and index it with its document's text."""
    with transaction.atomic():
        deliberation.save()
        index_object(deliberation)
        audit_record(
            actor=actor,
            action="council.deliberation_saved",
            target=deliberation,
            data={"number": deliberation.number, "outcome": deliberation.outcome},
        )
    return deliberation

"""Meetings, documents and deliberations of the council for the tests."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from parvis.council.models import Deliberation, Document, DocumentKind, Meeting, Outcome
from parvis.council.pdf import minutes_pdf


def pdf(*paragraphs: str, title: str = "Conseil municipal") -> bytes:
    return minutes_pdf(title=title, paragraphs=paragraphs or ["Séance ordinaire."])


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf("Secret."))))
    writer.encrypt(user_password="motdepasse", owner_password="proprietaire")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_meeting(
    title: str = "Conseil municipal du 12 mars",
    *,
    starts_at: datetime.datetime | None = None,
    published: bool = True,
    **fields: Any,
) -> Meeting:
    return Meeting.objects.create(
        title=title,
        starts_at=starts_at or timezone.now() + datetime.timedelta(days=7),
        place="Salle du conseil, mairie",
        is_published=published,
        **fields,
    )


def make_document(
    meeting: Meeting,
    *,
    kind: str = DocumentKind.MINUTES,
    title: str = "Procès-verbal",
    data: bytes | None = None,
    **fields: Any,
) -> Document:
    content = data if data is not None else pdf()
    document = Document(meeting=meeting, kind=kind, title=title, size=len(content), **fields)
    document.file.save("x.pdf", ContentFile(content), save=False)
    document.save()
    return document


def make_deliberation(
    meeting: Meeting,
    number: str,
    *,
    subject: str = "Vote du budget primitif",
    date: datetime.date | None = None,
    theme: str = "7.1",
    outcome: str = Outcome.ADOPTED,
    votes: tuple[int, int, int] = (25, 2, 2),
    **fields: Any,
) -> Deliberation:
    return Deliberation.objects.create(
        meeting=meeting,
        number=number,
        date=date or timezone.localdate(),
        subject=subject,
        theme=theme,
        outcome=outcome,
        votes_for=votes[0],
        votes_against=votes[1],
        abstentions=votes[2],
        **fields,
    )

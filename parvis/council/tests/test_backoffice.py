"""The council's back office: a communication officer adds a meeting with its agenda and its
PDF minutes; a file that is not a PDF, a PDF protected by a password, a file over the limit
and a request of 200 MB are each refused with a clear message, and nothing is saved. The text
is read by the worker, never in the request; then a word found only inside the PDF finds the
document and its deliberation. A PDF the worker cannot read is marked failed, with why."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.council.models import AgendaItem, Deliberation, Document, Extraction, Meeting
from parvis.council.services import document_extract
from parvis.council.tests.factories import (
    encrypted_pdf,
    make_deliberation,
    make_document,
    make_meeting,
    pdf,
)
from parvis.search.engine import search

pytestmark = pytest.mark.django_db

ADD = "/backoffice/council/meeting/add/"


def fr(message: str) -> str:
    """The back office speaks French: `message` as it reads there (its words, once the
    catalogue has them)."""
    with translation.override("fr"):
        return translation.gettext(message)


def found(words: str, kind: str) -> list[str]:
    return [result.title for result in search(words, kinds=[kind]).results]


def form(upload: SimpleUploadedFile | None, **overrides: str) -> dict:
    data = {
        "title": "Conseil municipal du 12 mars 2026",
        "starts_at_0": "12/03/2026",
        "starts_at_1": "18:30",
        "place": "Salle du conseil",
        "space": "",
        "status": "held",
        "stream_url": "",
        "recording_url": "https://video.example/conseil-12-mars",
        "is_published": "on",
        "agenda_items-TOTAL_FORMS": "1",
        "agenda_items-INITIAL_FORMS": "0",
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
        "agenda_items-0-position": "1",
        "agenda_items-0-title": "Budget primitif",
        "agenda_items-0-deliberation": "",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-kind": "minutes",
        "documents-0-title": "Procès-verbal de la séance",
        "documents-0-is_published": "on",
    }
    if upload is not None:
        data["documents-0-file"] = upload
    data.update(overrides)
    return data


def pdf_upload(data: bytes, name: str = "pv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def nothing_saved() -> None:
    assert Meeting.objects.count() == 0
    assert AgendaItem.objects.count() == 0
    assert Document.objects.count() == 0


def test_an_officer_adds_a_meeting_whose_minutes_the_worker_reads(client, officer, run_tasks):
    sign_in(client, officer)
    assert client.get(ADD).status_code == 200
    minutes = pdf("Le conseil examine la réfection du lavoir communal.", "Adopté à l'unanimité.")
    response = client.post(ADD, form(pdf_upload(minutes, "PV conseil 12 mars (final).pdf")))
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert list(meeting.agenda_items.values_list("position", "title")) == [(1, "Budget primitif")]
    document = Document.objects.get()
    # Saved pending, without text: the request does not read the PDF.
    assert (document.extraction, document.text, document.size) == (
        Extraction.PENDING,
        "",
        len(minutes),
    )
    # Its name tells nothing of what the officer's file was called.
    assert document.file.name.startswith("council/")
    assert "PV" not in document.file.name and document.file.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action="council.document_saved", actor=officer).count() == 1
    deliberation = make_deliberation(meeting, "2026-012", subject="Patrimoine", document=document)

    run_tasks()

    document.refresh_from_db()
    assert document.extraction == Extraction.DONE
    assert document.pages == 1
    assert "lavoir communal" in document.text
    # "lavoir" is only inside the PDF: it finds the document and the deliberation.
    assert found("lavoir", "council_documents") == ["Procès-verbal de la séance"]
    assert found("lavoir", "council_deliberations") == ["Délibération 2026-012\u00a0: Patrimoine"]
    deliberation.refresh_from_db()


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_saved(client, officer):
    sign_in(client, officer)
    fake = SimpleUploadedFile("pv.pdf", b"Compte rendu du conseil\n" * 50, "application/pdf")
    response = client.post(ADD, form(fake))
    assert response.status_code == 400
    assert fr("This file is not a PDF.") in response.content.decode()
    nothing_saved()


def test_a_pdf_that_only_looks_like_one_is_refused(client, officer):
    sign_in(client, officer)
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer <<>>\n%%EOF\n"
    response = client.post(ADD, form(pdf_upload(broken)))
    assert response.status_code == 400
    assert fr("This file is not a PDF.") in response.content.decode()
    nothing_saved()


def test_a_pdf_protected_by_a_password_is_refused(client, officer):
    sign_in(client, officer)
    response = client.post(ADD, form(pdf_upload(encrypted_pdf())))
    assert response.status_code == 400
    assert (
        fr("This PDF is protected by a password: upload it without protection.")
        in response.content.decode()
    )
    nothing_saved()


def test_a_pdf_over_the_limit_is_refused(client, officer, settings):
    settings.COUNCIL_MAX_PDF = 2000
    sign_in(client, officer)
    big = pdf(*["Délibération longue et détaillée du conseil municipal. " * 10] * 20)
    assert len(big) > 2000
    response = client.post(ADD, form(pdf_upload(big)))
    assert response.status_code == 400
    content = response.content.decode()
    too_large = fr("This file is too large (%(size)s); the limit is %(limit)s.")
    assert too_large.split("(")[0] in content
    nothing_saved()


def test_a_request_of_200_megabytes_is_refused_before_it_is_read(client, officer):
    sign_in(client, officer)
    response = client.post(
        ADD, form(pdf_upload(pdf("Petit."))), CONTENT_LENGTH=str(200 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert fr("Send a smaller file, or fewer files at once.") in response.content.decode()
    nothing_saved()


def test_a_pdf_the_worker_cannot_read_is_marked_failed_with_its_reason(client, officer):
    meeting = make_meeting()
    document = make_document(meeting, data=b"%PDF-1.4\nnot really\n%%EOF\n")
    assert document_extract(document_id=document.pk) == Extraction.FAILED
    document.refresh_from_db()
    assert document.extraction == Extraction.FAILED
    assert document.extraction_error != ""
    assert document.text == ""
    sign_in(client, officer)
    page = client.get(f"/backoffice/council/document/{document.pk}/change/").content.decode()
    assert fr("Text could not be read") in page
    assert document.extraction_error.split(":")[0] in page


def test_the_action_reads_a_document_again(client, officer, run_tasks):
    meeting = make_meeting()
    document = make_document(meeting, data=pdf("Le marché couvert rouvre."))
    Document.objects.filter(pk=document.pk).update(extraction=Extraction.FAILED)
    sign_in(client, officer)
    response = client.post(
        "/backoffice/council/document/",
        {"action": "extract_again", "_selected_action": [document.pk]},
    )
    assert response.status_code == 302
    assert Document.objects.get().extraction == Extraction.PENDING
    run_tasks()
    document.refresh_from_db()
    assert (document.extraction, "marché couvert" in document.text) == (Extraction.DONE, True)


def test_a_deliberation_with_more_votes_than_members_is_refused(client, staff_member):
    administrator = staff_member(Role.ADMINISTRATOR)
    meeting = make_meeting()
    sign_in(client, administrator)
    response = client.post(
        "/backoffice/council/deliberation/add/",
        {
            "meeting": meeting.pk,
            "number": "2026-001",
            "date": "12/03/2026",
            "subject": "Budget",
            "theme": "7.1",
            "outcome": "adopted",
            "members_in_office": "20",
            "votes_for": "19",
            "votes_against": "2",
            "abstentions": "0",
            "document": "",
            "is_published": "on",
        },
    )
    assert response.status_code == 400
    assert fr("More votes (%(votes)s) than members in office.") % {"votes": 21} in (
        response.content.decode()
    )
    assert Deliberation.objects.count() == 0


def test_an_unpublished_meeting_hides_its_documents_from_the_search(run_tasks):
    meeting = make_meeting(starts_at=datetime.datetime(2026, 3, 12, 18, tzinfo=datetime.UTC))
    document = make_document(meeting, data=pdf("Le kiosque à musique sera restauré."))
    document_extract(document_id=document.pk)
    assert found("kiosque", "council_documents") == ["Procès-verbal"]
    from parvis.council.services import meeting_save

    meeting.is_published = False
    meeting_save(meeting=meeting, actor=None)
    assert found("kiosque", "council_documents") == []

"""The back office of applications: who sees which (human resources all, a hiring manager
their offer's only, other staff none), the files downloaded through it only and logged,
statuses, notes and replies through the services, and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from conftest import make_user
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.core.tests.documents import PDF
from parvis.jobs.models import Application, ApplicationEvent, ApplicationStatus, ReplyTemplate
from parvis.jobs.services import application_withdraw
from parvis.jobs.tests.factories import make_application, make_offer

pytestmark = pytest.mark.django_db

LIST = "/backoffice/jobs/application/"
EMPTY_HISTORY = {
    "events-TOTAL_FORMS": "0",
    "events-INITIAL_FORMS": "0",
    "events-MIN_NUM_FORMS": "0",
    "events-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def gardens():
    return make_offer("jardinier", title="Jardinier", reference="2026-RH-007")


@pytest.fixture
def library():
    return make_offer("bibliothecaire", title="Bibliothécaire", reference="2026-RH-008")


@pytest.fixture
def hr(staff_member):
    return staff_member(Role.HR_OFFICER)


@pytest.fixture
def manager(staff_member, gardens):
    person = staff_member(Role.TECHNICAL_SERVICES_OFFICER)
    gardens.hiring_managers.add(person)
    return person


def change_url(application) -> str:
    return f"{LIST}{application.pk}/change/"


def document_url(application, which="cv") -> str:
    return f"{LIST}{application.pk}/document/{which}/"


def listed(client) -> list[str]:
    response = client.get(LIST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return sorted(cell.get_text() for cell in soup.select("#result_list th.field-reference"))


def test_human_resources_see_every_application_and_download_its_files_logged(client, hr, gardens):
    mine = make_application(gardens)
    spontaneous = make_application(None, first_name="Dominique")
    sign_in(client, hr)

    assert listed(client) == sorted([mine.reference, spontaneous.reference])
    page = client.get(change_url(mine)).content.decode()
    assert document_url(mine) in page
    assert document_url(mine, "letter") not in page  # typed in the form: no file

    response = client.get(document_url(mine))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f'attachment; filename="{mine.reference}-cv.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"].startswith("private, no-store")
    entry = AuditEntry.objects.get(action="jobs.application_document_read")
    assert (entry.actor_id, entry.target_repr, entry.data) == (
        hr.pk,
        mine.reference,
        {"document": "cv"},
    )
    assert client.get(document_url(mine, "letter")).status_code == 404
    assert client.get(document_url(mine, "photo")).status_code == 404


def test_a_hiring_manager_sees_their_offer_s_applications_and_no_other(
    client, manager, gardens, library
):
    theirs = make_application(gardens)
    other = make_application(library, first_name="Alex")
    spontaneous = make_application(None, first_name="Dominique")
    sign_in(client, manager)

    assert listed(client) == [theirs.reference]
    assert client.get(change_url(theirs)).status_code == 200
    assert client.get(document_url(theirs)).status_code == 200
    for hidden in (other, spontaneous):
        # Django's admin sends an unknown object's page back to the list.
        assert client.get(change_url(hidden)).status_code == 302
        assert client.get(document_url(hidden)).status_code == 404
    assert AuditEntry.objects.filter(action="jobs.application_document_read").count() == 1
    # Offers and templates stay human resources'.
    assert client.get("/backoffice/jobs/offer/").status_code == 403
    assert client.get("/backoffice/jobs/replytemplate/").status_code == 403


def test_other_staff_and_visitors_reach_no_application_nor_file(client, staff_member, gardens):
    application = make_application(gardens)

    response = client.get(document_url(application))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    sign_in(client, staff_member(Role.COMMUNICATION_OFFICER))
    assert client.get(LIST).status_code == 403
    assert client.get(change_url(application)).status_code == 403
    assert client.get(document_url(application)).status_code == 403
    resident = make_user("habitant@example.org")
    client.logout()
    client.force_login(resident)
    assert client.get(document_url(application)).status_code == 403
    assert not AuditEntry.objects.filter(action="jobs.application_document_read").exists()


def test_a_status_a_note_and_a_reply_each_go_through_their_service(
    client, hr, gardens, mailbox, run_tasks
):
    application = make_application(gardens)
    template = ReplyTemplate.objects.create(
        name="Invitation à un entretien",
        subject="Votre candidature {reference}",
        body="Bonjour {first_name} {last_name},\n\nNous vous invitons à un entretien pour « {offer} ». {unknown}",
        sets_status=ApplicationStatus.INTERVIEW,
    )
    Application.objects.filter(pk=application.pk).update(
        last_contact_at=timezone.now() - timedelta(days=30)
    )
    run_tasks()
    mailbox.clear()
    sign_in(client, hr)

    response = client.post(
        change_url(application),
        {"new_status": "under_review", "note": "Profil solide.", "reply": "", **EMPTY_HISTORY},
    )
    assert response.status_code == 302
    response = client.post(
        change_url(application),
        {"new_status": "", "note": "", "reply": template.pk, **EMPTY_HISTORY},
    )
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW
    assert timezone.now() - application.last_contact_at < timedelta(minutes=1)
    history = list(ApplicationEvent.objects.values_list("kind", "status", "author_id"))
    assert history == [
        ("note", "", hr.pk),
        ("status", "under_review", hr.pk),
        ("reply", "", hr.pk),
        ("status", "interview", hr.pk),
    ]
    run_tasks()
    (reply,) = mailbox.to("camille@example.org")
    assert reply["Subject"] == f"Votre candidature {application.reference}"
    assert mailbox.text(reply).startswith(
        "Bonjour Camille Martin,\r\n\r\nNous vous invitons à un entretien pour « Jardinier ». {unknown}"
    )
    page = client.get(change_url(application)).content.decode()
    assert "Profil solide." in page and "Nous vous invitons" in page


def test_a_withdrawn_application_is_no_longer_moved_along(client, hr, gardens, mailbox, run_tasks):
    application = make_application(gardens)
    template = ReplyTemplate.objects.create(name="Refus", subject="Refus", body="Non.")
    application_withdraw_by_link(application)
    sign_in(client, hr)

    page = BeautifulSoup(client.get(change_url(application)).content.decode(), "html.parser")
    offered = [option["value"] for option in page.select("#id_new_status option")]
    assert offered == ["", "received", "under_review", "interview", "rejected", "hired"]
    response = client.post(
        change_url(application),
        {"new_status": "interview", "note": "", "reply": template.pk, **EMPTY_HISTORY},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Le candidat a retiré cette candidature."
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert list(ApplicationEvent.objects.values_list("kind", "status")) == [("status", "withdrawn")]
    run_tasks()
    assert [m["Subject"] for m in mailbox.to("camille@example.org")] == [
        f"Votre candidature à Villeneuve-du-Parvis\u00a0: {application.reference}"
    ]


def application_withdraw_by_link(application: Application) -> None:
    # The link's secret is e-mailed only: give the row a known one.
    from parvis.core.codes import secret_digest

    Application.objects.filter(pk=application.pk).update(secret_digest=secret_digest("s" * 43))
    assert application_withdraw(secret="s" * 43) is not None


def test_the_export_is_a_csv_of_the_selected_applications_safe_for_spreadsheets(
    client, hr, gardens
):
    first = make_application(gardens, last_name='=HYPERLINK("http://x")')
    second = make_application(None, first_name="Dominique", last_name="Durand")
    sign_in(client, hr)

    response = client.post(
        LIST, {"action": "export_csv", "_selected_action": [first.pk, second.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Référence", "Référence de l’offre", "Offre", "Nom"]
    assert [row[0] for row in rows[1:]] == [first.reference, second.reference]
    assert rows[1][1:4] == ["2026-RH-007", "Jardinier", '\'=HYPERLINK("http://x")']
    assert rows[2][1:5] == ["", "Spontanée", "Durand", "Dominique"]
    assert AuditEntry.objects.get(action="jobs.applications_exported").data == {"count": 2}


def test_hiring_managers_are_chosen_among_staff(client, hr, gardens):
    make_user("habitant@example.org")
    sign_in(client, hr)
    page = BeautifulSoup(
        client.get(f"/backoffice/jobs/offer/{gardens.pk}/change/").content.decode(), "html.parser"
    )
    choices = [option.get_text() for option in page.select("#id_hiring_managers option")]
    assert all("habitant" not in choice for choice in choices)
    assert any(hr.email in choice or str(hr) in choice for choice in choices)

"""Applying for a job: the form (to an offer, or spontaneous), its files kept private, the
acknowledgement and the e-mail to human resources, the applicant's link to withdraw or erase,
the refusals next to their fields, and the purge at the end of the retention period."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import make_user
from parvis.accounts.roles import Role
from parvis.core.models import AuditEntry
from parvis.core.schedule import jobs
from parvis.core.tests.documents import ELF, PDF, PDF_WITH_SCRIPT, docx, odt
from parvis.jobs.models import Application, ApplicationEvent, ApplicationStatus
from parvis.jobs.services import applications_purge
from parvis.jobs.tests.factories import days, make_offer

pytestmark = pytest.mark.django_db

SECRET_LINK = "/en/jobs/applications/"


@pytest.fixture
def offer():
    return make_offer("jardinier", title="Jardinier ou jardinière", reference="2026-RH-007")


@pytest.fixture
def human_resources(db):
    return make_user("rh@villeneuve.example", roles=(Role.HR_OFFICER,))


def private_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return sorted(path for path in root.rglob("*") if path.is_file())


def form_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille@example.org",
        "phone": "06 12 34 56 78",
        "cv": SimpleUploadedFile("mon cv.pdf", PDF, content_type="application/pdf"),
        "letter_text": "Passionnée de jardins, je souhaite rejoindre votre équipe.",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response) -> dict[str, str]:
    """The messages shown next to each field, by field name."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {
        element["id"].removeprefix("id_").removesuffix("_error"): element.get_text(" ", strip=True)
        for element in soup.select("[id$=_error]")
    }


def apply(client, url="/en/jobs/jardinier/apply/", **overrides):
    return client.post(url, form_data(**overrides))


def secret_of(message) -> str:
    from conftest import Mailbox

    text = Mailbox.text(message)
    start = text.index(SECRET_LINK) + len(SECRET_LINK)
    return text[start : text.index("/", start)]


def test_an_offer_s_page_links_to_its_form_which_works_without_javascript(client, offer):
    page = BeautifulSoup(client.get("/en/jobs/jardinier/").content.decode(), "html.parser")
    assert page.select_one('a[href="/en/jobs/jardinier/apply/"]') is not None

    response = client.get("/en/jobs/jardinier/apply/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    form = soup.select_one("form#application")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None
    assert form.select_one("input[type=file][name=cv]")["accept"].startswith(".pdf,.odt,.docx")
    consent = form.select_one("label[for=id_consent]").get_text()
    assert "for 2 years after our last contact" in consent
    assert response["Cache-Control"].startswith("max-age=0")


def test_an_application_is_acknowledged_with_its_reference_and_human_resources_are_told(
    client, offer, human_resources, mailbox, run_tasks, settings
):
    response = apply(client)

    assert response.status_code == 200
    application = Application.objects.get()
    assert application.offer == offer
    assert (application.first_name, application.last_name) == ("Camille", "Martin")
    assert application.status == ApplicationStatus.RECEIVED
    assert application.language == "en"
    assert application.reference.startswith(f"CAND-{timezone.localdate():%Y}-")
    assert application.reference in response.content.decode()
    # Kept under a random name, in the private storage: nothing of "mon cv.pdf".
    (stored,) = private_files(settings)
    assert stored.read_bytes() == PDF
    assert "mon cv" not in stored.name
    assert not application.cover_letter
    assert AuditEntry.objects.filter(action="jobs.application_received").count() == 1

    run_tasks()
    (acknowledgement,) = mailbox.to("camille@example.org")
    text = mailbox.text(acknowledgement)
    assert application.reference in acknowledgement["Subject"]
    assert "Jardinier ou jardinière" in text
    assert "kept 730 days after our last contact" in text
    secret = secret_of(acknowledgement)
    assert len(secret) >= 40
    assert secret not in str(Application.objects.values().get())  # only its digest is kept
    (told,) = mailbox.to("rh@villeneuve.example")
    assert f"/backoffice/jobs/application/{application.pk}/change/" in mailbox.text(told)
    # In the town's language, and without the files (JOBS_EMAIL_ATTACHMENTS is off).
    assert told["Subject"] == f"Nouvelle candidature {application.reference}\u00a0: {offer.title}"
    assert [part for part in told.iter_attachments()] == []


def test_the_town_may_have_the_files_attached_to_the_e_mail_of_human_resources(
    client, offer, human_resources, mailbox, run_tasks, settings
):
    settings.JOBS_EMAIL_ATTACHMENTS = True
    letter = odt()
    apply(client, cover_letter=SimpleUploadedFile("lettre.odt", letter), letter_text="")
    reference = Application.objects.get().reference

    run_tasks()
    (told,) = mailbox.to("rh@villeneuve.example")
    attached = {part.get_filename(): part.get_content() for part in told.iter_attachments()}
    assert attached == {f"{reference}-cv.pdf": PDF, f"{reference}-letter.odt": letter}
    assert mailbox.to("camille@example.org")[0].get_payload()  # the applicant's has none
    assert list(mailbox.to("camille@example.org")[0].iter_attachments()) == []


def test_the_offer_s_hiring_managers_are_told_too_but_not_of_spontaneous_applications(
    client, offer, human_resources, mailbox, run_tasks
):
    manager = make_user("chef.jardins@villeneuve.example", roles=(Role.TECHNICAL_SERVICES_OFFICER,))
    offer.hiring_managers.add(manager)

    apply(client)
    response = apply(client, url="/en/jobs/applications/new/")
    assert response.status_code == 200
    run_tasks()

    assert len(mailbox.to("chef.jardins@villeneuve.example")) == 1
    subjects = sorted(m["Subject"] for m in mailbox.to("rh@villeneuve.example"))
    spontaneous = Application.objects.get(offer=None)
    assert subjects[1] == f"Nouvelle candidature spontanée {spontaneous.reference}"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cv": None}, "cv", "This field is required."),
        (
            {"cv": SimpleUploadedFile("cv.pdf", ELF)},
            "cv",
            "This file is not a document we accept",
        ),
        (
            {"cv": SimpleUploadedFile("cv.pdf", PDF + b"0" * (5 * 1024 * 1024))},
            "cv",
            "This file is too large",
        ),
        ({"letter_text": ""}, "cover_letter", "Attach a cover letter, or type it in the form."),
        ({"consent": None}, "consent", "Your consent is needed"),
        ({"email": "camille@"}, "email", "Enter a valid email address."),
        ({"first_name": ""}, "first_name", "This field is required."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_kept(
    client, offer, overrides, field, message, settings, mailbox, run_tasks
):
    response = apply(client, **overrides)

    assert response.status_code == 400
    assert message in errors_of(response)[field]
    assert Application.objects.count() == 0
    assert private_files(settings) == []
    run_tasks()
    assert mailbox.messages == []


def test_active_content_is_accepted_and_flagged_for_human_resources(
    client, offer, human_resources, mailbox, run_tasks
):
    macro_letter = docx(**{"word/vbaProject.bin": b"\x00"})
    apply(
        client,
        cv=SimpleUploadedFile("cv.pdf", PDF_WITH_SCRIPT),
        cover_letter=SimpleUploadedFile("lettre.docx", macro_letter),
    )

    application = Application.objects.get()
    assert application.file_flags == ["macros", "script"]
    run_tasks()
    (told,) = mailbox.to("rh@villeneuve.example")
    assert "Ouvrez ses fichiers avec prudence" in mailbox.text(told)


def test_a_closed_offer_says_so_and_takes_no_application(client, offer, settings):
    offer.closes_on = days(0)
    offer.published_on = days(-10)
    offer.save()

    assert client.get("/en/jobs/jardinier/apply/").status_code == 410
    response = apply(client)
    assert response.status_code == 410
    assert "it no longer takes applications" in response.content.decode()
    assert Application.objects.count() == 0
    assert private_files(settings) == []
    make_offer("brouillon", is_published=False)
    assert client.get("/en/jobs/brouillon/apply/").status_code == 404
    assert client.get("/en/jobs/inconnue/apply/").status_code == 404


def test_the_form_refuses_a_post_without_its_csrf_token(offer):
    response = apply(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_too_many_applications_from_one_address_answer_429(client, offer):
    for _ in range(10):
        assert apply(client).status_code == 200
    response = apply(client)
    assert response.status_code == 429
    assert Application.objects.count() == 10


def test_the_applicant_withdraws_then_erases_with_the_link_of_the_acknowledgement(
    client, offer, mailbox, run_tasks, settings, django_capture_on_commit_callbacks
):
    apply(client, cover_letter=SimpleUploadedFile("lettre.pdf", PDF))
    application = Application.objects.get()
    run_tasks()
    url = f"{SECRET_LINK}{secret_of(mailbox.to('camille@example.org')[0])}/"
    assert len(private_files(settings)) == 2

    page = client.get(url)
    assert page.status_code == 200
    assert application.reference in page.content.decode()
    assert client.get(f"{SECRET_LINK}{'x' * 43}/").status_code == 404

    response = client.post(url, {"action": "withdraw"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert list(ApplicationEvent.objects.values_list("status", flat=True)) == ["withdrawn"]
    assert 'value="withdraw"' not in client.get(url).content.decode()

    # The files go once the deletion of the row has committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "erase"})
    assert response.status_code == 200
    assert "is erased" in response.content.decode()
    assert Application.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0
    assert private_files(settings) == []
    # What the town keeps: the reference and the date, no name.
    erased = AuditEntry.objects.get(action="jobs.application_erased")
    assert erased.target_repr == application.reference
    kept = str(list(AuditEntry.objects.values("target_repr", "data")))
    assert "Camille" not in kept and "Martin" not in kept and "camille@" not in kept
    assert client.get(url).status_code == 404


def test_the_link_s_page_refuses_a_post_without_its_csrf_token(client, offer, mailbox, run_tasks):
    apply(client)
    run_tasks()
    url = f"{SECRET_LINK}{secret_of(mailbox.to('camille@example.org')[0])}/"

    response = Client(enforce_csrf_checks=True).post(url, {"action": "erase"})
    assert response.status_code == 403
    assert Application.objects.count() == 1


def test_applications_go_when_the_retention_period_ends_with_their_files(
    client, offer, settings, django_capture_on_commit_callbacks
):
    apply(client)
    apply(client, first_name="Dominique")
    old, recent = Application.objects.order_by("id")
    now = timezone.now()
    Application.objects.filter(pk=old.pk).update(last_contact_at=now - timedelta(days=731))
    Application.objects.filter(pk=recent.pk).update(last_contact_at=now - timedelta(days=729))
    assert len(private_files(settings)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert applications_purge(now=now) == 1

    assert list(Application.objects.all()) == [recent]
    assert len(private_files(settings)) == 1
    entry = AuditEntry.objects.get(action="jobs.applications_purged")
    assert entry.data == {"count": 1, "references": [old.reference], "retention_days": 730}
    assert applications_purge(now=now) == 0
    assert "parvis.jobs.tasks.purge_applications" in {job.name for job in jobs()}

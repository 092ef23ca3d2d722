"""The technical-services officer in the back office: they move a report on with a public
message, which its reporter receives, and reach nothing of what administrators and
moderators keep (report categories, directory proposals, Open311 API keys)."""

from __future__ import annotations

import pytest

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.directory.models import ChangeProposal, DirectoryCategory, Entry
from parvis.open311.models import ApiKey
from parvis.reports.models import Category, ReportStatus, StatusChange
from parvis.reports.services import report_confirm, report_submit
from parvis.reports.tests.factories import LAT, LON, make_category, make_town

pytestmark = pytest.mark.django_db

NO_INLINE_ROWS = {
    "changes-TOTAL_FORMS": "0",
    "changes-INITIAL_FORMS": "0",
    "changes-MIN_NUM_FORMS": "0",
    "changes-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def technician(staff_member):
    return staff_member(Role.TECHNICAL_SERVICES_OFFICER)


@pytest.fixture
def odour():
    make_town()
    return make_category("odeur", department_email="environnement@mairie.example")


def test_without_a_second_factor_the_officer_is_sent_to_set_one_up(client, staff_member):
    sign_in(client, staff_member(Role.TECHNICAL_SERVICES_OFFICER, totp=False))

    response = client.get("/backoffice/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fbackoffice%2F"


def test_the_officer_moves_a_report_to_in_progress_and_the_reporter_is_told(
    client, technician, odour, mailbox, run_tasks
):
    report = report_submit(
        category=odour,
        lat=LAT,
        lon=LON,
        description="Odeur d'égout rue des Lilas.",
        extra={"intensity": "3", "smell": "égout"},
        email="passant@example.org",
    )
    report_confirm(token=report.confirmation_token)
    run_tasks()
    mailbox.clear()
    sign_in(client, technician)
    url = f"/backoffice/reports/report/{report.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="new_status"' in page.content.decode()

    response = client.post(
        url,
        {
            "new_status": "in_progress",
            "message": "Une équipe passe demain matin.",
            "duplicate_of": "",
            **NO_INLINE_ROWS,
        },
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS
    change = StatusChange.objects.get(report=report)
    assert (change.from_status, change.to_status) == ("open", "in_progress")
    assert (change.message, change.actor_id) == ("Une équipe passe demain matin.", technician.pk)
    run_tasks()
    (message,) = mailbox.to("passant@example.org")
    text = mailbox.text(message)
    assert "Nouveau statut\xa0: en cours." in text
    assert "Une équipe passe demain matin." in text
    assert (
        "Une équipe passe demain matin." in client.get(report.get_absolute_url()).content.decode()
    )


def test_the_officer_reads_a_category_and_cannot_change_it(client, technician, odour):
    sign_in(client, technician)
    url = f"/backoffice/reports/category/{odour.pk}/change/"

    page = client.get(url)
    refused = client.post(
        url,
        {
            "name": "Odeur",
            "slug": "odeur",
            "department_email": "moi@example.org",
            "is_active": "on",
            "extra_fields": "[]",
        },
    )

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert refused.status_code == 403
    assert Category.objects.get(pk=odour.pk).department_email == "environnement@mairie.example"
    assert client.get("/backoffice/reports/category/add/").status_code == 403


def test_the_officer_reaches_no_directory_proposal(client, technician, resident):
    category = DirectoryCategory.objects.create(name="Mairie", slug="mairie", kind="town")
    entry = Entry.objects.create(name="Mairie", slug="mairie", category=category, lat=LAT, lon=LON)
    proposal = ChangeProposal.objects.create(
        entry=entry, proposer=resident, values={"phone": "02 54"}, base={"phone": ""}
    )
    sign_in(client, technician)
    url = f"/backoffice/directory/changeproposal/{proposal.pk}/change/"

    assert client.get("/backoffice/directory/changeproposal/").status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert ChangeProposal.objects.get(pk=proposal.pk).status == proposal.status


def test_the_officer_reaches_no_api_key(client, technician):
    key = ApiKey.objects.create(name="Appli", key_hash="0" * 64, prefix="abcdefgh")
    sign_in(client, technician)

    assert client.get("/backoffice/open311/apikey/").status_code == 403
    assert client.get("/backoffice/open311/apikey/add/").status_code == 403
    assert client.get(f"/backoffice/open311/apikey/{key.pk}/change/").status_code == 403
    assert client.post("/backoffice/open311/apikey/add/", {"name": "Moi"}).status_code == 403
    assert ApiKey.objects.count() == 1

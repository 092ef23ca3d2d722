"""A file of addresses sent from the back office: checked at once, kept privately, imported
by the worker, what the import did shown on its page, the file deleted after."""

from __future__ import annotations

import gzip

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.accounts.tests.helpers import sign_in
from parvis.addresses.models import Address, AddressImport, ImportStatus
from parvis.addresses.tests.conftest import ban_file, ban_line
from parvis.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ADD = "/backoffice/addresses/addressimport/add/"


def upload(content: bytes, name: str = "adresses-59.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def send(client, content: bytes, *, name: str = "adresses-59.csv", **fields):
    data = {"file": upload(content, name), "commune": "", **fields}
    return client.post(ADD, data)


def private_files() -> list[str]:
    storage = storages["private"]
    return storage.listdir("addresses/imports")[1] if storage.exists("addresses/imports") else []


def test_a_file_sent_is_imported_by_the_worker(
    client, administrator, gare_street, run_tasks, django_capture_on_commit_callbacks
):
    sign_in(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, gare_street.encode())

    run = AddressImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/backoffice/addresses/addressimport/{run.pk}/change/"
    assert (run.status, run.file_name, run.requested_by) == (
        "queued",
        "adresses-59.csv",
        administrator,
    )
    assert len(private_files()) == 1
    assert Address.objects.count() == 0

    run_tasks()

    run.refresh_from_db()
    assert (run.status, run.imported, run.created, run.updated, run.bad) == ("done", 5, 5, 0, 0)
    assert run.finished_at is not None
    assert Address.objects.count() == 5
    assert private_files() == []  # read, then deleted
    assert list(
        AuditEntry.objects.filter(target_id=str(run.pk), action__startswith="addresses.")
        .order_by("id")
        .values_list("action", "actor")
    ) == [("addresses.import_requested", administrator.pk), ("addresses.import_done", None)]

    page = client.get(f"/backoffice/addresses/addressimport/{run.pk}/change/")
    assert page.status_code == 200
    assert "imported" in page.content.decode() or "importé" in page.content.decode()
    listing = client.get("/backoffice/addresses/addressimport/").content.decode()
    assert "adresses-59.csv" in listing


def test_a_gzipped_file_of_a_department_is_read_for_one_town(
    client, administrator, run_tasks, django_capture_on_commit_callbacks
):
    content = ban_file(
        ban_line("59999_0100_00001", "1", "", "Rue de la Gare", "3.0001", "50.0001"),
        ban_line("59998_0100_00001", "1", "", "Rue Haute", "3.1", "50.1", code_insee="59998"),
    )
    sign_in(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, gzip.compress(content.encode()), name="adresses-59.csv.gz", commune="59999")
    run_tasks()

    run = AddressImport.objects.get()
    assert (run.status, run.imported, run.skipped) == ("done", 1, 1)
    assert list(Address.objects.values_list("ban_id", flat=True)) == ["59999_0100_00001"]


def test_bad_lines_are_listed_with_their_number(
    client, administrator, run_tasks, django_capture_on_commit_callbacks
):
    content = ban_file(
        ban_line("59999_0100_00001", "1", "", "Rue de la Gare", "3.0001", "50.0001"),
        ban_line("59999_0100_00002", "2", "", "Rue de la Gare", "nan", "50.0002"),
    )
    sign_in(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, content.encode())
    run_tasks()

    run = AddressImport.objects.get()
    assert (run.status, run.imported, run.bad) == ("done", 1, 1)
    assert [line for line, __ in run.errors] == [3]
    page = client.get(f"/en/backoffice/addresses/addressimport/{run.pk}/change/").content.decode()
    assert "line 3:" in page


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"nom;prenom\nDupont;Jean\n", "This is not a Base Adresse Nationale CSV file"),
        (b"", "The submitted file is empty."),
        ("id;nom_voie\n".encode("utf-16"), "The file is not in UTF-8"),
        (gzip.compress(b"id;numero", mtime=0)[:12], "The file cannot be read"),
    ],
    ids=["other columns", "empty", "utf-16", "broken gzip"],
)
def test_a_file_that_is_not_one_is_refused_next_to_the_field_and_nothing_is_kept(
    client, administrator, content, error
):
    sign_in(client, administrator)
    response = client.post("/en" + ADD, {"file": upload(content), "commune": ""})
    assert response.status_code == 400
    assert error in response.context["adminform"].form.errors["file"][0]
    assert AddressImport.objects.count() == 0
    assert private_files() == []


def test_a_postcode_given_for_the_town_is_refused(client, administrator, gare_street):
    sign_in(client, administrator)
    response = client.post("/en" + ADD, {"file": upload(gare_street.encode()), "commune": "5999"})
    assert response.context["adminform"].form.errors["commune"] == [
        "An INSEE code is five characters, such as 59350 or 2A004 (not a postcode)."
    ]
    assert AddressImport.objects.count() == 0


def test_an_encoding_error_further_in_the_file_fails_the_import_and_changes_nothing(
    client, administrator, run_tasks, django_capture_on_commit_callbacks
):
    # Past the first blocks the worker decodes: 200 good lines, then one in Windows-1252.
    good = [
        ban_line(f"59999_0100_{n:05}", str(n), "", "Rue de la Gare", "3.0001", "50.0001")
        for n in range(1, 201)
    ]
    content = ban_file(*good).encode() + "Rue d’Été\n".encode("cp1252")
    sign_in(client, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, content)
    run_tasks()

    run = AddressImport.objects.get()
    assert run.status == ImportStatus.FAILED
    # In the site's language: the worker's.
    assert run.message == (
        "Le fichier n’est pas en UTF-8 (après la ligne 176). Rien n’a été importé."
    )
    assert Address.objects.count() == 0
    assert private_files() == []


def test_only_administrators_send_address_files(client, staff_member, gare_street):
    from parvis.accounts.roles import Role

    sign_in(client, staff_member(Role.COMMUNICATION_OFFICER))
    assert client.get(ADD).status_code == 403
    assert send(client, gare_street.encode()).status_code == 403
    assert AddressImport.objects.count() == 0

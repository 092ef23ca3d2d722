"""The back office of imported calendars, through HTTP as the communication officer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.messages import get_messages

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.agenda.models import CalendarSource, Event
from parvis.core.models import AuditEntry
from parvis.core.tests.webserver import WebServer, web_server

ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:fete@tourisme.example\r
SUMMARY:F\xc3\xaate de la musique\r
DTSTART:20270621T170000Z\r
LOCATION:Place de la Mairie\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:sans-lieu@tourisme.example\r
SUMMARY:Sans lieu\r
DTSTART:20270622T170000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def server(settings) -> Iterator[WebServer]:
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with web_server() as running:
        yield running


@pytest.fixture
def officer_client(client, staff_member):
    sign_in(client, staff_member(Role.COMMUNICATION_OFFICER))
    client.get("/backoffice/")  # shows (and so clears) the message of the sign-in
    return client


def said(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_import_now_imports_and_reports_the_counts(officer_client, server):
    server.route("/agenda.ics", body=ICS)
    source = CalendarSource.objects.create(name="Office de tourisme", url=server.url("/agenda.ics"))

    response = officer_client.post(
        "/backoffice/agenda/calendarsource/",
        {"action": "import_now", "_selected_action": [source.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert said(response) == [
        (
            "warning",
            "Office de tourisme importé\u00a0: nouveaux\u00a0: 1, mis à jour\u00a0: 0, inchangés\u00a0: 0, "
            "retirés\u00a0: 0, ignorés\u00a0: 1.",
        ),
        (
            "warning",
            "«\u00a0Sans lieu\u00a0» a été ignoré\u00a0: Indiquez un lieu, un lieu en ligne, ou les deux.",
        ),
    ]
    assert list(Event.objects.values_list("title", flat=True)) == ["Fête de la musique"]
    entry = AuditEntry.objects.get(action="agenda.calendar_import")
    assert entry.actor is not None
    listing = officer_client.get("/backoffice/agenda/calendarsource/").content.decode()
    assert "1 événement n’a pas pu être importé\u00a0:" in listing


def test_a_refused_address_is_reported_as_an_error(officer_client):
    source = CalendarSource.objects.create(name="Intranet", url="http://10.0.0.8/agenda.ics")

    response = officer_client.post(
        "/backoffice/agenda/calendarsource/",
        {"action": "import_now", "_selected_action": [source.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert said(response) == [
        (
            "error",
            "Intranet n’a pas été importé\u00a0: L’adresse 10.0.0.8 mène à un réseau privé ou "
            "à ce serveur lui-même\u00a0; seules les adresses publiques sur Internet peuvent "
            "être récupérées.",
        )
    ]


def test_an_address_that_is_not_http_is_refused_next_to_the_field(officer_client):
    response = officer_client.post(
        "/backoffice/agenda/calendarsource/add/",
        {"name": "FTP", "url": "ftp://tourisme.example/agenda.ics", "is_active": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.context["adminform"].form.errors == {
        "url": ["Indiquez l’adresse du fichier .ics, commençant par https ou http."]
    }
    assert CalendarSource.objects.count() == 0

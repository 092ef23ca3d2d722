"""The council's public pages: home, meeting (agenda, documents, recording, JSON-LD Event),
deliberations by year, a deliberation (votes, its PDF with its size), the SCDL export checked
against the schema file itself (and the checker shown able to fail on the invalid sample),
the feed, following the council (one e-mail per follower when minutes are published), query
counts at 5 and 60 deliberations, and the page cache."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from pathlib import Path

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.council.models import Deliberation, DocumentKind, Meeting, Outcome
from parvis.council.services import document_save, meeting_save
from parvis.council.tests.factories import make_deliberation, make_document, make_meeting, pdf
from parvis.notifications.services import subscription_create

pytestmark = pytest.mark.django_db

SCHEMA = Path("/work/shared/data/scdl/deliberations.schema.json")
SAMPLES = Path("/work/shared/data/samples")
SIRET = "21360044500019"


@pytest.fixture
def town(settings):
    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "siret": SIRET}


def held(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(18, 30), tzinfo=datetime.UTC)


@pytest.fixture
def council(town):
    spring = make_meeting(
        "Conseil municipal du 12 mars 2025",
        starts_at=held(datetime.date(2025, 3, 12)),
        status="held",
        recording_url="https://video.example/conseil-2025-03-12",
    )
    minutes = make_document(spring, title="Procès-verbal du 12 mars", data=pdf("Séance."))
    budget = make_deliberation(
        spring,
        "2025-001",
        subject="Vote du budget primitif 2025",
        date=datetime.date(2025, 3, 12),
        votes=(23, 4, 2),
        members_in_office=29,
        document=minutes,
    )
    make_deliberation(
        spring,
        "2025-002",
        subject="Adhésion au syndicat des eaux",
        date=datetime.date(2025, 3, 12),
        theme="5.7",
        outcome=Outcome.POSTPONED,
        votes=(0, 0, 0),
    )
    spring.agenda_items.create(position=1, title="Budget primitif", deliberation=budget)
    winter = make_meeting(
        "Conseil municipal du 10 décembre 2026", starts_at=held(datetime.date(2026, 12, 10))
    )
    make_deliberation(
        winter, "2026-045", subject="Tarifs de la cantine", date=datetime.date(2026, 12, 10)
    )
    hidden = make_meeting("Séance en préparation", published=False)
    make_deliberation(hidden, "2026-046", subject="Pas encore publique")
    return spring


def test_the_home_page_lists_next_meetings_and_latest_deliberations(client, council):
    page = client.get("/council/").content.decode()
    assert "Conseil municipal du 10 décembre 2026" in page
    assert "Séance en préparation" not in page
    assert page.index("2026-045") < page.index("2025-001")
    assert "2026-046" not in page
    assert 'href="/council/deliberations.csv"' in page
    assert "/council/deliberations/feed/rss/" in page


def test_the_meeting_page_shows_agenda_documents_recording_and_an_event(client, council):
    document = council.documents.get()
    response = client.get(f"/en/council/meetings/{council.pk}/")
    page = response.content.decode()
    assert "Budget primitif" in page
    assert 'href="/en/council/deliberations/2025-001/"' in page
    assert f'href="{document.file.url}"' in page
    assert "https://video.example/conseil-2025-03-12" in page
    data = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    event = next(item for item in data if item.get("@type") == "Event")
    assert event["name"] == "Conseil municipal du 12 mars 2025"
    assert event["startDate"] == "2025-03-12T19:30:00+01:00"
    assert client.get("/council/meetings/999999/").status_code == 404
    hidden = Meeting.objects.get(is_published=False)
    assert client.get(f"/council/meetings/{hidden.pk}/").status_code == 404


def test_the_archive_goes_by_year(client, council):
    latest = client.get("/council/deliberations/").content.decode()
    assert "2026-045" in latest and "2025-001" not in latest
    page = client.get("/council/deliberations/2025/").content.decode()
    assert "2025-001" in page and "2025-002" in page and "2026-045" not in page
    assert 'href="/council/deliberations/2026/"' in page
    assert 'href="/council/deliberations/2025/" aria-current="page"' in page
    assert client.get("/council/deliberations/1999/").status_code == 404


def test_the_deliberation_page_shows_its_votes_and_its_pdf(client, council):
    page = client.get("/en/council/deliberations/2025-001/").content.decode()
    assert "Vote du budget primitif 2025" in page
    assert re.search(r"For</th><td>23<", page)
    assert re.search(r"Against</th><td>4<", page)
    assert re.search(r"Abstentions</th><td>2<", page)
    assert "Adopted" in page
    assert re.search(r"Read the deliberation \(PDF, [0-9.]+\xa0KB\)", page)
    postponed = client.get("/en/council/deliberations/2025-002/").content.decode()
    assert "Postponed" in postponed and "deliberation-votes" not in postponed
    assert client.get("/council/deliberations/2026-046/").status_code == 404


# --- the SCDL export, checked against the schema file itself ------------------------------


def schema_errors(text: str) -> list[str]:
    """What is wrong with CSV `text` under the SCDL Délibérations schema: the columns (names
    and order), required values, patterns, types (date, integer, uri) and enums."""
    schema = json.loads(SCHEMA.read_text())
    fields = schema["fields"]
    rows = list(csv.reader(io.StringIO(text)))
    errors = []
    if rows[0] != [field["name"] for field in fields]:
        errors.append(f"columns: {rows[0]}")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            errors.append(f"row {number}: {len(row)} cells")
            continue
        for field, value in zip(fields, row, strict=True):
            where = f"row {number}, {field['name']}"
            constraints = field.get("constraints", {})
            if value == "":
                if constraints.get("required"):
                    errors.append(f"{where}: required")
                continue
            if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
                errors.append(f"{where}: pattern")
            if "enum" in constraints and value not in constraints["enum"]:
                errors.append(f"{where}: enum")
            kind = field["type"]
            if kind == "date":
                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    errors.append(f"{where}: date")
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    errors.append(f"{where}: date format")
            if kind == "integer" and not re.fullmatch(r"-?\d+", value):
                errors.append(f"{where}: integer")
            if field.get("format") == "uri" and not re.fullmatch(r"https?://\S+", value):
                errors.append(f"{where}: uri")
    return errors


def test_the_checker_fails_the_invalid_sample_and_passes_the_valid_one():
    invalid = (SAMPLES / "deliberations-invalid.csv").read_text(encoding="utf-8")
    errors = schema_errors(invalid)
    assert "row 2, COLL_SIRET: pattern" in errors
    assert "row 2, DELIB_DATE: date" in errors
    assert "row 2, DELIB_OBJET: required" in errors
    assert "row 2, VOTE_REEL: integer" in errors
    assert schema_errors((SAMPLES / "deliberations-valid.csv").read_text(encoding="utf-8")) == []


def test_the_csv_export_follows_the_scdl_schema(client, council):
    response = client.get("/council/deliberations.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert schema_errors(text) == []
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["DELIB_ID"] for row in rows] == ["2025-001", "2025-002", "2026-045"]
    budget = rows[0]
    assert budget["COLL_SIRET"] == SIRET
    assert budget["DELIB_DATE"] == "2025-03-12"
    assert budget["DELIB_MATIERE_CODE"] == "7.1"
    assert budget["DELIB_MATIERE_NOM"] == "Finances locales/Décisions budgétaires"
    assert (budget["VOTE_EFFECTIF"], budget["VOTE_REEL"]) == ("29", "29")
    assert (budget["VOTE_POUR"], budget["VOTE_CONTRE"], budget["VOTE_ABSTENTION"]) == (
        "23",
        "4",
        "2",
    )
    assert budget["DELIB_URL"].startswith("http") and budget["DELIB_URL"].endswith(".pdf")
    postponed = rows[1]
    assert postponed["DELIB_MATIERE_NOM"] == "Institutions et vie politique/Intercommunalité"
    assert postponed["VOTE_REEL"] == postponed["VOTE_POUR"] == ""
    assert postponed["DELIB_URL"].endswith("/council/deliberations/2025-002/")


def test_the_feed_lists_published_deliberations(client, council):
    feed = feedparser.parse(client.get("/council/deliberations/feed/rss/").content)
    titles = {entry.title for entry in feed.entries}
    assert titles == {
        "Délibération 2025-001\u00a0: Vote du budget primitif 2025",
        "Délibération 2025-002\u00a0: Adhésion au syndicat des eaux",
        "Délibération 2026-045\u00a0: Tarifs de la cantine",
    }
    assert client.get("/council/deliberations/feed/atom/").status_code == 200


# --- following ------------------------------------------------------------------------------


def test_followers_are_told_once_when_minutes_are_published(
    client, town, resident, other_resident, run_tasks, mailbox
):
    subscription_create(user=resident, target="council")
    meeting = make_meeting("Conseil municipal du 2 avril", published=False)
    minutes = make_document(meeting, kind=DocumentKind.MINUTES, title="Procès-verbal du 2 avril")
    document_save(document=minutes, actor=None, file_changed=False)
    run_tasks()
    assert mailbox.messages == []  # the meeting is not public yet

    meeting.is_published = True
    meeting_save(meeting=meeting, actor=None)
    run_tasks()
    received = mailbox.to(resident.email)
    assert len(received) == 1
    assert not mailbox.to(other_resident.email)
    body = mailbox.text(received[0])
    assert "Conseil municipal du 2 avril" in body
    assert f"/council/meetings/{meeting.pk}/" in body

    mailbox.clear()
    meeting_save(meeting=meeting, actor=None)
    document_save(document=minutes, actor=None, file_changed=False)
    run_tasks()
    assert mailbox.messages == []


def test_the_follow_button_is_on_the_home_page(client, resident):
    client.force_login(resident)
    page = client.get("/council/").content.decode()
    assert 'name="target" value="topic:council"' in page


# --- query counts and the page cache --------------------------------------------------------


def add_deliberations(meeting: Meeting, count: int) -> None:
    start = Deliberation.objects.count()
    Deliberation.objects.bulk_create(
        Deliberation(
            meeting=meeting,
            number=f"2025-{i:03d}",
            date=datetime.date(2025, 3, 12),
            subject=f"Sujet {i}",
            theme="7.1",
            outcome=Outcome.ADOPTED,
            votes_for=20,
        )
        for i in range(start + 100, start + 100 + count)
    )
    for i in range(count):
        meeting.agenda_items.create(position=start + i, title=f"Point {start + i}")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_do_not_grow_with_the_number_of_deliberations(client, council):
    urls = [
        "/council/",
        f"/council/meetings/{council.pk}/",
        "/council/deliberations/2025/",
        "/council/deliberations/2025-001/",
        "/council/deliberations.csv",
        "/council/deliberations/feed/rss/",
    ]
    add_deliberations(council, 3)  # five in 2025
    for url in urls:
        queries_for(client, url)  # warm up
    small = [queries_for(client, url) for url in urls]
    add_deliberations(council, 55)  # sixty
    assert Deliberation.objects.filter(date__year=2025).count() == 60
    large = [queries_for(client, url) for url in urls]
    assert small == large


def test_a_change_makes_the_pages_fresh_in_the_page_cache(client, council, page_cache):
    winter = Meeting.objects.get(title__contains="décembre")
    pages = ["/council/", f"/council/meetings/{council.pk}/", f"/council/meetings/{winter.pk}/"]
    for path in pages:
        assert client.get(path)["X-Parvis-Cache"] == "miss"
        assert client.get(path)["X-Parvis-Cache"] == "hit"
    council.agenda_items.create(position=2, title="Questions diverses")
    fresh = client.get(f"/council/meetings/{council.pk}/")
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "Questions diverses" in fresh.content.decode()
    assert client.get(f"/council/meetings/{winter.pk}/")["X-Parvis-Cache"] == "hit"
    make_deliberation(winter, "2026-050", subject="Jumelage", date=datetime.date(2026, 12, 10))
    assert "2026-050" in client.get("/council/").content.decode()

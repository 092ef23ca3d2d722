"""Registration to events: places and the waiting list (promoted in order, skipping none),
the refusals next to their fields with nothing saved, the e-mails received by the test SMTP
server, the link to cancel without an account, reminders once, the retention purge, the
back office's cancel and export, the places left on the cached event page, and parallel
sign-ups against PostgreSQL that never exceed the places."""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from conftest import Mailbox
from parvis.accounts.tests.helpers import sign_in
from parvis.agenda import registrations
from parvis.agenda.models import Event, EventStatus, Registration
from parvis.agenda.services import event_check
from parvis.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
#: Saturday 15 June 2030, 18:30 in Paris: far enough ahead for every test but the reminders.
STARTS = datetime.datetime(2030, 6, 15, 18, 30, tzinfo=PARIS)
LINK = "/en/agenda/registration/"


def make_event(slug: str = "atelier-compost", *, capacity: int | None = 3, **fields) -> Event:
    values = {
        "title": "Atelier compost",
        "starts_at": STARTS,
        "ends_at": STARTS + datetime.timedelta(hours=2),
        "place_name": "Jardin partagé",
        "address": "2 rue des Lilas",
        "online_url": "https://stream.example.org/compost",
        "is_published": True,
        "registration_required": True,
        "capacity": capacity,
    }
    values.update(fields)
    return Event.objects.create(slug=slug, **values)


def register(client: Client, name: str, email: str, places="1", slug="atelier-compost"):
    return client.post(
        f"/en/agenda/event/{slug}/register/", {"name": name, "email": email, "places": places}
    )


def statuses(event: Event) -> list[tuple[str, str]]:
    return list(
        Registration.objects.filter(event=event)
        .order_by("created_at", "id")
        .values_list("name", "status")
    )


def errors_of(response) -> dict[str, str]:
    """The messages shown next to each field, by field name; "form" for the others."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    found = {
        element["id"].removeprefix("id_").removesuffix("_error"): element.get_text(
            " ", strip=True
        ).removeprefix("Error: ")
        for element in soup.select("[id$=_error]")
    }
    summary = soup.select_one(".form-errors")
    if summary is not None:
        found["form"] = summary.get_text(" ", strip=True)
    return found


def link_of(message, prefix: str = LINK) -> str:
    text = Mailbox.text(message)
    start = text.index(prefix)
    return text[start : text.index("/", start + len(prefix)) + 1]


# --- places and the waiting list -----------------------------------------------------------------


def test_five_people_for_three_places_then_one_cancels_and_the_first_waiting_is_promoted(
    client, mailbox, run_tasks
):
    event = make_event(capacity=3)
    for number, name in enumerate(["Alice", "Bruno", "Chloé", "Driss", "Emma"]):
        response = register(client, name, f"{name.lower().replace('é', 'e')}@example.org")
        assert response.status_code == 200
        title = BeautifulSoup(response.content.decode(), "html.parser").h1.get_text()
        assert title == (
            "Your registration is confirmed" if number < 3 else "You are on the waiting list"
        )

    assert statuses(event) == [
        ("Alice", "confirmed"),
        ("Bruno", "confirmed"),
        ("Chloé", "confirmed"),
        ("Driss", "waiting"),
        ("Emma", "waiting"),
    ]
    run_tasks()
    assert mailbox.to("alice@example.org")[0]["Subject"] == (
        "Your registration is confirmed: Atelier compost"
    )
    assert mailbox.to("driss@example.org")[0]["Subject"] == (
        "You are on the waiting list: Atelier compost"
    )
    bruno_link = link_of(mailbox.to("bruno@example.org")[0])
    mailbox.clear()

    # Bruno cancels with his link, without an account.
    response = Client().post(bruno_link)
    assert response.status_code == 302

    assert statuses(event) == [
        ("Alice", "confirmed"),
        ("Bruno", "cancelled"),
        ("Chloé", "confirmed"),
        ("Driss", "confirmed"),
        ("Emma", "waiting"),
    ]
    run_tasks()
    assert [m["Subject"] for m in mailbox.messages] == [
        "A place freed up, your registration is confirmed: Atelier compost"
    ]
    assert mailbox.messages[0]["X-Envelope-To"] == "driss@example.org"


def test_a_group_first_in_line_waits_for_its_places_and_nobody_passes_it(mailbox, run_tasks):
    event = make_event(capacity=5)
    first, _s = registrations.registration_create(event=event, name="A", email="a@example.org")
    second, second_secret = registrations.registration_create(
        event=event, name="B", email="b@example.org", places=2
    )
    registrations.registration_create(event=event, name="C", email="c@example.org")
    group, _s = registrations.registration_create(
        event=event, name="Groupe", email="groupe@example.org", places=3
    )
    # One place of five is free, but the group waits for three: a newcomer waits behind it.
    late, _s = registrations.registration_create(event=event, name="D", email="d@example.org")
    assert [r.status for r in (first, second, group, late)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]

    registrations.registration_cancel(token=second_secret)  # 3 places free now: the group's

    assert statuses(event) == [
        ("A", "confirmed"),
        ("B", "cancelled"),
        ("C", "confirmed"),
        ("Groupe", "confirmed"),
        ("D", "waiting"),
    ]


def test_the_group_waits_while_only_two_places_are_free(mailbox, run_tasks):
    event = make_event(capacity=3)
    _r, secret_a = registrations.registration_create(event=event, name="A", email="a@x.org")
    _r, secret_b = registrations.registration_create(event=event, name="B", email="b@x.org")
    registrations.registration_create(event=event, name="C", email="c@x.org")
    registrations.registration_create(event=event, name="Groupe", email="g@x.org", places=3)
    registrations.registration_create(event=event, name="D", email="d@x.org")

    registrations.registration_cancel(token=secret_a)
    registrations.registration_cancel(token=secret_b)

    # Two places free: the group of three waits, and D behind it too (first come, first served).
    assert registrations.places_left(event) == 2
    assert [status for _name, status in statuses(event)] == [
        "cancelled",
        "cancelled",
        "confirmed",
        "waiting",
        "waiting",
    ]


def test_an_event_without_a_limit_confirms_everyone(client):
    event = make_event(capacity=None)
    for n in range(4):
        register(client, f"P{n}", f"p{n}@example.org", places="10")
    assert [status for _name, status in statuses(event)] == ["confirmed"] * 4
    assert registrations.places_left(event) is None


# --- refusals ----------------------------------------------------------------------------------


def _never_sent(mailbox, run_tasks) -> None:
    run_tasks()
    assert mailbox.messages == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)},
         "Registration to this event is closed."),
        ({"starts_at": timezone.now() - datetime.timedelta(hours=1)},
         "This event has started: registration is closed."),
        ({"status": EventStatus.CANCELLED}, "This event is cancelled: it takes no registration."),
    ],
)  # fmt: skip
def test_closed_started_or_cancelled_events_refuse_with_a_message_and_keep_nothing(
    client, fields, message, mailbox, run_tasks
):
    make_event(**fields)

    response = register(client, "Alice", "alice@example.org")

    assert response.status_code == 400
    assert message in errors_of(response)["form"]
    assert Registration.objects.count() == 0
    page = client.get("/en/agenda/event/atelier-compost/register/")
    assert page.status_code == 410
    assert message in page.content.decode()
    _never_sent(mailbox, run_tasks)


def test_an_unpublished_event_or_one_without_registration_has_no_form():
    make_event("brouillon", is_published=False)
    make_event("libre", registration_required=False, capacity=None)
    client = Client()

    assert register(client, "A", "a@example.org", slug="brouillon").status_code == 404
    assert register(client, "A", "a@example.org", slug="libre").status_code == 404
    assert client.get("/en/agenda/event/brouillon/register/").status_code == 404
    assert Registration.objects.count() == 0
    # The service itself checks it too, under the lock.
    with pytest.raises(ValidationError) as refused:
        registrations.registration_create(
            event=Event.objects.get(slug="brouillon"), name="A", email="a@example.org"
        )
    assert refused.value.message_dict == {"__all__": ["This event takes no registration."]}


def test_the_same_address_cannot_register_twice_but_may_again_after_cancelling(
    client, mailbox, run_tasks
):
    event = make_event()
    register(client, "Alice", "alice@example.org")

    response = register(client, "Alice bis", "  ALICE@example.org ")

    assert response.status_code == 400
    assert "This address is registered already." in errors_of(response)["email"]
    assert statuses(event) == [("Alice", "confirmed")]
    run_tasks()
    link = link_of(mailbox.to("alice@example.org")[0])
    Client().post(link)
    assert register(client, "Alice", "alice@example.org").status_code == 200
    assert statuses(event) == [("Alice", "cancelled"), ("Alice", "confirmed")]


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ("0", "Ask for 1 to 10 places."),
        ("-2", "Ask for 1 to 10 places."),
        ("11", "Ask for 1 to 10 places."),
        ("deux", "Give the number of places as a whole number, such as 2."),
        ("", "Give the number of places."),
        ("4", "This event has 3 places in all: ask for 3 at most."),
    ],
)
def test_places_out_of_range_are_refused_next_to_the_field(
    client, places, message, mailbox, run_tasks
):
    make_event(capacity=3)

    response = register(client, "Alice", "alice@example.org", places=places)

    assert response.status_code == 400
    assert errors_of(response)["places"] == message
    assert Registration.objects.count() == 0
    _never_sent(mailbox, run_tasks)


def test_a_missing_name_and_a_wrong_address_are_refused_next_to_their_fields(client):
    make_event()

    response = register(client, "  ", "alice@")

    assert response.status_code == 400
    errors = errors_of(response)
    assert errors["name"] == "Give your name."
    assert errors["email"] == "Give a valid e-mail address, such as camille@example.org."
    assert Registration.objects.count() == 0


def test_a_negative_or_zero_capacity_is_refused_with_a_message():
    event = Event(
        title="Atelier",
        slug="atelier",
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=1),
        place_name="Salle",
        registration_required=True,
        capacity=-3,
    )
    with pytest.raises(ValidationError) as refused:
        event_check(event)
    assert refused.value.message_dict == {
        "capacity": ["Indiquez au moins une place, ou laissez vide pour ne pas fixer de limite."]
    }
    assert Event.objects.count() == 0


# --- the link to cancel --------------------------------------------------------------------------


def test_the_link_shows_the_registration_and_cancels_it_without_an_account_twice_harmlessly(
    client, mailbox, run_tasks
):
    event = make_event()
    register(client, "Alice", "alice@example.org", places="2")
    run_tasks()
    link = link_of(mailbox.to("alice@example.org")[0])
    visitor = Client()

    page = visitor.get(link)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    assert soup.h1.get_text() == "Your registration: Atelier compost"
    assert [dd.get_text() for dd in soup.select("dl:not(.registration__when) dd")] == [
        "Alice",
        "2",
        "Confirmed",
    ]
    assert soup.select_one("form#cancel input[name=csrfmiddlewaretoken]") is not None

    assert visitor.post(link).status_code == 302
    assert visitor.post(link).status_code == 302
    assert statuses(event) == [("Alice", "cancelled")]
    assert AuditEntry.objects.filter(action="agenda.registration_cancelled").count() == 1
    after = BeautifulSoup(visitor.get(link).content.decode(), "html.parser")
    assert after.select_one("form#cancel") is None
    assert [dd.get_text() for dd in after.select("dl:not(.registration__when) dd")] == [
        "Alice",
        "2",
        "Cancelled",
    ]


def test_a_wrong_link_is_not_found(client):
    make_event()
    assert client.get(f"{LINK}not-a-secret/").status_code == 404
    assert client.post(f"{LINK}not-a-secret/").status_code == 404


# --- e-mails -------------------------------------------------------------------------------------


def test_the_confirmation_says_when_where_and_how_to_cancel_in_the_registrant_s_language(
    client, mailbox, run_tasks, settings
):
    settings.SITE_URL = "https://ville.example"
    event = make_event()
    register(client, "Alice", "alice@example.org", places="2")
    client.post(
        "/agenda/event/atelier-compost/register/",
        {"name": "Bernard", "email": "bernard@example.org", "places": "1"},
    )
    run_tasks()

    (english,) = mailbox.to("alice@example.org")
    text = Mailbox.text(english).replace("\r\n", "\n")
    assert "Your registration to “Atelier compost” is confirmed." in text
    assert "When: Saturday 15 June 2030, 6:30 p.m." in text
    assert "Where: Jardin partagé\n2 rue des Lilas" in text
    assert "Online: https://stream.example.org/compost" in text
    assert "For 2 people, in the name of Alice." in text
    secret = link_of(english).removeprefix(LINK).strip("/")
    assert f"https://ville.example{LINK}{secret}/" in text
    assert len(secret) >= 40
    assert secret not in str(list(Registration.objects.values()))  # only its digest is kept
    (french,) = mailbox.to("bernard@example.org")
    assert "samedi 15 juin 2030" in Mailbox.text(french)
    assert "https://ville.example/agenda/registration/" in Mailbox.text(french)
    assert Registration.objects.get(email="bernard@example.org").language == "fr"
    assert event.registrations.count() == 2


def test_nothing_is_sent_when_the_registration_rolls_back(mailbox, run_tasks):
    from django.db import transaction

    event = make_event()
    with pytest.raises(RuntimeError), transaction.atomic():
        registrations.registration_create(event=event, name="A", email="a@example.org")
        raise RuntimeError("the caller's transaction fails")
    assert Registration.objects.count() == 0
    _never_sent(mailbox, run_tasks)


# --- reminders and the purge --------------------------------------------------------------------


def test_confirmed_registrants_are_reminded_once_the_day_before(mailbox, run_tasks):
    now = timezone.now()
    soon = make_event(
        "demain",
        starts_at=now + datetime.timedelta(hours=20),
        ends_at=now + datetime.timedelta(hours=22),
        capacity=1,
    )
    later = make_event(
        "apres-demain", starts_at=now + datetime.timedelta(hours=30),
        ends_at=now + datetime.timedelta(hours=32),
    )  # fmt: skip
    registrations.registration_create(event=soon, name="Alice", email="alice@example.org")
    registrations.registration_create(event=soon, name="Bruno", email="bruno@example.org")
    registrations.registration_create(event=later, name="Chloé", email="chloe@example.org")
    run_tasks()
    mailbox.clear()

    assert registrations.registrations_remind(now=now) == 1
    assert registrations.registrations_remind(now=now) == 0
    assert registrations.registrations_remind(now=now + datetime.timedelta(hours=1)) == 0

    run_tasks()
    assert [(m["X-Envelope-To"], m["Subject"]) for m in mailbox.messages] == [
        ("alice@example.org", "Rappel\u00a0: Atelier compost commence bientôt")
    ]  # Bruno waits, Chloé's event is further than a day
    assert Registration.objects.get(email="alice@example.org").reminded_at == now


def test_registrations_are_deleted_ninety_days_after_their_event():
    now = timezone.now()
    old = make_event(
        "ancien",
        starts_at=now - datetime.timedelta(days=91, hours=2),
        ends_at=now - datetime.timedelta(days=91),
    )
    recent = make_event(
        "recent", starts_at=now - datetime.timedelta(days=89, hours=2),
        ends_at=now - datetime.timedelta(days=89),
    )  # fmt: skip
    for event in (old, recent):
        for n in range(2):
            Registration.objects.create(
                event=event, name=f"P{n}", email=f"p{n}@example.org", token_digest=f"{event.pk}-{n}"
            )

    assert registrations.registrations_purge(now=now) == 2

    assert list(Registration.objects.values_list("event__slug", flat=True)) == ["recent"] * 2
    entry = AuditEntry.objects.get(action="agenda.registrations_purged")
    assert entry.data == {"event": old.pk, "count": 2, "retention_days": 90}
    assert registrations.registrations_purge(now=now) == 0


def test_the_reminders_and_the_purge_are_periodic_jobs():
    from parvis.core.schedule import jobs

    declared = {job.name: job.interval for job in jobs()}
    assert declared["parvis.agenda.registration_tasks.remind_registrants"] == (
        datetime.timedelta(minutes=15)
    )
    assert declared["parvis.agenda.registration_tasks.purge_registrations"] == (
        datetime.timedelta(hours=6)
    )


# --- the back office -----------------------------------------------------------------------------


LIST = "/backoffice/agenda/registration/"


def test_an_officer_cancels_in_the_back_office_and_the_waiting_list_moves(
    client, officer, mailbox, run_tasks
):
    event = make_event(capacity=1)
    alice, _s = registrations.registration_create(event=event, name="Alice", email="a@x.org")
    registrations.registration_create(event=event, name="Bruno", email="b@x.org")
    run_tasks()
    mailbox.clear()
    sign_in(client, officer)

    listed = BeautifulSoup(client.get(f"{LIST}?event__id__exact={event.pk}").content, "html.parser")
    assert [a.get_text() for a in listed.select("#result_list tbody th a")] == ["Alice", "Bruno"]
    response = client.post(LIST, {"action": "cancel", "_selected_action": [alice.pk]})
    assert response.status_code == 302
    client.post(LIST, {"action": "cancel", "_selected_action": [alice.pk]})  # twice: no change

    assert statuses(event) == [("Alice", "cancelled"), ("Bruno", "confirmed")]
    run_tasks()
    assert sorted((m["X-Envelope-To"], m["Subject"]) for m in mailbox.messages) == [
        ("a@x.org", "Votre inscription est annulée\u00a0: Atelier compost"),
        (
            "b@x.org",
            "Une place s’est libérée, votre inscription est confirmée\u00a0: Atelier compost",
        ),
    ]
    entry = AuditEntry.objects.get(action="agenda.registration_cancelled")
    assert entry.actor == officer


def test_the_registrants_of_an_event_are_exported_as_csv_safe_for_spreadsheets(client, officer):
    event = make_event(capacity=1)
    registrations.registration_create(event=event, name="=HYPERLINK(1)", email="a@x.org", places=1)
    registrations.registration_create(event=event, name="Bruno", email="b@x.org")
    sign_in(client, officer)

    response = client.post(
        LIST,
        {
            "action": "export_csv",
            "_selected_action": list(event.registrations.values_list("pk", flat=True)),
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[:5] for row in rows[1:]] == [
        ["Atelier compost", "2030-06-15 18:30", "'=HYPERLINK(1)", "a@x.org", "1"],
        ["Atelier compost", "2030-06-15 18:30", "Bruno", "b@x.org", "1"],
    ]
    assert AuditEntry.objects.get(action="agenda.registrations_exported").data == {"count": 2}


def test_nobody_adds_a_registration_in_the_back_office(client, officer):
    sign_in(client, officer)
    assert client.get(f"{LIST}add/").status_code == 403


# --- the event's page, from the anonymous page cache ---------------------------------------------


def test_a_registration_changes_the_places_left_shown_to_anonymous_readers(page_cache):
    event = make_event(capacity=3)
    other = make_event("autre", title="Autre atelier")
    reader = Client()

    def places() -> str:
        response = reader.get("/en/agenda/event/atelier-compost/")
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        return response["X-Parvis-Cache"], soup.select_one(".registration p").get_text()

    assert places() == ("miss", "3 places left.")
    assert places() == ("hit", "3 places left.")
    page = BeautifulSoup(reader.get("/en/agenda/event/atelier-compost/").content, "html.parser")
    assert page.select_one("#registration form") is None  # no form, so no CSRF cookie
    assert page.select_one('#registration a[href="/en/agenda/event/atelier-compost/register/"]')
    assert reader.cookies == {} or "csrftoken" not in reader.cookies

    registrations.registration_create(event=other, name="A", email="a@example.org")
    assert places()[1] == "3 places left."  # another event's registration

    registrations.registration_create(event=event, name="A", email="a@example.org", places=2)
    assert places() == ("miss", "1 place left.")
    _r, secret = registrations.registration_create(event=event, name="B", email="b@example.org")
    assert places()[1] == (
        "Full: you can join the waiting list. If a place frees up, it goes to the people "
        "waiting in the order they registered, and they are told by e-mail."
    )
    registrations.registration_cancel(token=secret)
    assert places() == ("miss", "1 place left.")


def test_a_signed_in_resident_gets_the_form_on_the_event_page_filled_in(client, resident):
    make_event()
    client.force_login(resident)

    page = BeautifulSoup(client.get("/en/agenda/event/atelier-compost/").content, "html.parser")

    form = page.select_one("#registration form")
    assert form["action"] == "/en/agenda/event/atelier-compost/register/"
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None
    assert form.select_one("input[name=email]")["value"] == "camille.resident@example.org"
    assert form.select_one("input[name=name]")["value"] == "Camille"


# --- PostgreSQL: parallel sign-ups ---------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_people_registering_at_once_for_five_places_never_exceed_them():
    from parvis.core.tests.concurrency import run_at_once

    event = make_event(capacity=5)
    people = [f"p{n}@example.org" for n in range(20)]

    def sign_up() -> str:
        email = people.pop()
        registration, _secret = registrations.registration_create(
            event=event, name=email, email=email
        )
        return registration.status

    results = run_at_once(20, sign_up)

    assert sorted(results) == ["confirmed"] * 5 + ["waiting"] * 15
    assert Registration.objects.filter(status="confirmed").count() == 5
    assert registrations.places_taken(event) == 5


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_with_sign_ups_keep_the_places_and_the_order():
    from parvis.core.tests.concurrency import run_at_once

    event = make_event(capacity=5)
    secrets = []
    for n in range(10):  # five confirmed, then five waiting
        _r, secret = registrations.registration_create(
            event=event, name=f"first{n}", email=f"first{n}@example.org"
        )
        secrets.append(secret)
    work = [("cancel", secret) for secret in secrets[:5]] + [
        ("register", f"late{n}@example.org") for n in range(5)
    ]

    def act() -> str:
        kind, value = work.pop()
        if kind == "cancel":
            registrations.registration_cancel(token=value)
        else:
            registrations.registration_create(event=event, name=value, email=value)
        return kind

    results = run_at_once(10, act)

    assert sorted(results) == ["cancel"] * 5 + ["register"] * 5
    by_status = {
        status: sorted(Registration.objects.filter(status=status).values_list("name", flat=True))
        for status in ("confirmed", "waiting", "cancelled")
    }
    # Whatever the order the threads ran in: the five waiting before were promoted, the
    # latecomers wait behind them.
    assert by_status == {
        "confirmed": [f"first{n}" for n in range(5, 10)],
        "waiting": [f"late{n}@example.org" for n in range(5)],
        "cancelled": [f"first{n}" for n in range(5)],
    }
    assert registrations.places_taken(event) == 5


# --- valid HTML ----------------------------------------------------------------------------------


def test_the_registration_pages_are_valid_html_and_skip_no_heading_level(
    client, resident, mailbox, run_tasks, tmp_path
):
    from tests.test_html_validity import describe, heading_skips, validate

    make_event(capacity=1)
    make_event("complet", capacity=1)
    registrations.registration_create(
        event=Event.objects.get(slug="complet"), name="A", email="a@example.org"
    )
    make_event("ferme", registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    pages = {
        "event-box": client.get("/agenda/event/atelier-compost/"),
        "event-box-full": client.get("/agenda/event/complet/"),
        "event-box-closed": client.get("/agenda/event/ferme/"),
        "form": client.get("/agenda/event/atelier-compost/register/"),
        "form-closed": client.get("/agenda/event/ferme/register/"),
        "form-errors": client.post(
            "/agenda/event/atelier-compost/register/", {"name": "", "email": "x", "places": "0"}
        ),
        "confirmed": client.post(
            "/agenda/event/atelier-compost/register/",
            {"name": "Alice", "email": "alice@example.org", "places": "1"},
        ),
        "waiting": client.post(
            "/agenda/event/atelier-compost/register/",
            {"name": "Bruno", "email": "bruno@example.org", "places": "1"},
        ),
    }
    run_tasks()
    pages["link"] = client.get(
        link_of(mailbox.to("alice@example.org")[0], prefix="/agenda/registration/")
    )
    client.force_login(resident)
    pages["event-box-signed-in"] = client.get("/agenda/event/atelier-compost/")
    assert [response.status_code for response in pages.values()] == [
        200, 200, 200, 200, 410, 400, 200, 200, 200, 200,
    ]  # fmt: skip
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_text(response.content.decode(), encoding="utf-8")

    errors = validate(tmp_path)

    assert errors == [], "\n" + describe(errors)
    skips = {name: heading_skips(r.content.decode()) for name, r in pages.items()}
    assert {name: found for name, found in skips.items() if found} == {}

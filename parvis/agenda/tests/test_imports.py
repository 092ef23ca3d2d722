"""Importing external calendars: a real HTTP server on loopback serves the .ics files
(parvis.core.tests.webserver); loopback is let through the fetcher's guard for these tests
only (FETCH_ALLOWED_NETWORKS), except in those that check the guard itself."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, note
from hypothesis import event as hypothesis_event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from parvis.agenda import services
from parvis.agenda.imports import calendar_import, calendar_import_data, calendars_import_due
from parvis.agenda.models import CalendarSource, Category, Event, EventStatus, Occurrence
from parvis.core.models import AuditEntry
from parvis.core.schedule import enqueue_due
from parvis.core.tests.webserver import WebServer, web_server
from parvis.spaces.tests.factories import make_space

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC
#: The moment the imports run in these tests: before every event of the files.
NOW = datetime.datetime(2027, 6, 1, 8, 0, tzinfo=UTC)

MARKET = """BEGIN:VEVENT
UID:market-1@tourisme.example
SUMMARY:Marché de Noël
DESCRIPTION:Artisans et producteurs\\, vin chaud.
DTSTART;TZID=Europe/Paris:20271204T090000
DTEND;TZID=Europe/Paris:20271204T180000
RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=3
LOCATION:Place de la Mairie
GEO:46.81;1.69
URL:https://tourisme.example/marche
CATEGORIES:Marché
END:VEVENT"""

CONCERT = """BEGIN:VEVENT
UID:concert-1@tourisme.example
SUMMARY:Concert de l'harmonie
DTSTART:20271210T190000Z
DURATION:PT2H
LOCATION:Église Saint-Martin
END:VEVENT"""


def ics(*events: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Office de tourisme//FR"]
    for event in events:
        lines += event.splitlines()
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The messages are checked in English, the language they are written in."""
    with translation.override("en"):
        yield


@pytest.fixture
def server(settings) -> Iterator[WebServer]:
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with web_server() as running:
        yield running


@pytest.fixture
def source(db, server) -> CalendarSource:
    return CalendarSource.objects.create(
        name="Office de tourisme",
        url=server.url("/agenda.ics"),
        category=Category.objects.create(name="Tourisme", slug="tourisme"),
        space=make_space("centre-ville"),
        publish=True,
    )


def starts(event: Event) -> list[datetime.datetime]:
    return list(event.occurrences.values_list("starts_at", flat=True))


def test_a_first_import_creates_the_events_with_their_fields_and_occurrences(server, source):
    server.route("/agenda.ics", body=ics(MARKET, CONCERT))

    result = calendar_import(source, now=NOW)

    assert (result.created, result.updated, result.unchanged, result.withdrawn) == (2, 0, 0, 0)
    assert result.skipped == []
    market = Event.objects.get(source=source, source_uid="market-1@tourisme.example")
    assert market.title == "Marché de Noël"
    assert market.slug == "marche-de-noel"
    assert market.description == "Artisans et producteurs, vin chaud."
    assert market.starts_at == datetime.datetime(2027, 12, 4, 9, 0, tzinfo=PARIS)
    assert market.ends_at == datetime.datetime(2027, 12, 4, 18, 0, tzinfo=PARIS)
    assert market.rrule == "FREQ=WEEKLY;COUNT=3;BYDAY=SA"
    assert market.place_name == "Place de la Mairie"
    assert (market.lat, market.lon) == (46.81, 1.69)
    assert market.organiser_url == "https://tourisme.example/marche"
    assert market.category.slug == "tourisme"
    assert market.space.slug == "centre-ville"
    assert market.is_published
    assert starts(market) == [
        datetime.datetime(2027, 12, 4, 8, 0, tzinfo=UTC),
        datetime.datetime(2027, 12, 11, 8, 0, tzinfo=UTC),
        datetime.datetime(2027, 12, 18, 8, 0, tzinfo=UTC),
    ]
    concert = Event.objects.get(source=source, source_uid="concert-1@tourisme.example")
    assert concert.starts_at == datetime.datetime(2027, 12, 10, 20, 0, tzinfo=PARIS)
    assert concert.ends_at == datetime.datetime(2027, 12, 10, 22, 0, tzinfo=PARIS)
    assert starts(concert) == [datetime.datetime(2027, 12, 10, 19, 0, tzinfo=UTC)]
    source.refresh_from_db()
    assert source.last_fetched_at == NOW
    assert source.last_error == ""
    entry = AuditEntry.objects.get(action="agenda.calendar_import")
    assert entry.target_id == str(source.pk)
    assert entry.data == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "skipped": 0,
        "not_modified": False,
        "error": "",
    }


def test_an_edited_file_updates_the_same_events_and_withdraws_those_removed(server, source):
    server.route("/agenda.ics", body=ics(MARKET, CONCERT))
    calendar_import(source, now=NOW)
    market = Event.objects.get(source_uid="market-1@tourisme.example")
    concert = Event.objects.get(source_uid="concert-1@tourisme.example")
    edited = (
        CONCERT.replace("Concert de l'harmonie", "Concert de l'harmonie municipale")
        .replace("20271210T190000Z", "20271211T180000Z")
        .replace("LOCATION:Église Saint-Martin", "LOCATION:Salle des fêtes\nSTATUS:CANCELLED")
    )
    server.route("/agenda.ics", body=ics(edited))

    result = calendar_import(source, now=NOW)

    assert (result.created, result.updated, result.unchanged, result.withdrawn) == (0, 1, 0, 1)
    assert Event.objects.count() == 2
    concert_after = Event.objects.get(pk=concert.pk)
    assert concert_after.title == "Concert de l'harmonie municipale"
    assert concert_after.slug == concert.slug
    assert concert_after.place_name == "Salle des fêtes"
    assert concert_after.status == EventStatus.CANCELLED
    assert concert_after.sequence == concert.sequence + 1
    assert starts(concert_after) == [datetime.datetime(2027, 12, 11, 18, 0, tzinfo=UTC)]
    market_after = Event.objects.get(pk=market.pk)
    assert not market_after.is_published
    assert market_after.title == "Marché de Noël"


def test_the_same_file_again_changes_nothing(server, source):
    server.route("/agenda.ics", body=ics(MARKET, CONCERT))
    calendar_import(source, now=NOW)
    before = list(Event.objects.values_list("pk", "updated_at", "sequence"))
    occurrences = list(Occurrence.objects.values_list("pk", flat=True))

    result = calendar_import(source, now=NOW)

    assert (result.created, result.updated, result.unchanged, result.withdrawn) == (0, 0, 2, 0)
    assert list(Event.objects.values_list("pk", "updated_at", "sequence")) == before
    assert list(Occurrence.objects.values_list("pk", flat=True)) == occurrences


def test_an_event_removed_after_it_ended_stays_published(server, source):
    past = CONCERT.replace("20271210T190000Z", "20270110T190000Z")
    server.route("/agenda.ics", body=ics(MARKET, past))
    calendar_import(source, now=NOW)
    server.route("/agenda.ics", body=ics(MARKET))

    result = calendar_import(source, now=NOW)

    assert result.withdrawn == 0
    assert Event.objects.get(source_uid="concert-1@tourisme.example").is_published


def test_a_malformed_file_is_recorded_and_changes_nothing(server, source):
    server.route("/agenda.ics", body=ics(MARKET, CONCERT), headers={"ETag": '"v1"'})
    calendar_import(source, now=NOW)
    before = list(Event.objects.values_list("pk", "title", "is_published", "updated_at"))
    server.route(
        "/agenda.ics", body=b"<html><body>Maintenance</body></html>", headers={"ETag": '"v2"'}
    )

    result = calendar_import(source, now=NOW)

    message = "The file is not a calendar in the iCalendar format (.ics) and could not be read."
    assert result.error == message
    assert (result.created, result.updated, result.withdrawn) == (0, 0, 0)
    assert list(Event.objects.values_list("pk", "title", "is_published", "updated_at")) == before
    source.refresh_from_db()
    assert source.last_error == message
    assert source.last_etag == '"v1"'


def test_a_bad_event_is_skipped_whole_with_its_reason_and_the_others_saved(server, source):
    backwards = """BEGIN:VEVENT
UID:backwards@tourisme.example
SUMMARY:Fin avant début
DTSTART:20271001T120000Z
DTEND:20271001T100000Z
LOCATION:Stade
END:VEVENT"""
    hourly = """BEGIN:VEVENT
UID:hourly@tourisme.example
SUMMARY:Toutes les heures
DTSTART:20271001T120000Z
DTEND:20271001T130000Z
RRULE:FREQ=HOURLY
LOCATION:Stade
END:VEVENT"""
    nowhere = """BEGIN:VEVENT
UID:nowhere@tourisme.example
SUMMARY:Nulle part
DTSTART:20271001T120000Z
END:VEVENT"""
    no_uid = """BEGIN:VEVENT
SUMMARY:Sans identifiant
DTSTART:20271001T120000Z
LOCATION:Stade
END:VEVENT"""
    twice = CONCERT.replace("Concert de l'harmonie", "Le même")
    server.route("/agenda.ics", body=ics(backwards, CONCERT, hourly, nowhere, no_uid, twice))

    result = calendar_import(source, now=NOW)

    assert result.created == 1
    assert result.skipped == [
        ("Fin avant début", "The end cannot come before the start."),
        (
            "Toutes les heures",
            "An event repeats every day at most: use DAILY, WEEKLY, MONTHLY or YEARLY.",
        ),
        ("Nulle part", "Give a place, an online location, or both."),
        ("Sans identifiant", "The event has no UID, so a later import could not update it."),
        ("Le même", "Another event of the file has the same UID."),
    ]
    assert list(Event.objects.values_list("source_uid", flat=True)) == [
        "concert-1@tourisme.example"
    ]
    assert Occurrence.objects.count() == 1
    source.refresh_from_db()
    assert source.last_error.splitlines() == [
        "5 events could not be imported:",
        "“Fin avant début”: The end cannot come before the start.",
        "“Toutes les heures”: An event repeats every day at most: use DAILY, WEEKLY, MONTHLY "
        "or YEARLY.",
        "“Nulle part”: Give a place, an online location, or both.",
        "“Sans identifiant”: The event has no UID, so a later import could not update it.",
        "“Le même”: Another event of the file has the same UID.",
    ]


def test_a_bad_update_leaves_the_event_as_it_was(server, source):
    server.route("/agenda.ics", body=ics(CONCERT))
    calendar_import(source, now=NOW)
    concert = Event.objects.get()
    broken = CONCERT.replace("DURATION:PT2H", "DURATION:-PT2H").replace(
        "Concert de l'harmonie", "Renommé"
    )
    server.route("/agenda.ics", body=ics(broken))

    result = calendar_import(source, now=NOW)

    assert result.skipped == [("Renommé", "The end cannot come before the start.")]
    after = Event.objects.get()
    assert (after.title, after.ends_at, after.sequence) == (
        "Concert de l'harmonie",
        concert.ends_at,
        concert.sequence,
    )
    assert starts(after) == [datetime.datetime(2027, 12, 10, 19, 0, tzinfo=UTC)]


def test_times_are_read_in_their_zone_and_days_as_whole_days(server, source):
    def event(uid: str, when: str) -> str:
        return f"BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\n{when}\nLOCATION:Ici\nEND:VEVENT"

    server.route(
        "/agenda.ics",
        body=ics(
            event("new-york", "DTSTART;TZID=America/New_York:20270710T100000"),
            event("floating", "DTSTART:20270710T100000\nDTEND:20270710T113000"),
            event("utc", "DTSTART:20270710T100000Z"),
            event("days", "DTSTART;VALUE=DATE:20270714\nDTEND;VALUE=DATE:20270716"),
            event("one-day", "DTSTART;VALUE=DATE:20270801"),
            event(
                "weekly",
                "DTSTART:20270705T100000\nRRULE:FREQ=WEEKLY;COUNT=3\nEXDATE:20270712T100000",
            ),
        ),
    )

    result = calendar_import(source, now=NOW)

    assert result.created == 6
    times = {
        event.source_uid: (event.starts_at, event.ends_at, event.all_day)
        for event in Event.objects.all()
    }
    assert times == {
        "new-york": (
            datetime.datetime(2027, 7, 10, 16, 0, tzinfo=PARIS),
            datetime.datetime(2027, 7, 10, 16, 0, tzinfo=PARIS),
            False,
        ),
        "floating": (
            datetime.datetime(2027, 7, 10, 10, 0, tzinfo=PARIS),
            datetime.datetime(2027, 7, 10, 11, 30, tzinfo=PARIS),
            False,
        ),
        "utc": (
            datetime.datetime(2027, 7, 10, 12, 0, tzinfo=PARIS),
            datetime.datetime(2027, 7, 10, 12, 0, tzinfo=PARIS),
            False,
        ),
        "days": (
            datetime.datetime(2027, 7, 14, 0, 0, tzinfo=PARIS),
            datetime.datetime(2027, 7, 16, 0, 0, tzinfo=PARIS),
            True,
        ),
        "one-day": (
            datetime.datetime(2027, 8, 1, 0, 0, tzinfo=PARIS),
            datetime.datetime(2027, 8, 2, 0, 0, tzinfo=PARIS),
            True,
        ),
        "weekly": (
            datetime.datetime(2027, 7, 5, 10, 0, tzinfo=PARIS),
            datetime.datetime(2027, 7, 5, 10, 0, tzinfo=PARIS),
            False,
        ),
    }
    assert starts(Event.objects.get(source_uid="weekly")) == [
        datetime.datetime(2027, 7, 5, 8, 0, tzinfo=UTC),
        datetime.datetime(2027, 7, 19, 8, 0, tzinfo=UTC),
    ]


def test_slugs_stay_unique(server, source):
    Event.objects.create(
        title="Concert",
        slug="concert",
        starts_at=NOW,
        ends_at=NOW,
        place_name="Salle",
    )
    first = CONCERT.replace("Concert de l'harmonie", "Concert")
    second = first.replace("concert-1@", "concert-2@")
    server.route("/agenda.ics", body=ics(first, second))

    calendar_import(source, now=NOW)

    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        "concert",
        "concert-2",
        "concert-3",
    ]


def test_long_texts_are_cut_to_what_the_agenda_keeps(server, source):
    long = CONCERT.replace("Concert de l'harmonie", "C" * 300).replace(
        "Église Saint-Martin", "É" * 200
    )
    server.route("/agenda.ics", body=ics(long))

    calendar_import(source, now=NOW)

    event = Event.objects.get()
    assert event.title == "C" * 160
    assert event.place_name == "É" * 160


def test_an_unchanged_file_answered_304_is_not_read_again(server, source):
    server.route("/agenda.ics", body=ics(CONCERT), headers={"ETag": '"v1"'})
    calendar_import(source, now=NOW)
    source.refresh_from_db()
    assert source.last_etag == '"v1"'

    result = calendar_import(source, now=NOW + datetime.timedelta(hours=6))

    assert result.not_modified
    assert (result.created, result.updated, result.unchanged, result.withdrawn) == (0, 0, 0, 0)
    assert server.requests[1][1]["If-None-Match"] == '"v1"'
    assert Event.objects.get().is_published
    source.refresh_from_db()
    assert source.last_fetched_at == NOW + datetime.timedelta(hours=6)


def refused(source: CalendarSource, **options) -> str:
    result = calendar_import(source, now=NOW, **options)
    source.refresh_from_db()
    assert source.last_error == result.error
    assert Event.objects.count() == 0
    return result.error


def test_a_file_too_big_is_refused(server, source):
    server.route("/agenda.ics", body=b"X" * (5 * 1024 * 1024 + 1))

    assert refused(source) == "The file is larger than the 5120 kB allowed."


def test_too_many_redirects_are_refused(server, source):
    server.redirect("/agenda.ics", "/1")
    server.redirect("/1", "/2")
    server.redirect("/2", "/3")
    server.redirect("/3", "/4")
    server.route("/4", body=ics(CONCERT))

    assert refused(source) == "The server sent the request on more than 3 times."


def test_a_redirect_to_a_private_address_is_refused(server, source):
    server.redirect("/agenda.ics", "http://192.168.0.10/agenda.ics")

    assert refused(source) == (
        "The address 192.168.0.10 leads to a private network or to this server itself; "
        "only public addresses on the Internet can be fetched."
    )


def test_a_stalling_server_is_given_up(server, source):
    server.route("/agenda.ics", body=ics(CONCERT), drip=0.05)

    assert refused(source, timeout=1) == "The server took too long to answer."


def test_loopback_is_refused_without_the_tests_allowance(server, source, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    server.route("/agenda.ics", body=ics(CONCERT))

    assert refused(source) == (
        "The address 127.0.0.1 leads to a private network or to this server itself; "
        "only public addresses on the Internet can be fetched."
    )
    assert server.requests == []


def test_the_job_imports_the_active_sources_not_fetched_lately(server, source):
    server.route("/agenda.ics", body=ics(CONCERT))
    server.route("/library.ics", body=ics(MARKET))
    server.route("/closed.ics", body=ics(MARKET))
    library = CalendarSource.objects.create(
        name="Médiathèque",
        url=server.url("/library.ics"),
        last_fetched_at=NOW - datetime.timedelta(hours=2),
    )
    CalendarSource.objects.create(name="Fermé", url=server.url("/closed.ics"), is_active=False)

    assert calendars_import_due(now=NOW, hours=6) == 1
    assert [path for path, __ in server.requests] == ["/agenda.ics"]

    later = NOW + datetime.timedelta(hours=5)
    assert calendars_import_due(now=later, hours=6) == 1
    assert [path for path, __ in server.requests] == ["/agenda.ics", "/library.ics"]
    library.refresh_from_db()
    assert library.last_fetched_at == later


def test_the_worker_s_job_imports_a_new_source(server, source, run_tasks, settings):
    settings.AGENDA_IMPORT_HOURS = 6
    server.route("/agenda.ics", body=ics(CONCERT))

    enqueue_due()
    run_tasks()

    assert list(Event.objects.values_list("source_uid", flat=True)) == [
        "concert-1@tourisme.example"
    ]
    source.refresh_from_db()
    assert source.last_fetched_at is not None
    assert source.last_error == ""


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_source_at_once_add_each_event_once(server):
    from parvis.core.tests.concurrency import run_at_once

    server.route("/agenda.ics", body=ics(MARKET, CONCERT))
    source = CalendarSource.objects.create(name="Office", url=server.url("/agenda.ics"))

    def run() -> tuple[int, int]:
        result = calendar_import(CalendarSource.objects.get(pk=source.pk), now=NOW)
        return result.created, result.unchanged

    assert sorted(run_at_once(4, run)) == [(0, 2), (0, 2), (0, 2), (2, 0)]
    assert sorted(Event.objects.values_list("source_uid", flat=True)) == [
        "concert-1@tourisme.example",
        "market-1@tourisme.example",
    ]
    assert Occurrence.objects.count() == 4


# --- fuzzing the reading and saving of a file ---------------------------------------------------

_digits = st.text(alphabet="0123456789", min_size=0, max_size=10)
_junk = st.text(max_size=30)
_date_values = st.one_of(
    st.builds(lambda d: d.strftime("%Y%m%d"), st.dates()),
    st.builds(lambda d: d.strftime("%Y%m%dT%H%M%S"), st.datetimes()),
    st.builds(lambda d: d.strftime("%Y%m%dT%H%M%SZ"), st.datetimes()),
    _digits,
    _junk,
)
_rule_parts = st.sampled_from(
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY",
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "FREQ=HOURLY",
        "FREQ=SECONDLY",
        "FREQ=",
        "INTERVAL=0",
        "INTERVAL=2",
        "COUNT=3",
        "COUNT=-1",
        "UNTIL=20271231",
        "UNTIL=20271231T235959Z",
        "UNTIL=nope",
        "BYDAY=SA",
        "BYDAY=9MO",
        "BYDAY=-1FR",
        "BYMONTHDAY=31",
        "BYMONTHDAY=0",
        "BYMONTH=2",
        "BYMONTH=13",
        "BYSETPOS=1",
        "WKST=SU",
        "BYWEEKNO=3",
        "X=Y",
    ]
)
_property_lines = st.one_of(
    st.builds(
        lambda name, params, value: f"{name}{params}:{value}",
        st.sampled_from(["DTSTART", "DTEND", "EXDATE", "RECURRENCE-ID"]),
        st.sampled_from(["", ";VALUE=DATE", ";TZID=Europe/Paris", ";TZID=Nowhere/Else", ";X"]),
        _date_values,
    ),
    st.builds(lambda parts: "RRULE:" + ";".join(parts), st.lists(_rule_parts, max_size=4)),
    st.builds(lambda uid: f"UID:{uid}", st.sampled_from(["a", "b", "c", ""])),
    st.builds(lambda value: f"SUMMARY:{value}", _junk),
    st.builds(lambda value: f"LOCATION:{value}", _junk),
    st.builds(lambda value: f"DESCRIPTION:{value}", _junk),
    st.builds(
        lambda lat, lon: f"GEO:{lat};{lon}",
        st.floats(allow_nan=True, allow_infinity=True) | _junk,
        st.floats(allow_nan=True, allow_infinity=True) | _junk,
    ),
    st.builds(
        lambda value: f"DURATION:{value}", st.sampled_from(["PT1H", "-P1D", "P", "PT", "X", ""])
    ),
    st.builds(
        lambda value: f"URL:{value}", st.sampled_from(["https://a.example/", "javascript:", "x"])
    ),
    st.builds(lambda value: f"STATUS:{value}", st.sampled_from(["CANCELLED", "TENTATIVE", ""])),
    st.sampled_from(["BEGIN:VEVENT", "END:VEVENT", "BEGIN:VALARM", "END:VALARM", " folded", ""]),
    _junk,
)


@st.composite
def calendar_files(draw: st.DrawFn) -> bytes:
    """Calendars with events made of random lines, often truncated or with binary junk."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for __ in range(draw(st.integers(min_value=0, max_value=4))):
        lines.append("BEGIN:VEVENT")
        if draw(st.integers(0, 3)):  # mostly plausible: an identifier, a title, a start and a place
            uid = draw(st.sampled_from(["a", "b", "c"]))
            lines += [f"UID:{uid}", "SUMMARY:Fête", "DTSTART:20271001T100000Z", "LOCATION:Salle"]
        lines += draw(st.lists(_property_lines, max_size=5))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    data = "\r\n".join(lines).encode()
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    damage = draw(st.sampled_from(["none", "none", "truncated", "junk"]))
    if damage == "truncated":
        data = data[:cut]
    if damage == "junk":
        data = data[:cut] + draw(st.binary(max_size=40)) + data[cut:]
    return data


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=st.lists(calendar_files(), min_size=1, max_size=2))
def test_any_file_imports_without_error_and_saves_only_whole_events(files):
    source, __ = CalendarSource.objects.get_or_create(
        name="Fuzz", url="https://fuzz.example/agenda.ics"
    )

    for data in files:
        note(repr(data))
        result = calendar_import_data(source, data, now=NOW)
        assert isinstance(result.error, str)
        hypothesis_event(
            "events kept" if result.created + result.updated + result.unchanged else "none kept"
        )
        hypothesis_event("file refused" if result.error else "file read")
        hypothesis_event("skipped some" if result.skipped else "skipped none")

    for saved in Event.objects.prefetch_related("occurrences"):
        checked = copy.copy(saved)
        services.event_check(checked)  # raises if what was saved would not pass
        assert saved.ends_at >= saved.starts_at
        occurrences = list(saved.occurrences.all())
        duration = saved.ends_at - saved.starts_at
        if not saved.rrule:
            assert [(o.starts_at, o.ends_at) for o in occurrences] == [
                (saved.starts_at, saved.ends_at)
            ]
        for occurrence in occurrences:
            assert occurrence.starts_at >= saved.starts_at
            assert occurrence.ends_at - occurrence.starts_at == duration


def test_imported_events_are_found_by_the_search_until_withdrawn(server, source):
    from parvis.search.engine import search

    def found(words: str) -> list[str]:
        return [result.title for result in search(words, kinds=["agenda"]).results]

    server.route("/agenda.ics", body=ics(MARKET, CONCERT))
    calendar_import(source, now=NOW)
    assert found("harmonie") == ["Concert de l'harmonie"]

    server.route("/agenda.ics", body=ics(MARKET))
    calendar_import(source, now=NOW)
    assert found("harmonie") == []
    assert found("noël") == ["Marché de Noël"]

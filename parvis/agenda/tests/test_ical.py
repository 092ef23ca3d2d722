"""The agenda's iCalendar feeds and event files, read back by two independent parsers
(icalendar and vobject) and compared with values written by hand."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.agenda import ical, services
from parvis.agenda.models import Category, Event, EventStatus
from parvis.core import generations
from parvis.core.town import current_town
from parvis.spaces.models import Space, SpaceKind

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC
HOST = "127.0.0.1"  # SITE_URL's host in the tests


def paris(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


def make_event(**fields) -> Event:
    values = {
        "title": "Événement",
        "place_name": "Salle des fêtes",
        "is_published": True,
        "starts_at": paris(2027, 2, 1, 18, 0),
        "ends_at": paris(2027, 2, 1, 20, 0),
    }
    values.update(fields)
    values.setdefault("slug", values["title"].lower().replace(" ", "-")[:40])
    event = Event(**values)
    services.event_check(event)
    event.save()
    services.occurrences_rebuild(event)
    return event


@pytest.fixture
def agenda():
    market_category = Category.objects.create(name="Marchés", slug="marches")
    culture = Category.objects.create(name="Culture", slug="culture")
    centre = Space.objects.create(kind=SpaceKind.NEIGHBOURHOOD, slug="centre", name="Centre")
    events = {
        # Every Saturday at 10:00, across the change to summer time (28 March 2027),
        # without the Saturday of 3 April.
        "market": make_event(
            title="Marché bio, fruits; légumes",
            slug="marche-bio",
            summary="Le marché des producteurs.",
            description="Producteurs locaux.\nVenez nombreux ; à bientôt, merci !",
            starts_at=paris(2027, 3, 13, 10, 0),
            ends_at=paris(2027, 3, 13, 12, 0),
            rrule="FREQ=WEEKLY;BYDAY=SA",
            exdates="2027-04-03",
            place_name="Place du Marché",
            address="1 rue de l'Église, 36000 Villeneuve",
            lat=46.81,
            lon=1.69,
            category=market_category,
            space=centre,
        ),
        "festival": make_event(
            title="Fête de la musique",
            slug="fete",
            all_day=True,
            starts_at=paris(2027, 6, 11, 0, 0),
            ends_at=paris(2027, 6, 14, 0, 0),
            category=culture,
        ),
        "online": make_event(
            title="Conseil en direct",
            slug="conseil",
            place_name="",
            online_url="https://video.example.org/live",
            online_label="Live stream",
            starts_at=paris(2027, 2, 10, 18, 30),
            ends_at=paris(2027, 2, 10, 20, 0),
        ),
        "cancelled": make_event(
            title="Concert annulé",
            slug="concert",
            status=EventStatus.CANCELLED,
            starts_at=paris(2027, 5, 20, 20, 0),
            ends_at=paris(2027, 5, 20, 22, 0),
            category=culture,
        ),
        "workshop": make_event(
            title="Atelier",
            slug="atelier",
            starts_at=paris(2027, 6, 2, 14, 0),
            ends_at=paris(2027, 6, 2, 16, 0),
            rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630",
            exdates="2027-06-16T14:00:00",
            space=centre,
        ),
        "draft": make_event(title="Brouillon", slug="brouillon", is_published=False),
        "old": make_event(
            title="Vieille fête",
            slug="vieille",
            starts_at=timezone.now() - datetime.timedelta(days=400),
            ends_at=timezone.now() - datetime.timedelta(days=400, hours=-2),
        ),
    }
    return events


def read(body: bytes) -> tuple[icalendar.Calendar, dict[str, icalendar.Event], object, dict]:
    """The calendar parsed by both libraries, with its VEVENTs by summary in each."""
    calendar = icalendar.Calendar.from_ical(body)
    by_summary = {str(ev["SUMMARY"]): ev for ev in calendar.walk("VEVENT")}
    other = vobject.readOne(body.decode())
    other_by_summary = {ev.summary.value: ev for ev in other.vevent_list}
    assert set(by_summary) == set(other_by_summary)
    return calendar, by_summary, other, other_by_summary


def feed_body(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_whole_feed_holds_the_published_events_of_the_last_year_and_to_come(client, agenda):
    body = feed_body(client.get("/agenda/agenda.ics"))
    calendar, events, other, _other_events = read(body)
    assert set(events) == {
        "Marché bio, fruits; légumes",
        "Fête de la musique",
        "Conseil en direct",
        "Concert annulé",
        "Atelier",
    }
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Parvis//Agenda//EN"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    name = f"Agenda de {current_town().name}"
    assert calendar["X-WR-CALNAME"] == name
    assert calendar["NAME"] == name
    assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in body
    # One VTIMEZONE, read by both.
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert other.vtimezone.tzid.value == "Europe/Paris"
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")


def test_a_recurring_event_is_one_vevent_with_its_rule_and_left_out_day(client, agenda):
    body = feed_body(client.get("/agenda/agenda.ics"))
    _calendar, events, _other, other_events = read(body)
    market = events["Marché bio, fruits; légumes"]
    assert body.count("SUMMARY:Marché bio".encode()) == 1
    assert body.count(b"BEGIN:VEVENT") == 5
    assert market["UID"] == f"{agenda['market'].uid}@{HOST}"
    assert b"DTSTART;TZID=Europe/Paris:20270313T100000\r\n" in body
    assert b"DTEND;TZID=Europe/Paris:20270313T120000\r\n" in body
    assert b"RRULE:FREQ=WEEKLY;BYDAY=SA\r\n" in body
    assert b"EXDATE;TZID=Europe/Paris:20270403T100000\r\n" in body
    assert market.decoded("DTSTART") == paris(2027, 3, 13, 10, 0)
    # vobject expands the rule with the feed's own VTIMEZONE: 10:00 in Paris on both sides
    # of the change to summer time (09:00 then 08:00 UTC), 3 April left out.
    rule = other_events["Marché bio, fruits; légumes"].getrruleset(addRDate=True)
    first = [start.astimezone(UTC) for start in itertools.islice(rule, 5)]
    assert first == [
        datetime.datetime(2027, 3, 13, 9, 0, tzinfo=UTC),
        datetime.datetime(2027, 3, 20, 9, 0, tzinfo=UTC),
        datetime.datetime(2027, 3, 27, 9, 0, tzinfo=UTC),
        datetime.datetime(2027, 4, 10, 8, 0, tzinfo=UTC),
        datetime.datetime(2027, 4, 17, 8, 0, tzinfo=UTC),
    ]
    # And back in winter: 10:00 CET again after 31 October 2027.
    later = [s.astimezone(UTC) for s in rule.between(paris(2027, 10, 25), paris(2027, 11, 8))]
    assert later == [
        datetime.datetime(2027, 10, 30, 8, 0, tzinfo=UTC),
        datetime.datetime(2027, 11, 6, 9, 0, tzinfo=UTC),
    ]


def test_until_is_written_in_utc(client, agenda):
    body = feed_body(client.get("/agenda/agenda.ics"))
    _calendar, events, _other, other_events = read(body)
    # Stored as 2027-06-30 23:59:59 in Paris (summer): 21:59:59 UTC.
    assert events["Atelier"]["RRULE"]["UNTIL"] == [
        datetime.datetime(2027, 6, 30, 21, 59, 59, tzinfo=UTC)
    ]
    assert b"UNTIL=20270630T215959Z" in body
    starts = [s.astimezone(PARIS) for s in other_events["Atelier"].getrruleset(addRDate=True)]
    assert [s.day for s in starts] == [2, 9, 23, 30]
    assert b"EXDATE;TZID=Europe/Paris:20270616T140000\r\n" in body
    assert {(s.hour, s.minute) for s in starts} == {(14, 0)}


def test_an_all_day_event_is_written_with_dates(client, agenda):
    body = feed_body(client.get("/agenda/agenda.ics"))
    _calendar, events, _other, other_events = read(body)
    assert b"DTSTART;VALUE=DATE:20270611\r\n" in body
    assert b"DTEND;VALUE=DATE:20270614\r\n" in body
    assert events["Fête de la musique"].decoded("DTSTART") == datetime.date(2027, 6, 11)
    festival = other_events["Fête de la musique"]
    assert festival.dtstart.value == datetime.date(2027, 6, 11)
    assert festival.dtend.value == datetime.date(2027, 6, 14)
    assert festival.categories.value == ["Culture"]


def test_where_status_and_text_survive_both_parsers(client, agenda):
    body = feed_body(client.get("/agenda/agenda.ics"))
    _calendar, events, _other, other_events = read(body)
    market = events["Marché bio, fruits; légumes"]
    url = "http://127.0.0.1:8000/agenda/event/marche-bio/"
    expected_description = (
        "Le marché des producteurs.\n\n"
        "Producteurs locaux.\nVenez nombreux ; à bientôt, merci !\n\n"
        f"Détails\u00a0: {url}"
    )
    assert str(market["DESCRIPTION"]) == expected_description
    assert other_events["Marché bio, fruits; légumes"].description.value == expected_description
    assert str(market["LOCATION"]) == "Place du Marché, 1 rue de l'Église, 36000 Villeneuve"
    assert other_events["Marché bio, fruits; légumes"].location.value == (
        "Place du Marché, 1 rue de l'Église, 36000 Villeneuve"
    )
    assert str(market["URL"]) == url
    assert (market["GEO"].latitude, market["GEO"].longitude) == (46.81, 1.69)
    assert market["STATUS"] == "CONFIRMED"
    assert market["CATEGORIES"].cats == ["Marchés"]
    assert events["Concert annulé"]["STATUS"] == "CANCELLED"
    assert other_events["Concert annulé"].status.value == "CANCELLED"
    assert str(events["Concert annulé"]["DESCRIPTION"]).startswith("Cet événement est annulé.")
    online = events["Conseil en direct"]
    assert str(online["LOCATION"]) == "https://video.example.org/live"
    assert online["CONFERENCE"] == "https://video.example.org/live"
    assert online["CONFERENCE"].params["FEATURE"] == "VIDEO"
    assert online["CONFERENCE"].params["LABEL"] == "Live stream"
    assert "GEO" not in online
    assert "En ligne\u00a0: Live stream https://video.example.org/live" in str(
        online["DESCRIPTION"]
    )
    assert other_events["Conseil en direct"].conference.value == "https://video.example.org/live"
    assert b"DTSTART;TZID=Europe/Paris:20270210T183000\r\n" in body


def test_category_and_space_feeds_hold_their_events_only(client, agenda):
    culture = feed_body(client.get("/agenda/category/culture.ics"))
    calendar, events, _other, _other_events = read(culture)
    assert set(events) == {"Fête de la musique", "Concert annulé"}
    assert calendar["X-WR-CALNAME"] == f"Culture — agenda de {current_town().name}"
    centre = feed_body(client.get("/en/agenda/space/centre.ics"))
    calendar, events, _other, _other_events = read(centre)
    assert set(events) == {"Marché bio, fruits; légumes", "Atelier"}
    assert calendar["X-WR-CALNAME"] == f"Centre — agenda of {current_town().name}"
    assert client.get("/agenda/category/inconnue.ics").status_code == 404
    Space.objects.filter(slug="centre").update(is_published=False)
    assert client.get("/agenda/space/centre.ics").status_code == 404


def test_an_events_file_is_a_download_of_that_event_alone(client, agenda):
    response = client.get("/agenda/event/marche-bio.ics")
    assert response["Content-Disposition"] == 'attachment; filename="marche-bio.ics"'
    calendar, events, _other, _other_events = read(feed_body(response))
    assert list(events) == ["Marché bio, fruits; légumes"]
    assert calendar["X-WR-CALNAME"] == "Marché bio, fruits; légumes"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert not response.cookies
    assert client.get("/agenda/event/brouillon.ics").status_code == 404
    assert client.get("/agenda/event/inconnu.ics").status_code == 404


def test_the_uid_stays_and_the_sequence_rises_when_an_event_is_edited(client, agenda, page_cache):
    first = client.get("/agenda/event/atelier.ics")
    assert first["X-Parvis-Cache"] == "miss"
    assert client.get("/agenda/event/atelier.ics")["X-Parvis-Cache"] == "hit"
    other = client.get("/agenda/event/fete.ics")
    assert other["X-Parvis-Cache"] == "miss"
    _calendar, events, _o, _oe = read(feed_body(first))
    assert events["Atelier"]["SEQUENCE"] == 0
    assert events["Atelier"]["UID"] == f"{agenda['workshop'].uid}@{HOST}"

    workshop = Event.objects.get(slug="atelier")
    workshop.title = "Atelier de réparation"
    workshop.starts_at = paris(2027, 6, 2, 15, 0)
    workshop.ends_at = paris(2027, 6, 2, 17, 0)
    # What event_save does (the pages' branch): a change a calendar must take.
    workshop.sequence += 1
    services.event_check(workshop)
    workshop.save()
    services.occurrences_rebuild(workshop)

    again = client.get("/agenda/event/atelier.ics")
    assert again["X-Parvis-Cache"] == "miss"
    _calendar, events, _o, other_events = read(feed_body(again))
    edited = events["Atelier de réparation"]
    assert edited["UID"] == f"{agenda['workshop'].uid}@{HOST}"
    assert other_events["Atelier de réparation"].uid.value == f"{agenda['workshop'].uid}@{HOST}"
    assert edited["SEQUENCE"] == 1
    assert edited.decoded("DTSTART") == paris(2027, 6, 2, 15, 0)
    # Another event's file stayed in the cache.
    assert client.get("/agenda/event/fete.ics")["X-Parvis-Cache"] == "hit"
    # The feed, too, gives the same UID.
    _calendar, events, _o, _oe = read(feed_body(client.get("/agenda/agenda.ics")))
    assert events["Atelier de réparation"]["UID"] == f"{agenda['workshop'].uid}@{HOST}"


def test_the_feed_is_streamed_one_event_per_chunk_without_a_cookie(client, agenda):
    response = client.get("/agenda/agenda.ics")
    assert response.streaming
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    chunks = list(response.streaming_content)
    assert len(chunks) == 1 + 5 + 1
    assert chunks[0].startswith(b"BEGIN:VCALENDAR\r\n")
    assert chunks[0].count(b"BEGIN:VTIMEZONE") == 1
    assert b"BEGIN:VEVENT" not in chunks[0]
    for chunk in chunks[1:-1]:
        assert chunk.startswith(b"BEGIN:VEVENT\r\n")
        assert chunk.endswith(b"END:VEVENT\r\n")
        assert chunk.count(b"BEGIN:VEVENT") == 1
    assert chunks[-1] == b"END:VCALENDAR\r\n"


def test_a_calendar_asking_again_gets_304_until_an_event_changes(client, agenda):
    generations.forget()  # read this test's generations afresh (earlier tests rolled back)
    response = client.get("/agenda/agenda.ics")
    etag = response["ETag"]
    b"".join(response.streaming_content)
    again = client.get("/agenda/agenda.ics", headers={"if-none-match": etag})
    assert again.status_code == 304
    market = Event.objects.get(slug="marche-bio")
    market.title = "Marché du samedi"
    market.save()
    fresh = client.get("/agenda/agenda.ics", headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    body = b"".join(fresh.streaming_content)
    assert "SUMMARY:Marché du samedi".encode() in body
    assert "Marché bio".encode() not in body


def test_the_feed_reads_the_same_queries_whatever_the_number_of_events(client, agenda):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            feed_body(client.get("/agenda/agenda.ics"))
        return len(captured.captured_queries)

    few = queries()
    culture = Category.objects.get(slug="culture")
    for number in range(30):
        make_event(title=f"Séance {number}", slug=f"seance-{number}", category=culture)
    assert queries() == few


def test_the_vtimezone_agrees_with_the_time_zone_database():
    zone = ical.vtimezone().to_tz()
    for year in (1997, 2027, 2038, 2060):
        for month, day, hour in ((1, 15, 12), (3, 28, 1), (3, 28, 4), (7, 1, 12), (10, 31, 4)):
            moment = datetime.datetime(year, month, day, hour, tzinfo=UTC)
            assert moment.astimezone(zone).utcoffset() == moment.astimezone(PARIS).utcoffset()


def test_the_subscription_partial_gives_the_feeds_addresses(tmp_path):
    from django.template.loader import render_to_string

    from tests.test_html_validity import describe, validate

    html = render_to_string("agenda/_subscribe.html", {"ics_url": "/agenda/category/culture.ics"})
    assert 'href="webcal://127.0.0.1:8000/agenda/category/culture.ics"' in html
    assert (
        '<code class="subscribe-address">http://127.0.0.1:8000/agenda/category/culture.ics</code>'
        in html
    )
    assert 'href="/agenda/category/culture.ics" download' in html
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Agenda</title>'
        f"</head><body><main><h1>Agenda</h1>{html}</main></body></html>"
    )
    (tmp_path / "subscribe.html").write_text(page)
    errors = validate(tmp_path)
    assert not errors, describe(errors)


def test_an_event_that_cannot_be_written_is_left_out_not_the_feed_cut(client, agenda, caplog):
    # A rule no service would have saved, written straight into the database.
    Event.objects.filter(slug="atelier").update(rrule="FREQ=WEEKLY;UNTIL=garbage")
    body = feed_body(client.get("/agenda/agenda.ics"))
    _calendar, events, _other, _other_events = read(body)
    assert set(events) == {
        "Marché bio, fruits; légumes",
        "Fête de la musique",
        "Conseil en direct",
        "Concert annulé",
    }
    assert f"Event {agenda['workshop'].pk} left out of a calendar" in caplog.text


def test_a_town_overseas_gets_its_own_zone(settings):
    settings.TIME_ZONE = "Indian/Reunion"
    zone = ical.vtimezone()
    assert zone["TZID"] == "Indian/Reunion"
    moment = datetime.datetime(2027, 7, 1, 12, 0, tzinfo=UTC)
    assert moment.astimezone(zone.to_tz()).utcoffset() == datetime.timedelta(hours=4)


def test_a_postponed_event_in_a_hall_and_online_every_month_of_whole_days():
    event = make_event(
        title="Braderie",
        slug="braderie",
        status=EventStatus.POSTPONED,
        online_url="https://video.example.org/braderie",
        all_day=True,
        starts_at=paris(2027, 3, 6, 0, 0),
        ends_at=paris(2027, 3, 7, 0, 0),
        rrule="FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270630",
        exdates="2027-04-03",
    )
    body = ical.calendar_bytes([event], name="Braderie")
    assert b"DTSTART;VALUE=DATE:20270306\r\n" in body
    assert b"DTEND;VALUE=DATE:20270307\r\n" in body
    assert b"UNTIL=20270630;" in body
    assert b"EXDATE;VALUE=DATE:20270403\r\n" in body
    assert b"STATUS:TENTATIVE\r\n" in body
    assert b"LOCATION:Salle des f\xc3\xaates\r\n" in body
    _calendar, events, _other, other_events = read(body)
    assert str(events["Braderie"]["DESCRIPTION"]).startswith("Cet événement est reporté.")
    assert events["Braderie"]["CONFERENCE"] == "https://video.example.org/braderie"
    days = list(other_events["Braderie"].getrruleset(addRDate=True))
    assert days == [
        datetime.datetime(2027, 3, 6),
        datetime.datetime(2027, 5, 1),
        datetime.datetime(2027, 6, 5),
    ]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_feed_streams_from_a_server_side_cursor_outside_any_transaction(client):
    # In autocommit, as a server runs: the rows are read by chunks from a cursor that
    # outlives the view, while the response is sent.
    for number in range(ical.CHUNK + 3):
        Event(
            title=f"Séance {number}",
            slug=f"seance-{number}",
            place_name="Gymnase",
            starts_at=paris(2027, 2, 1, 18, 0),
            ends_at=paris(2027, 2, 1, 20, 0),
            last_ends_at=paris(2027, 2, 1, 20, 0),
            is_published=True,
        ).save()
    response = client.get("/agenda/agenda.ics")
    chunks = list(response.streaming_content)
    assert len(chunks) == 1 + ical.CHUNK + 3 + 1
    assert "SUMMARY:Séance 502".encode() in chunks[-2]

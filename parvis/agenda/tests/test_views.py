"""The agenda's pages: the upcoming list and its filters, a month (its table and its list),
a week, a day, 404s for what the calendar does not hold, an endless rule on a far month, an
event's page, the category page, the map's answers, the feed, the sections, the page cache."""

from __future__ import annotations

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parvis.agenda.services import event_save
from parvis.agenda.tests.factories import category_create, event_create, paris
from parvis.spaces.models import SpaceKind
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db


def month_ahead(months: int) -> datetime.date:
    """The first day of the month `months` after this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def at(first: datetime.date, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return paris(first.year, first.month, day, hour, minute)


def days_ahead(n: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=n)
    return paris(day.year, day.month, day.day, hour)


def titles(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        h.get_text(strip=True) for h in soup.select("main .cards .card h2, main .cards .card h3")
    ]


def calendar_cells(html: str) -> dict[int, list[str]]:
    """Each day of the month table with the titles of its events."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        int(cell.select_one(".calendar__day").get_text()): [
            a.get_text(strip=True) for a in cell.select("a")
        ]
        for cell in soup.select("table.calendar td")
        if cell.select_one(".calendar__day")
    }


@pytest.fixture
def month():
    """A month three months ahead: a ball on the 10th (18:00 to 20:00) and a flea market over
    the 14th, 15th and 16th (all day)."""
    first = month_ahead(3)
    event_create(title="Bal", slug="bal", starts_at=at(first, 10, 18), ends_at=at(first, 10, 20))
    event_create(
        title="Brocante",
        slug="brocante",
        all_day=True,
        starts_at=at(first, 14),
        ends_at=at(first, 17),
    )
    return first


def test_the_list_shows_what_is_to_come_soonest_first(client):
    event_create(title="Plus tard", starts_at=days_ahead(20, 18))
    event_create(title="Bientôt", starts_at=days_ahead(2, 18))
    event_create(title="Passé", starts_at=days_ahead(-3, 18))
    event_create(title="Brouillon", starts_at=days_ahead(3, 18), is_published=False)
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert titles(response.content.decode()) == ["Bientôt", "Plus tard"]
    assert titles(client.get("/en/agenda/").content.decode()) == ["Bientôt", "Plus tard"]


def test_the_filters_by_category_space_mode_and_price(client):
    concerts = category_create()
    tram = make_space("tram-t1", kind=SpaceKind.PROJECT, name="Tram T1")
    event_create(title="Concert", category=concerts, starts_at=days_ahead(1, 18))
    event_create(title="Réunion du tram", space=tram, starts_at=days_ahead(2, 18))
    event_create(
        title="Conférence en ligne",
        place_name="",
        address="",
        online_url="https://stream.example.org/live",
        starts_at=days_ahead(3, 18),
    )
    event_create(title="Théâtre", is_free=False, price=12, starts_at=days_ahead(4, 18))
    everything = ["Concert", "Réunion du tram", "Conférence en ligne", "Théâtre"]
    assert titles(client.get("/agenda/").content.decode()) == everything
    assert titles(client.get("/agenda/?category=concerts").content.decode()) == ["Concert"]
    assert titles(client.get("/agenda/?space=tram-t1").content.decode()) == ["Réunion du tram"]
    assert titles(client.get("/agenda/?mode=online").content.decode()) == ["Conférence en ligne"]
    assert titles(client.get("/agenda/?mode=physical").content.decode()) == [
        "Concert",
        "Réunion du tram",
        "Théâtre",
    ]
    assert titles(client.get("/agenda/?free=1").content.decode()) == everything[:3]
    # An unknown value narrows nothing.
    assert titles(client.get("/agenda/?category=nothing&mode=x").content.decode()) == everything
    # The category's page lists its events.
    assert titles(client.get("/agenda/category/concerts/").content.decode()) == ["Concert"]
    assert client.get("/agenda/category/unknown/").status_code == 404


def test_the_pages_of_the_list_keep_the_filters(client):
    for n in range(21):
        event_create(title=f"Atelier {n}", starts_at=days_ahead(1 + n, 18))
    html = client.get("/agenda/?free=1").content.decode()
    assert 'href="?free=1&amp;page=2"' in html


def test_the_month_shows_each_day_s_events_in_its_table_and_as_a_list(client, month):
    response = client.get(f"/en/agenda/{month.year}/{month.month}/")
    assert response.status_code == 200
    html = response.content.decode()
    cells = calendar_cells(html)
    assert {day: found for day, found in cells.items() if found} == {
        10: ["Bal"],
        14: ["Brocante"],
        15: ["Brocante"],
        16: ["Brocante"],
    }
    soup = BeautifulSoup(html, "html.parser")
    listed = [
        (section.h3.get_text(strip=True), section.li.get_text(" ", strip=True))
        for section in soup.select("main section")
        if section.h3
    ]
    assert [text for _day, text in listed] == [
        "6 p.m. to 8 p.m. — Bal , Salle des fêtes",
        "All day — Brocante , Salle des fêtes",
        "All day — Brocante , Salle des fêtes",
        "All day — Brocante , Salle des fêtes",
    ]
    assert soup.select_one('table.calendar th[scope="col"]').get_text() == "Monday"
    links = {a.get_text(): a["href"] for a in soup.select("nav.pagination a")}
    previous = month_ahead(2)
    following = month_ahead(4)
    assert set(links.values()) == {
        f"/en/agenda/{previous.year}/{previous.month}/",
        f"/en/agenda/{following.year}/{following.month}/",
    }


def test_the_week_and_the_day_show_their_events(client, month):
    year, week, _weekday = at(month, 10).isocalendar()
    html = client.get(f"/en/agenda/{year}/week/{week}/").content.decode()
    assert "6 p.m. to 8 p.m." in html and ">Bal</a>" in html
    day = client.get(f"/en/agenda/{month.year}/{month.month}/10/").content.decode()
    assert titles(day) == ["Bal"]
    assert titles(client.get(f"/en/agenda/{month.year}/{month.month}/15/").content.decode()) == [
        "Brocante"
    ]
    assert "All day" in client.get(f"/en/agenda/{month.year}/{month.month}/15/").content.decode()
    assert titles(client.get(f"/en/agenda/{month.year}/{month.month}/17/").content.decode()) == []


def test_an_endless_rule_shows_only_its_occurrence_of_a_far_month(client):
    start = month_ahead(1)
    event_create(
        title="Permanence",
        rrule="FREQ=MONTHLY",
        starts_at=at(start, 5, 10),
        ends_at=at(start, 5, 12),
    )
    far = month_ahead(20)
    cells = calendar_cells(client.get(f"/agenda/{far.year}/{far.month}/").content.decode())
    assert {day: found for day, found in cells.items() if found} == {5: ["Permanence"]}


def test_what_the_calendar_does_not_hold_answers_404(client):
    beyond = month_ahead(30)
    long_ago = month_ahead(-12 * 11)
    for path in (
        f"/agenda/{beyond.year}/{beyond.month}/",
        f"/agenda/{long_ago.year}/{long_ago.month}/",
        "/agenda/2026/13/",
        "/agenda/2026/0/",
        "/agenda/2026/week/60/",
        "/agenda/2026/2/30/",
        "/agenda/99999/1/",
        "/agenda/event/nothing/",
    ):
        assert client.get(path).status_code == 404, path


def test_an_event_s_page_says_when_where_how_much_and_its_json_ld(client):
    concerts = category_create()
    start = days_ahead(7, 20)
    event = event_create(
        title="Concert du Nouvel An",
        slug="concert",
        category=concerts,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        lat=46.81,
        lon=1.69,
        online_url="https://stream.example.org/concert",
        online_label="Diffusion en direct",
        organiser="Harmonie municipale",
        is_free=False,
        price=8,
        price_text="Réduit : 5 €",
        accessibility="Boucle magnétique.",
    )
    response = client.get("/en/agenda/event/concert/")
    html = response.content.decode()
    for text in (
        "Salle des fêtes",
        "Diffusion en direct",
        "Harmonie municipale",
        "8.00 €",
        "Réduit : 5 €",
        "Boucle magnétique.",
        'href="/en/agenda/event/concert.ics"',
        'href="/en/agenda/category/concerts/"',
    ):
        assert text in html, text
    soup = BeautifulSoup(html, "html.parser")
    (data,) = [
        json.loads(script.string)
        for script in soup.select('script[type="application/ld+json"]')
        if '"Event"' in script.string
    ]
    local = timezone.localtime(event.starts_at)
    assert data["@type"] == "Event"
    assert data["startDate"] == local.isoformat()
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][0]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 place de la Mairie",
        "postalCode": "36000",
        "addressLocality": "Villeneuve",
        "addressCountry": "FR",
    }
    assert data["location"][1]["url"] == "https://stream.example.org/concert"
    assert data["offers"]["price"] == "8.00"
    assert data["organizer"] == {"@type": "Organization", "name": "Harmonie municipale"}


def test_a_recurring_event_s_page_says_its_rule_and_next_dates(client):
    start = month_ahead(1)
    event_create(
        title="Marché",
        slug="marche",
        rrule="FREQ=WEEKLY;COUNT=3",
        starts_at=at(start, 6, 8),
        ends_at=at(start, 6, 13),
    )
    html = client.get("/en/agenda/event/marche/").content.decode()
    weekday = at(start, 6).strftime("%A")
    assert f"Every week on {weekday}, 3 times in all" in html
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("#event-when ~ ul li")) == 3


def test_an_online_event_s_json_ld_has_a_virtual_location(client):
    event_create(
        title="Webinaire",
        slug="webinaire",
        place_name="",
        address="",
        online_url="https://visio.example.org/salle",
    )
    soup = BeautifulSoup(client.get("/agenda/event/webinaire/").content, "html.parser")
    (data,) = [
        json.loads(s.string)
        for s in soup.select('script[type="application/ld+json"]')
        if '"Event"' in s.string
    ]
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://visio.example.org/salle",
    }
    assert data["offers"]["price"] == "0" and data["isAccessibleForFree"] is True


def test_the_map_shows_the_events_with_a_position_and_lists_them_without_javascript(client):
    event_create(title="Sur la place", lat=46.81, lon=1.69)
    event_create(title="Sans position")
    event_create(title="Fini", lat=46.811, lon=1.691, starts_at=days_ahead(-5, 10))
    features = client.get("/map/agenda/?bbox=1.67,46.79,1.71,46.83&zoom=14").json()["features"]
    assert [feature["properties"]["title"] for feature in features] == ["Sur la place"]
    html = client.get("/agenda/map/").content.decode()
    assert "Sur la place" in html and "Sans position" not in html


def test_the_feed_lists_the_events_to_come(client):
    import feedparser

    event_create(title="Bal", starts_at=days_ahead(3, 21))
    event_create(title="Fini", starts_at=days_ahead(-3, 21))
    feed = feedparser.parse(client.get("/agenda/feed/rss/").content)
    assert [entry.title for entry in feed.entries] == ["Bal"]
    assert feed.entries[0].link.endswith("/agenda/event/bal/")


def test_the_home_page_and_a_space_s_page_show_the_next_events(client):
    tram = make_space("tram-t1", kind=SpaceKind.PROJECT, name="Tram T1", is_published=True)
    event_create(title="Réunion du tram", space=tram, starts_at=days_ahead(2, 18))
    event_create(title="Bal", starts_at=days_ahead(3, 18))
    home = client.get("/en/").content.decode()
    assert "Next events" in home and "Réunion du tram" in home and "Bal" in home
    space = client.get(tram.get_absolute_url()).content.decode()
    assert "Réunion du tram" in space and ">Bal<" not in space


def test_a_change_makes_the_pages_fresh_in_the_page_cache(client, month, page_cache):
    other = event_create(title="Autre", slug="autre", starts_at=days_ahead(4, 18))
    from parvis.agenda.models import Event

    ball = Event.objects.get(slug="bal")
    month_url = f"/agenda/{month.year}/{month.month}/"
    for path in ("/agenda/", month_url, "/agenda/event/bal/", "/agenda/event/autre/"):
        assert client.get(path)["X-Parvis-Cache"] == "miss", path
        assert client.get(path)["X-Parvis-Cache"] == "hit", path
    ball.title = "Grand bal"
    ball.starts_at = at(month, 11, 18)
    ball.ends_at = at(month, 11, 20)
    event_save(event=ball)
    fresh = client.get(month_url)
    assert fresh["X-Parvis-Cache"] == "miss"
    cells = calendar_cells(fresh.content.decode())
    assert cells[10] == [] and cells[11] == ["Grand bal"]
    assert "Grand bal" in client.get("/agenda/event/bal/").content.decode()
    assert "Grand bal" in client.get("/agenda/").content.decode()
    assert client.get(other.get_absolute_url())["X-Parvis-Cache"] == "hit"


def test_a_busy_day_of_the_month_shows_its_first_three_and_links_to_the_others(client, month):
    # Five concerts on the 20th (from 14:00, hourly), and the flea market over the 14th to 16th:
    # the month's table and its list show the first three of the 20th and say two more are
    # on the day's page, which shows the five; a day of three or fewer says nothing more.
    for hour in range(14, 19):
        event_create(
            title=f"Concert {hour}",
            slug=f"concert-{hour}",
            starts_at=at(month, 20, hour),
            ends_at=at(month, 20, hour, 45),
        )
    html = client.get(f"/en/agenda/{month.year}/{month.month}/").content.decode()

    cells = calendar_cells(html)
    day_page = f"/en/agenda/{month.year}/{month.month}/20/"
    more = f"2 more events on 20 {month:%B}"
    assert cells[20] == ["Concert 14", "Concert 15", "Concert 16", more]
    assert cells[15] == ["Brocante"]
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.select("table.calendar a") if a.get_text() == more] == [
        day_page
    ]
    listed = soup.select_one(f"#day-{month:%Y-%m}-20").find_parent("section")
    assert [a.get_text() for a in listed.select("a")][1:] == [
        "Concert 14",
        "Concert 15",
        "Concert 16",
        f"2 more events on {month.replace(day=20):%A} 20 {month:%B}",
    ]
    day = client.get(day_page).content.decode()
    assert titles(day) == ["Concert 14", "Concert 15", "Concert 16", "Concert 17", "Concert 18"]


def test_the_calendar_s_days_kept_rendered_show_each_change(client, month, fragment_cache):
    # The days of a month, a week and a day are kept rendered for every visitor (the
    # fragment cache), per filters and language: a new event, an event renamed or unpublished
    # shows at once on each, and another month's change leaves them as they were.
    month_page = f"/en/agenda/{month.year}/{month.month}/"
    year, week, _weekday = at(month, 10).isocalendar()
    week_page = f"/en/agenda/{year}/week/{week}/"
    day_page = f"/en/agenda/{month.year}/{month.month}/10/"
    assert calendar_cells(client.get(month_page).content.decode())[10] == ["Bal"]
    assert ">Bal</a>" in client.get(week_page).content.decode()
    assert titles(client.get(day_page).content.decode()) == ["Bal"]
    assert calendar_cells(client.get(f"{month_page}?free=1").content.decode())[10] == ["Bal"]
    with CaptureQueriesContext(connection) as kept:
        client.get(month_page)
    assert not [q for q in kept.captured_queries if "agenda_occurrence" in q["sql"]]

    quiz = event_create(
        title="Quiz", slug="quiz", starts_at=at(month, 10, 21), ends_at=at(month, 10, 22)
    )
    assert calendar_cells(client.get(month_page).content.decode())[10] == ["Bal", "Quiz"]
    assert ">Quiz</a>" in client.get(week_page).content.decode()
    assert titles(client.get(day_page).content.decode()) == ["Bal", "Quiz"]

    quiz.title = "Grand quiz"
    event_save(event=quiz)
    assert calendar_cells(client.get(month_page).content.decode())[10] == ["Bal", "Grand quiz"]
    quiz.is_published = False
    event_save(event=quiz)
    assert calendar_cells(client.get(month_page).content.decode())[10] == ["Bal"]
    assert titles(client.get(day_page).content.decode()) == ["Bal"]
    assert calendar_cells(client.get(f"{month_page}?free=1").content.decode())[10] == ["Bal"]


def test_the_upcoming_list_kept_rendered_shows_each_change(client, fragment_cache):
    # A page of the upcoming list is kept rendered for every visitor, per filters, page and
    # language: a new event, one renamed or unpublished shows at once.
    event_create(title="Bal", slug="bal", starts_at=days_ahead(3, 20))
    assert titles(client.get("/en/agenda/").content.decode()) == ["Bal"]
    assert titles(client.get("/en/agenda/?free=1").content.decode()) == ["Bal"]
    with CaptureQueriesContext(connection) as kept:
        client.get("/en/agenda/")
    assert not [q for q in kept.captured_queries if "agenda_occurrence" in q["sql"]]

    quiz = event_create(title="Quiz", slug="quiz", starts_at=days_ahead(2, 20))
    assert titles(client.get("/en/agenda/").content.decode()) == ["Quiz", "Bal"]
    quiz.title = "Grand quiz"
    event_save(event=quiz)
    assert titles(client.get("/en/agenda/?free=1").content.decode()) == ["Grand quiz", "Bal"]
    quiz.is_published = False
    event_save(event=quiz)
    assert titles(client.get("/en/agenda/").content.decode()) == ["Bal"]

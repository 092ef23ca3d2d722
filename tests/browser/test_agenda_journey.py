"""The agenda's whole journey, as issue 12 states it, in a real Chromium: a resident finds the
festival in the month's calendar, sees it happens in the park and online, registers, gets
the confirmation e-mail, and downloads the event for a calendar; the event's file and the
whole agenda's feed each load in two independent iCalendar parsers (icalendar, vobject)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import icalendar
import pytest
import vobject
from django.utils import timezone
from playwright.sync_api import Page

from conftest import Mailbox
from parvis.agenda.tests.factories import event_create, paris
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser

TITLE = "Festival Parvis Sonore"


@pytest.fixture
def festival(db):
    """Next month's festival on the 19th, 17:00 to 23:30, in the park and in the virtual
    world, taking registrations; a weekly market beside it."""
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    event_create(
        title="Marché du samedi",
        slug="marche-du-samedi",
        starts_at=paris(first.year, first.month, 1, 8),
        ends_at=paris(first.year, first.month, 1, 13),
        rrule="FREQ=WEEKLY",
    )
    return event_create(
        title=TITLE,
        slug="festival-parvis-sonore",
        starts_at=paris(first.year, first.month, 19, 17),
        ends_at=paris(first.year, first.month, 19, 23, 30),
        place_name="Parc de la Mairie",
        address="1 place de la Mairie",
        lat=46.81,
        lon=1.69,
        online_url="https://monde.example.org/parc",
        online_label="Villeneuve virtuelle",
        registration_required=True,
        capacity=50,
    )


def _parse_both(body: str) -> tuple[list, list]:
    """The VEVENTs as icalendar and as vobject read them."""
    by_icalendar = icalendar.Calendar.from_ical(body).walk("VEVENT")
    by_vobject = list(vobject.readOne(io.StringIO(body)).vevent_list)
    return by_icalendar, by_vobject


def test_a_resident_finds_the_festival_registers_and_adds_it_to_a_calendar(
    page: Page, festival, mailbox, run_tasks
):
    month = timezone.localtime(festival.starts_at)
    page.goto(f"/en/agenda/{month.year}/{month.month}/")
    axe_check(page)
    cell = page.locator("table.calendar td", has=page.locator(".calendar__day", has_text="19"))
    cell.get_by_role("link", name=TITLE).click()

    page.wait_for_url("**/en/agenda/event/festival-parvis-sonore/")
    where = page.locator("section", has=page.locator("#event-where"))
    assert "Parc de la Mairie" in where.inner_text()
    assert where.get_by_role("link", name="Villeneuve virtuelle").get_attribute("href") == (
        "https://monde.example.org/parc"
    )
    axe_check(page)

    page.get_by_role("link", name="Register").click()
    page.get_by_label("Name").fill("Camille Martin")
    page.get_by_label("E-mail").fill("camille@example.org")
    page.get_by_role("button", name="Register").click()
    assert "confirmed" in page.locator("main").inner_text()
    axe_check(page)

    run_tasks()
    [message] = mailbox.to("camille@example.org")
    assert message["Subject"] == f"Your registration is confirmed: {TITLE}"
    assert "Parc de la Mairie" in Mailbox.text(message)

    page.goto("/en/agenda/event/festival-parvis-sonore/")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Add to my calendar (.ics file)").click()
    body = Path(downloaded.value.path()).read_text(encoding="utf-8")
    by_icalendar, by_vobject = _parse_both(body)
    assert [str(event["SUMMARY"]) for event in by_icalendar] == [TITLE]
    assert [event.summary.value for event in by_vobject] == [TITLE]
    start = by_vobject[0].dtstart.value
    assert start == paris(month.year, month.month, 19, 17)
    assert start.utcoffset() == paris(month.year, month.month, 19, 17).utcoffset()

    feed = page.request.get("/en/agenda/agenda.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    by_icalendar, by_vobject = _parse_both(feed.text())
    assert sorted(str(event["SUMMARY"]) for event in by_icalendar) == [
        TITLE,
        "Marché du samedi",
    ]
    assert sorted(event.summary.value for event in by_vobject) == [TITLE, "Marché du samedi"]
    market = next(event for event in by_vobject if event.summary.value == "Marché du samedi")
    assert market.rrule.value.startswith("FREQ=WEEKLY")

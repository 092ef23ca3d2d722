"""Registration to an event with the keyboard alone, in a real Chromium: the form (a mistake
first, then put right), the confirmation page, then the waiting list for the next person;
axe on the form, its errors and the result pages."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page

from parvis.agenda.models import Event, Registration
from tests.browser.conftest import axe_check, text
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

STARTS = datetime.datetime(2030, 6, 15, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
FORM = "/agenda/event/atelier-compost/register/"


@pytest.fixture
def event(db) -> Event:
    return Event.objects.create(
        slug="atelier-compost",
        title="Atelier compost",
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=2),
        place_name="Jardin partagé",
        is_published=True,
        registration_required=True,
        capacity=1,
    )


def fill(page: Page, name: str, email: str, places: str) -> None:
    tab_to(page, "#id_name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(places)
    tab_to(page, "#registration button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_registering_with_the_keyboard_alone_then_joining_the_waiting_list(
    page: Page, event: Event, mailbox, run_tasks
):
    page.goto(FORM)
    assert page.locator("h1").inner_text() == text("Register: %(event)s") % {
        "event": "Atelier compost"
    }
    axe_check(page)

    fill(page, "Camille Martin", "camille@", "1")  # a mistake in the address
    assert page.locator("#id_email_error").is_visible()
    axe_check(page)
    page.locator("#id_email").fill("")
    fill(page, "", "camille@example.org", "1")  # the name is kept, the address put right

    assert page.locator("h1").inner_text() == text("Your registration is confirmed")
    axe_check(page)
    assert Registration.objects.get().status == "confirmed"

    page.goto(FORM)
    fill(page, "Dominique Voisin", "dominique@example.org", "1")
    assert page.locator("h1").inner_text() == text("You are on the waiting list")
    axe_check(page)
    assert list(Registration.objects.order_by("id").values_list("status", flat=True)) == [
        "confirmed",
        "waiting",
    ]

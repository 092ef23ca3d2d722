"""The agenda in a real Chromium: the list, a month and an event's page pass axe-core's
WCAG 2.1 AA rules; the keyboard alone reaches the month's navigation and an event, and the
filters work without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from parvis.agenda.tests.factories import category_create, event_create, paris
from parvis.agenda.tests.test_views import month_ahead
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


@pytest.fixture
def agenda(transactional_db):
    month = month_ahead(1)
    concerts = category_create()
    event_create(
        title="Concert de l'harmonie",
        slug="concert",
        category=concerts,
        summary="Ravel et Debussy.",
        starts_at=paris(month.year, month.month, 12, 20),
        ends_at=paris(month.year, month.month, 12, 22),
        lat=46.81,
        lon=1.69,
        online_url="https://stream.example.org/concert",
        is_free=False,
        price=8,
        accessibility="Boucle magnétique, places réservées.",
    )
    event_create(
        title="Marché",
        slug="marche",
        rrule="FREQ=WEEKLY;BYDAY=SA",
        starts_at=paris(month.year, month.month, 1, 8),
        ends_at=paris(month.year, month.month, 1, 13),
    )
    return month


def tab_to(page: Page, selector: str, *, presses: int = 200) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_agenda_pages_pass_axe(page: Page, agenda):
    for path in (
        "/agenda/",
        f"/agenda/{agenda.year}/{agenda.month}/",
        "/agenda/event/concert/",
        "/agenda/event/marche/",
        f"/en/agenda/{agenda.year}/{agenda.month}/",
    ):
        page.goto(path)
        axe_check(page)


def test_the_keyboard_reaches_the_month_navigation_and_an_event(page: Page, agenda):
    page.goto(f"/agenda/{agenda.year}/{agenda.month}/")
    tab_to(page, 'nav.pagination a[rel="next"]')
    page.keyboard.press("Enter")
    following = month_ahead(2)
    page.wait_for_url(f"**/agenda/{following.year}/{following.month}/")
    page.go_back()
    page.wait_for_url(f"**/agenda/{agenda.year}/{agenda.month}/")
    tab_to(page, 'table.calendar a[href="/agenda/event/concert/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/agenda/event/concert/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concert de l'harmonie")


def test_the_filters_work_without_javascript(new_page, agenda):
    page = new_page(java_script_enabled=False)
    page.goto("/agenda/")
    page.get_by_label("Catégorie").select_option("concerts")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/agenda/?category=concerts*")
    cards = page.locator("main .cards .card h2")
    expect(cards).to_have_count(1)
    expect(cards).to_have_text("Concert de l'harmonie")

"""A suggestion's place chosen on the pin map with the keyboard alone, in a real Chromium:
the resident reaches the pin with Tab, moves it with the arrow keys, the latitude and
longitude fields fill, the suggestion is sent and its page shows the pin, with axe on both
pages. Without JavaScript the same form takes the latitude and longitude typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from parvis.suggestions.models import Suggestion
from parvis.suggestions.tests.factories import make_category, make_neighbourhood
from tests.browser.conftest import axe_check, sign_in, text
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

#: The old town's extent, set as the town's map extent: the map opens on it.
OLD_TOWN_BOX = (1.6850, 46.8065, 1.7000, 46.8150)


def position(page: Page) -> tuple[str, str]:
    return page.locator("#id_lat").input_value(), page.locator("#id_lon").input_value()


def write_the_suggestion(page: Page) -> None:
    tab_to(page, "#id_title")
    page.keyboard.type("Un banc devant l'école")
    tab_to(page, "#id_text")
    page.keyboard.type("Un banc pour attendre les enfants à la sortie.")
    page.locator("#id_category").select_option("cadre-de-vie")


def test_a_resident_places_the_suggestion_with_the_keyboard_and_its_page_shows_the_pin(
    new_page, settings, resident
):
    settings.MAP_BOUNDS = OLD_TOWN_BOX
    space, _councillor = make_neighbourhood("vieux-bourg")
    make_category()
    page: Page = new_page()
    sign_in(page, resident)
    page.goto(f"/spaces/{space.slug}/suggestions/new/")
    write_the_suggestion(page)

    expect(page.locator("#pin-map")).to_be_visible()
    page.wait_for_function("() => document.querySelector('#pin-map .leaflet-tile-loaded')")
    axe_check(page)
    assert position(page) == ("", "")

    # The pin, waiting in the middle of the map, is reached with Tab and moved with the arrows.
    tab_to(page, "#pin-map .leaflet-marker-icon")
    page.keyboard.press("ArrowRight")
    lat, lon = (float(value) for value in position(page))
    # The middle of the map is the middle of the old town; the pin went a little east.
    assert abs(lat - 46.81075) < 0.001 and 1.6925 < lon < 1.6935
    page.keyboard.press("ArrowUp")
    moved_lat, moved_lon = (float(value) for value in position(page))
    assert moved_lat > lat and abs(moved_lon - lon) < 1e-6
    expect(page.locator("#pin-map-status")).to_contain_text(f"{moved_lat:.6f}")
    axe_check(page)

    tab_to(page, "main form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    suggestion = Suggestion.objects.get()
    assert (suggestion.lat, suggestion.lon) == (moved_lat, moved_lon)
    assert suggestion.address_text == ""

    # Its page shows the pin where it was put, and writes the position for everyone.
    expect(page.locator("h1")).to_have_text("Un banc devant l'école")
    expect(page.locator("#pin-map .leaflet-marker-icon")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"latitude {moved_lat:.6f}")
    assert page.locator("#pin-map").get_attribute("data-pin-at") == f"{moved_lat!r},{moved_lon!r}"
    axe_check(page)

    # An anonymous visitor sees the same pin, and gets no cookie.
    visitor = new_page()
    visitor.goto(suggestion.get_absolute_url())
    expect(visitor.locator("#pin-map .leaflet-marker-icon")).to_be_visible()
    assert visitor.context.cookies() == []
    axe_check(visitor)


def test_without_javascript_the_latitude_and_longitude_are_typed(new_page, settings, resident):
    settings.MAP_BOUNDS = OLD_TOWN_BOX
    space, _councillor = make_neighbourhood("vieux-bourg")
    make_category()
    page: Page = new_page(java_script_enabled=False)
    sign_in(page, resident)
    page.goto(f"/spaces/{space.slug}/suggestions/new/")
    expect(page.locator("#pin-map")).to_be_hidden()
    write_the_suggestion(page)
    page.get_by_label(text("Latitude")).fill("46.8112")
    page.get_by_label(text("Longitude")).fill("1.6931")
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()
    suggestion = Suggestion.objects.get()
    assert (suggestion.lat, suggestion.lon) == (46.8112, 1.6931)
    expect(page.locator("main")).to_contain_text("latitude 46.811200, longitude 1.693100")
    expect(page.locator("#pin-map")).to_be_hidden()

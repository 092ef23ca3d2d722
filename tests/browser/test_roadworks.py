"""Roadworks in a real Chromium: the map draws a works along a street as a line, pinned at
its middle, reached with Tab and opened with Enter; "works near me" from a typed address
with the keyboard alone, and from the browser's position (the page's script)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import TileServer, axe_check

pytestmark = pytest.mark.browser

WORKS = "Réseau d'eau, rue de la Halle"


def test_the_map_draws_the_works_line_and_its_pin(
    page: Page, town_content, tile_server: TileServer
):
    page.goto("/roadworks/map/")
    expect(page.locator("#map-roadworks")).to_be_visible()
    expect(page.locator("#map-roadworks path.map__line")).to_have_count(1)
    marker = page.locator("#map-roadworks .leaflet-marker-icon")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("title", WORKS)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('leaflet-marker-icon')"):
            break
    page.keyboard.press("Enter")
    link = page.locator("#map-roadworks .leaflet-popup-content a")
    expect(link).to_be_focused()
    assert link.get_attribute("href") == town_content.works.get_absolute_url()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    axe_check(page)
    # The list alternative is there too.
    expect(page.locator("#map-roadworks-list a", has_text=WORKS)).to_have_count(1)


def test_works_near_an_address_with_the_keyboard_alone(page: Page, town_content):
    page.goto("/roadworks/near/")
    page.get_by_label("Adresse").fill("1 rue de la halle")
    page.get_by_label("Adresse").press("Escape")  # closes the autocomplete's suggestions
    page.get_by_label("Adresse").press("Enter")
    page.wait_for_url("**/roadworks/near/?*")
    results = page.locator("section[aria-labelledby=near-title]")
    expect(results.get_by_role("link", name=WORKS)).to_be_visible()
    axe_check(page)


def test_works_near_the_browsers_position(new_page, town_content):
    page = new_page(
        geolocation={"latitude": 46.81, "longitude": 1.6915}, permissions=["geolocation"]
    )
    page.goto("/roadworks/near/")
    button = page.get_by_role("button", name="Utiliser ma position")
    expect(button).to_be_visible()
    button.click()
    page.wait_for_url("**lat=46.81*")
    expect(page.get_by_role("heading", name="Travaux près de votre position")).to_be_visible()
    expect(page.get_by_role("link", name=WORKS)).to_be_visible()

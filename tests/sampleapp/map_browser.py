"""The places map in a real Chromium: Leaflet from its package, tiles from a tile server of
our own on loopback (the tests reach no other network), points drawn from the endpoint,
reached with Tab and opened with Enter, and zero axe-core WCAG 2.1 AA violations.

Run by `tests/browser/test_map.py` with `tests.sampleapp.settings` (the sample app installed).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import axe_check
from tests.sampleapp.models import Place

# The browser tests' fixtures (this file lives with the sample app, outside tests/browser/).
browser = browser_fixtures.browser
new_page = browser_fixtures.new_page
page = browser_fixtures.page
tile_server = browser_fixtures.tile_server
TileServer = browser_fixtures.TileServer
_pages_as_served = browser_fixtures._pages_as_served
tile_server = browser_fixtures.tile_server
TileServer = browser_fixtures.TileServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_marker(page: Page) -> str | None:
    return page.evaluate(
        "() => document.activeElement.classList.contains('leaflet-marker-icon')"
        " ? document.activeElement.getAttribute('title') : null"
    )


def test_the_map_shows_the_places_reached_with_tab_and_opened_with_enter(
    page: Page, tile_server: TileServer
):
    Place.objects.create(name="Fontaine du Bourg", lon=1.6912, lat=46.8103)
    Place.objects.create(name="Banc des Rives", lon=1.7012, lat=46.8153)

    page.goto("/places/")

    canvas = page.locator("#map-places")
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("role", "region")
    markers = page.locator("#map-places .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    assert sorted(markers.evaluate_all("(all) => all.map((m) => m.title)")) == [
        "Banc des Rives",
        "Fontaine du Bourg",
    ]
    # The tiles came from the town's tile server, at the zoom that fits the town.
    page.wait_for_function("() => document.querySelector('#map-places .leaflet-tile-loaded')")
    assert tile_server.requested
    assert all(path.endswith(".png") for path in tile_server.requested)

    # Tab reaches the markers (after the map itself and its zoom buttons); Enter opens one.
    found = None
    for _ in range(20):
        page.keyboard.press("Tab")
        found = focused_marker(page)
        if found:
            break
    assert found in ("Banc des Rives", "Fontaine du Bourg")
    page.keyboard.press("Enter")
    link = page.locator("#map-places .leaflet-popup-content a")
    expect(link).to_have_text(found)
    expect(link).to_be_focused()
    href = link.get_attribute("href")
    assert href == Place.objects.get(name=found).get_absolute_url()

    # The list below the map shows the same places; the skip link goes to it.
    assert page.locator("#map-places-list .map__list a").all_inner_texts() == [
        "Banc des Rives",
        "Fontaine du Bourg",
    ]
    # Leaflet fades the popup in: axe reads its colours once it is opaque.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    axe_check(page)


def test_without_javascript_the_list_is_all_there_is(new_page, tile_server: TileServer):
    Place.objects.create(name="Fontaine du Bourg", lon=1.6912, lat=46.8103)
    page = new_page(java_script_enabled=False)

    page.goto("/places/")

    expect(page.locator("#map-places")).to_be_hidden()
    expect(page.locator("#map-places-list .map__list a")).to_have_text(["Fontaine du Bourg"])
    expect(page.locator("a.map__skip")).to_have_attribute("href", "#map-places-list")
    assert tile_server.requested == []

"""The job offers with the keyboard alone, in a real Chromium: a category chosen in the
list's filter, the filter sent, an offer opened."""

from __future__ import annotations

import pytest

from parvis.jobs.tests.factories import make_offer
from tests.browser.conftest import axe_check
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser


def test_filtering_the_offers_and_opening_one_with_the_keyboard_alone(page, town_content):
    make_offer("directeur-general", title="Directeur général des services", category="A")
    page.goto("/jobs/")
    offers = page.locator("main .card h2 a")
    assert sorted(offers.all_inner_texts()) == [
        "Agent des espaces verts",
        "Directeur général des services",
    ]

    tab_to(page, "#filter-category")
    for _ in range(3):  # all categories, A, B, then C
        page.keyboard.press("ArrowDown")
    assert page.locator("#filter-category").input_value() == "C"
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "category=C" in page.url
    assert offers.all_inner_texts() == ["Agent des espaces verts"]
    axe_check(page)
    tab_to(page, "main .card h2 a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/jobs/agent-des-espaces-verts/")
    assert page.locator("h1").inner_text() == "Agent des espaces verts"

"""The council's pages in a real Chromium: axe-core finds no WCAG 2.1 AA violation on the
council's home, a meeting, the deliberations of a year and a deliberation; a visitor goes
from the archive to another year and to a deliberation with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from parvis.council.tests.test_pages import council, town  # noqa: F401 (fixtures)
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


def test_the_council_pages_pass_axe(page: Page, council):  # noqa: F811
    for path in (
        "/council/",
        f"/council/meetings/{council.pk}/",
        "/council/deliberations/2025/",
        "/council/deliberations/2025-001/",
        "/en/council/",
        "/en/council/deliberations/2025-001/",
    ):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        axe_check(page)


def tab_to(page: Page, text: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} was not reached with Tab")


def test_the_archive_with_the_keyboard_alone(page: Page, council):  # noqa: F811
    page.goto("/en/council/deliberations/2026/")
    tab_to(page, "2025")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Deliberations of 2025")
    tab_to(page, "2025-001")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#deliberation-outcome")).to_have_text("Adopted")

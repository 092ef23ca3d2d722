"""Keyboard alone: skip link, site search, sign-in, following, visible focus, error summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from conftest import PASSWORD
from tests.browser.conftest import at_path, sign_in, text

pytestmark = pytest.mark.browser

MAX_TABS = 40

FOCUSED = """() => {
  const el = document.activeElement;
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    className: el.className,
    href: el.getAttribute("href"),
    role: el.getAttribute("role"),
    text: (el.innerText || el.value || "").trim(),
    inMain: !!el.closest("main"),
  };
}"""

# What the focused element shows: an outline or a box shadow, and whether it is on screen.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    element: el.outerHTML.slice(0, 100),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    outlineWidth: parseFloat(style.outlineWidth),
    shadow: style.boxShadow !== "none",
    visible: box.width > 0 && box.height > 0,
  };
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab ({MAX_TABS} presses)")


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page, town_content):
    page.goto("/spaces/vieux-bourg/")

    page.keyboard.press("Tab")

    first = focused(page)
    assert first["className"] == "skip-link"
    assert first["href"] == "#main"
    assert first["text"] == text("Skip to content")
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0  # shown on screen while focused

    page.keyboard.press("Enter")

    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["inMain"] is True, after  # the header's links are skipped


def test_the_site_search_works_with_the_keyboard(page, town_content):
    page.goto("/")

    tab_to(page, "#site-search-q")
    page.keyboard.type("bourg")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=bourg")

    assert page.locator("h1").inner_text() == text("Search")
    results = page.locator("main .search-results a")
    assert results.all_inner_texts() == ["Vieux-Bourg"]
    # And the button, reached by Tab and pressed with the space bar, searches too.
    page.goto("/")
    tab_to(page, "#site-search-q")
    page.keyboard.type("history")
    tab_to(page, ".site-search button")
    page.keyboard.press("Space")
    page.wait_for_url("**/search/?q=history")
    assert page.locator("main .search-results a").all_inner_texts() == [
        "Vieux-Bourg",  # its description links to its history
        "History of the old town — Vieux-Bourg",
    ]


def test_signing_in_and_following_a_space_with_the_keyboard_alone(page, town_content, resident):
    page.goto("/spaces/vieux-bourg/")
    tab_to(page, "main a[href^='/accounts/login/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/spaces/vieux-bourg/$"))

    tab_to(page, "#id_login")
    page.keyboard.type(resident.email)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "main form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(at_path("/spaces/vieux-bourg/"))

    sign_out = page.get_by_role("button", name=text("Sign out"))
    assert sign_out.is_visible()
    tab_to(page, "main form[action$='/follow/'] button")
    with page.expect_navigation(url=at_path("/spaces/vieux-bourg/")):
        page.keyboard.press("Enter")

    stop = page.get_by_role("button", name=f"{text('Stop following')} Vieux-Bourg")
    assert stop.is_visible()
    assert resident.subscriptions.count() == 1


def _walk_focus(page: Page, count: int) -> list[dict]:
    seen = []
    for _ in range(count):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state["element"].startswith("<body"):
            break
        seen.append(state)
    return seen


@pytest.mark.parametrize(
    "path", ["/", "/spaces/vieux-bourg/", "/accounts/login/", "/search/?q=bourg"]
)
def test_focus_is_always_visible(page, town_content, path):
    page.goto(path)

    stops = _walk_focus(page, MAX_TABS)

    assert len(stops) >= 8, stops
    invisible = [s["element"] for s in stops if not (s["outline"] or s["shadow"])]
    assert invisible == []
    assert [s["element"] for s in stops if not s["visible"]] == []


def test_focus_is_visible_in_the_back_office(page, town_content, administrator):
    sign_in(page, administrator)
    page.goto(f"/backoffice/spaces/space/{town_content.neighbourhood.pk}/change/")

    stops = _walk_focus(page, MAX_TABS)

    assert len(stops) >= 10, stops
    assert [s["element"] for s in stops if not (s["outline"] or s["shadow"])] == []


def test_focus_moves_to_the_error_summary_after_an_invalid_submit(page, town_content):
    page.goto("/accounts/signup/")
    tab_to(page, "#id_email")
    page.keyboard.type("camille@example")
    tab_to(page, "main form.form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = focused(page)
    assert summary["role"] == "alert"
    assert "form-errors" in summary["className"]
    # The summary links to each field in error; following a link puts focus in the field.
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#id_email"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_email"
    assert page.locator("#id_email").input_value() == "camille@example"

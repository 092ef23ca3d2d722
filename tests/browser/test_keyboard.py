"""Keyboard alone: skip link, site search, sign-in, following, commenting, moderating,
visible focus, error summary."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from conftest import PASSWORD
from parvis.comments.models import Comment
from parvis.comments.services import comment_create
from parvis.moderation.models import Decision
from parvis.spaces.models import ModerationPolicy
from parvis.spaces.services import space_save
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
    results = page.locator("main .search-results .search-result__title a")
    # The space itself first, then what is in it and names it: an announcement, a comment,
    # and its pages (a space page is found by its space's name); and what names it
    # elsewhere.
    on_history = text("Comment on “%(title)s”") % {"title": town_content.history}
    found = results.all_inner_texts()
    assert found[0] == "Vieux-Bourg"
    assert sorted(found) == sorted(
        [
            "Vieux-Bourg",
            f"Vieux-Bourg — {town_content.announcement.text}",
            on_history,
            "History of the old town",
            "Practical information",
            # The podcast of the old town, and its episode.
            "La voix du bourg",
            "La voix du bourg — Le marché du samedi",
        ]
    )
    # The type filter, ticked with the space bar, narrows the results to spaces.
    tab_to(page, "main input[name=type][value=space]")
    page.keyboard.press("Space")
    tab_to(page, "main form.search-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("main input[name=type][value=space]").is_checked()
    assert results.all_inner_texts() == ["Vieux-Bourg"]
    # And the header's button, reached by Tab and pressed with the space bar, searches too.
    page.goto("/")
    tab_to(page, "#site-search-q")
    page.keyboard.type("history")
    tab_to(page, ".site-search button")
    page.keyboard.press("Space")
    page.wait_for_url("**/search/?q=history")
    assert sorted(results.all_inner_texts()) == sorted(
        [
            "History of the old town",
            "Vieux-Bourg",  # its description links to its history
            on_history,
        ]
    )


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
    "path",
    [
        "/",
        "/spaces/vieux-bourg/",
        "/accounts/login/",
        "/search/?q=bourg",
        "/news/",
        "/news/new-library/",
        "/tags/travaux/",
    ],
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


def test_focus_is_visible_in_the_moderation_queue(page, town_content, officer, moderator, resident):
    town_content.neighbourhood.moderation_policy = ModerationPolicy.BEFORE
    space_save(space=town_content.neighbourhood, actor=officer)
    comment_create(target=town_content.history, author=resident, body="Held for review.")
    sign_in(page, moderator)
    page.goto("/backoffice/moderation/decision/queue/")

    stops = _walk_focus(page, 60)

    # Tab reaches the decision buttons, and each stop shows where the focus is.
    assert any('value="approve"' in s["element"] for s in stops), stops
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


def test_following_a_space_then_commenting_and_replying_with_the_keyboard_alone(
    page, town_content, resident
):
    sign_in(page, resident)
    page.goto("/spaces/vieux-bourg/")

    tab_to(page, "main form[action$='/follow/'] button")
    with page.expect_navigation(url=at_path("/spaces/vieux-bourg/")):
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name=f"{text('Stop following')} Vieux-Bourg").is_visible()
    assert [s.target for s in resident.subscriptions.all()] == [town_content.neighbourhood]

    # To the history page, then the comment form at its end.
    tab_to(page, "main a[href='/spaces/vieux-bourg/pages/histoire/']")
    with page.expect_navigation(url=at_path("/spaces/vieux-bourg/pages/histoire/")):
        page.keyboard.press("Enter")
    tab_to(page, "#comment-form textarea")
    page.keyboard.type("The ramparts walk is worth it at sunset.")
    tab_to(page, "#comment-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    comment = Comment.objects.get(author=resident)
    assert comment.body == "The ramparts walk is worth it at sunset."
    assert comment.is_visible  # the neighbourhood moderates after publication
    assert page.locator(f"#{comment.anchor}").is_visible()

    # A reply: the "Reply" disclosure opens with Enter and its form is next in the tab order.
    neighbour = Comment.objects.get(author=town_content.councillor)
    reply_form = f"#comments li:has(#{neighbour.anchor}) > details.comment-action"
    tab_to(page, f"{reply_form} > summary")
    page.keyboard.press("Enter")
    assert page.locator(reply_form).get_attribute("open") is not None
    tab_to(page, f"{reply_form} textarea")
    page.keyboard.type("So did mine!")
    tab_to(page, f"{reply_form} button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    reply = Comment.objects.get(author=resident, parent=neighbour)
    assert reply.body == "So did mine!"
    assert page.locator(f"#{reply.anchor}").is_visible()


def test_a_moderator_approves_from_the_queue_with_the_keyboard_alone(
    page, town_content, officer, moderator, resident
):
    town_content.neighbourhood.moderation_policy = ModerationPolicy.BEFORE
    space_save(space=town_content.neighbourhood, actor=officer)
    comment = comment_create(
        target=town_content.history, author=resident, body="The priory garden opens in May."
    )
    assert comment.is_pending
    sign_in(page, moderator)
    page.goto("/backoffice/moderation/decision/queue/")

    item = ".moderation-item"  # the only one
    assert page.locator(item).count() == 1
    # Past the menu of every app: the back office's skip link comes first and leads to the queue.
    page.keyboard.press("Tab")
    assert focused(page)["href"].endswith("#content-start")
    page.keyboard.press("Enter")
    tab_to(page, f"{item} textarea[name=reason]")
    page.keyboard.type("Checked with the parish.")
    tab_to(page, f"{item} button[value=approve]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator(".messagelist").inner_text() == text("Approved: it is public.")
    assert page.locator(".moderation-item").count() == 0
    comment.refresh_from_db()
    assert comment.is_visible
    decision = Decision.objects.get()
    assert (decision.moderator, decision.reason) == (moderator, "Checked with the parish.")

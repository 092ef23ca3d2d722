"""An episode's page with the keyboard alone, in a real Chromium: Tab reaches the player,
Space plays the episode (served by the site, its duration known to the browser), Tab goes on
to the download and transcript links; the transcript is on the page; axe finds nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from parvis.podcasts.tests.factories import make_episode, make_show
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nBonjour et bienvenue.\n\n00:00:04.000 --> 00:00:06.000\nÀ bientôt.\n"

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || "").trim(), href: el.getAttribute("href")};
}"""


def tab_to(page: Page, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError("not reached with Tab")


def test_the_player_and_the_transcript_with_the_keyboard(page: Page):
    episode = make_episode(
        make_show(), "le-marche", seconds=8, transcript=VTT, transcript_format="vtt"
    )
    page.goto("/en/podcasts/la-voix-du-bourg/le-marche/")

    assert page.locator(".transcript dd").all_inner_texts() == [
        "Bonjour et bienvenue.",
        "À bientôt.",
    ]
    axe_check(page)

    tab_to(page, lambda f: f["tag"] == "audio")
    page.keyboard.press("Space")
    # The browser fetched the file and plays it: its duration is the episode's.
    page.wait_for_function("() => !document.querySelector('audio').paused")
    page.wait_for_function(
        "() => { const a = document.querySelector('audio'); return a.error || a.currentTime > 0; }"
    )
    assert page.evaluate("() => document.querySelector('audio').error") is None
    duration = page.evaluate("() => document.querySelector('audio').duration")
    assert round(duration) == 8
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('audio').paused")

    download = tab_to(page, lambda f: f["href"] == episode.audio.url)
    assert download["text"].startswith("Download the audio file")
    transcript = tab_to(page, lambda f: (f["href"] or "").endswith("/transcript/"))
    assert transcript["text"] == "The transcript as a file"

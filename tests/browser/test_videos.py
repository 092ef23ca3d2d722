"""The video library in a real Chromium: a video kept on YouTube asks nothing of YouTube
until the visitor presses the play button (every request is recorded), which is reached and
pressed with the keyboard alone and then inserts the player; an uploaded video (a real WebM
made by Parvis) plays, served in ranges, with its French captions track loaded."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from parvis.videos.tests.factories import (
    make_category,
    make_playlist,
    make_reference,
    make_upload,
    small_webm,
)
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser

PLAYER = "<!DOCTYPE html><html lang=en><title>Player</title><p>Player</p></html>"


def tab_to(page: Page, text: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} was not reached with Tab")


def test_the_player_of_another_site_loads_only_after_a_click(page: Page, live_server):
    make_reference("concert", title="Concert d'été", url="https://youtu.be/dQw4w9WgXcQ")
    local = urlsplit(live_server.url).hostname
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if urlsplit(request.url).hostname not in (local, None)
            else None
        ),
    )

    def provider(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=PLAYER)

    page.route(re.compile(r"^https://www\.youtube-nocookie\.com/"), provider)

    page.goto("/en/videos/concert/")
    page.wait_for_load_state("networkidle")
    assert elsewhere == []
    expect(page.locator("iframe")).to_have_count(0)

    tab_to(page, "Play the video (loads the YouTube player)")
    page.keyboard.press("Enter")

    frame = page.locator("iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    expect(frame).to_have_attribute("title", "Concert d'été")
    page.wait_for_load_state("networkidle")
    assert elsewhere == ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"]
    assert page.evaluate("() => document.activeElement.tagName") == "IFRAME"


def test_an_uploaded_video_plays_with_its_captions(page: Page):
    make_upload("mot-du-maire", title="Le mot du maire", data=small_webm(3))

    page.goto("/en/videos/mot-du-maire/")
    video = page.locator("video")
    expect(video.locator("track")).to_have_attribute("kind", "captions")
    duration = page.evaluate(
        """async () => {
            const video = document.querySelector("video");
            video.muted = true;
            video.textTracks[0].mode = "showing";
            await video.play();
            return video.duration;
        }"""
    )
    assert round(duration) == 3
    page.wait_for_function("() => document.querySelector('video').textTracks[0].cues.length")
    cues = page.evaluate(
        "() => Array.from(document.querySelector('video').textTracks[0].cues, c => c.text)"
    )
    assert cues == ["Bonjour et bienvenue au conseil municipal.", "La séance est ouverte."]


def test_the_video_pages_pass_axe(page: Page):
    council = make_category("conseil", "Conseil municipal")
    upload = make_upload("seance", title="Séance du conseil", categories=[council])
    elsewhere = make_reference("concert", title="Concert d'été", categories=[council])
    make_playlist("le-mandat", [upload, elsewhere], title="Le mandat")
    for path in (
        "/videos/",
        "/videos/categories/conseil/",
        "/videos/playlists/le-mandat/",
        "/videos/seance/",
        "/videos/concert/",
        "/en/videos/",
        "/en/videos/concert/",
    ):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        axe_check(page)

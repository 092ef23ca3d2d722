"""How cards lay out in a real browser: what a visitor sees of a list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from parvis.news.models import Announcement
from parvis.news.services import announcement_publish, announcement_save
from tests.conftest import cover_image

pytestmark = pytest.mark.browser


def test_an_announcement_without_a_picture_has_no_empty_band(page: Page, officer):
    # Published in this order, the list shows them side by side: the text first, then the
    # one with a picture.
    with_picture = Announcement(
        text="The swimming pool reopens on Monday.", image_alt="The pool, seen from its steps"
    )
    with_picture.image.save("pool.png", cover_image(), save=False)
    for announcement in (
        with_picture,
        Announcement(text="The town hall is closed on Friday."),
    ):
        announcement_save(announcement=announcement, actor=officer, tags=[])
        announcement_publish(announcement=announcement, actor=officer)

    page.goto("/announcements/")

    cards = page.locator(".card--announcement")
    text_only = cards.filter(has_text="The town hall is closed").bounding_box()
    pictured = cards.filter(has_text="The swimming pool reopens").bounding_box()
    assert text_only is not None and pictured is not None
    assert text_only["y"] == pictured["y"]  # one row
    # The card ends with its date, well above where the card with a picture ends.
    meta = cards.filter(has_text="The town hall is closed").locator(".card__meta").bounding_box()
    assert meta is not None
    assert text_only["y"] + text_only["height"] - (meta["y"] + meta["height"]) < 32
    assert text_only["height"] < pictured["height"] - 100

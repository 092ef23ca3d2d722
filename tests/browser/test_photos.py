"""An officer uploads fifty files at once with the bulk uploader in Chromium: the progress bar
reaches the end, each file says it was sent; the worker makes the thumbnails; the photos are
in the monthly album of the date their camera wrote, with thumbnails, and no served file
(renditions and the downloadable original) carries the GPS position or the camera. Then the
slideshow with the keyboard alone, and axe on each screen."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import expect

from parvis.photos.models import Photo, PhotoStatus
from parvis.photos.tests.factories import GPS_IFD, jpeg
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser

COLOURS = ("steelblue", "darkgreen", "firebrick", "goldenrod", "slateblue", "teal", "sienna")


def test_an_officer_uploads_photos_that_land_in_their_month_without_gps(
    new_page, officer, run_tasks
):
    page = new_page()
    sign_in(page, officer)
    page.goto("/backoffice/photos/photo/upload/")
    axe_check(page)
    # Fifty files at once: 49 photos of May 2026 (from the 1st to the 28th, morning and
    # late morning), and one that is no photo.
    files = [
        {"name": f"marche-{n:02d}.jpg", "mimeType": "image/jpeg", "buffer": jpeg(480, 320, taken=f"2026:05:{1 + n % 28:02d} {9 + n // 28:02d}:00:00", colour=COLOURS[n % len(COLOURS)])}
        for n in range(49)
    ] + [{"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo at all"}]  # fmt: skip
    page.locator("#id_files").set_input_files(files)
    page.locator("#id_alt_text").fill("Les étals du marché sous les platanes")
    page.locator("input[type=submit]").click()

    expect(page.locator("[data-upload-finished]")).to_be_attached(timeout=90_000)
    assert page.locator("[data-upload-total]").evaluate("p => [p.value, p.max]") == [50, 50]
    results = page.locator("[data-upload-list] li")
    outcomes = results.evaluate_all("items => items.map(i => i.dataset.uploadResult)")
    assert outcomes == ["ok"] * 49 + ["failed"]
    assert results.nth(49).inner_text().startswith("notes.jpg: ")
    # The refused file's answer is a 400, on purpose; nothing else may have gone wrong.
    problems = page.problems
    assert problems.failed_resources == [f"400 {page.url}"], problems.failed_resources
    assert len(problems.console_errors) <= 1, problems.console_errors
    problems.clear()
    axe_check(page)
    assert Photo.objects.filter(status=PhotoStatus.PENDING).count() == 49

    run_tasks()

    photos = list(Photo.objects.order_by("upload_name"))
    assert [p.status for p in photos] == [PhotoStatus.READY] * 49
    assert {p.taken_month for p in photos} == {date(2026, 5, 1)}
    for photo in photos:
        for name in [*photo.stored.names(), photo.original.name]:
            with default_storage.open(name) as stream, Image.open(stream) as image:
                assert image.getexif().get_ifd(GPS_IFD) == {}, name
                assert len(image.getexif()) == 0, name
            with default_storage.open(name) as stream:
                assert b"PhoneMaker" not in stream.read(), name

    page.goto("/en/photos/months/2026/5/")
    thumbnails = page.locator(".photo-grid img")
    expect(thumbnails).to_have_count(24)  # the first page of the month
    # Thumbnails load lazily: each one is brought into view, as a reader scrolling would, and
    # must then finish loading with real pixels (a broken file never gets a natural width).
    for n in range(24):
        thumbnail = thumbnails.nth(n)
        thumbnail.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0",
            arg=thumbnail.element_handle(),
            timeout=10_000,
        )
    axe_check(page)

    # The slideshow with the keyboard: the arrow keys follow "next" and "previous".
    newest, older = photos[27], photos[26]  # taken on 28 May, then on 27 May, at 9:00
    page.goto(f"/en/photos/months/2026/5/{newest.pk}/")
    axe_check(page)
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    expect(page.locator("h1")).to_have_text(older.title)
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")
    expect(page.locator("h1")).to_have_text(newest.title)

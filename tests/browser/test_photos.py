"""An officer uploads several photos with the bulk uploader in Chromium: the progress bar
reaches the end, each file says it was sent; the worker makes the thumbnails; the photos are
in the monthly album of the date their camera wrote, with thumbnails, and no served file
(renditions and the downloadable original) carries the GPS position or the camera. Then the
slideshow with the keyboard alone, and axe on each screen."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import expect

from parvis.photos.models import Photo, PhotoStatus
from parvis.photos.tests.factories import GPS_IFD, jpeg
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_an_officer_uploads_photos_that_land_in_their_month_without_gps(
    new_page, officer, run_tasks
):
    page = new_page()
    sign_in(page, officer)
    page.goto("/backoffice/photos/photo/upload/")
    axe_check(page)
    files = [
        {"name": f"marche-{n}.jpg", "mimeType": "image/jpeg", "buffer": jpeg(900, 600, taken=f"2026:05:{10 + n:02d} 09:00:00", colour=colour)}
        for n, colour in enumerate(("steelblue", "darkgreen", "firebrick"))
    ] + [{"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo at all"}]  # fmt: skip
    page.locator("#id_files").set_input_files(files)
    page.locator("#id_alt_text").fill("Les étals du marché sous les platanes")
    page.locator("input[type=submit]").click()

    expect(page.locator("[data-upload-finished]")).to_be_attached(timeout=30_000)
    assert page.locator("[data-upload-total]").evaluate("p => [p.value, p.max]") == [4, 4]
    results = page.locator("[data-upload-list] li")
    assert results.evaluate_all("items => items.map(i => i.dataset.uploadResult)") == [
        "ok",
        "ok",
        "ok",
        "failed",
    ]
    assert results.nth(3).inner_text().startswith("notes.jpg: ")
    # The refused file's answer is a 400, on purpose; nothing else may have gone wrong.
    problems = page.problems
    assert problems.failed_resources == [f"400 {page.url}"], problems.failed_resources
    assert len(problems.console_errors) <= 1, problems.console_errors
    problems.clear()
    axe_check(page)
    assert Photo.objects.filter(status=PhotoStatus.PENDING).count() == 3

    run_tasks()

    photos = list(Photo.objects.order_by("upload_name"))
    assert [p.status for p in photos] == [PhotoStatus.READY] * 3
    for photo in photos:
        for name in [*photo.stored.names(), photo.original.name]:
            with default_storage.open(name) as stream, Image.open(stream) as image:
                assert image.getexif().get_ifd(GPS_IFD) == {}, name
                assert len(image.getexif()) == 0, name
            with default_storage.open(name) as stream:
                assert b"PhoneMaker" not in stream.read(), name

    page.goto("/en/photos/months/2026/5/")
    thumbnails = page.locator(".photo-grid img")
    expect(thumbnails).to_have_count(3)
    for n in range(3):
        assert thumbnails.nth(n).evaluate("img => img.complete && img.naturalWidth > 0") is True
    axe_check(page)

    # The slideshow with the keyboard: the arrow keys follow "next" and "previous".
    newest = photos[2]
    page.goto(f"/en/photos/months/2026/5/{newest.pk}/")
    axe_check(page)
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    expect(page.locator("h1")).to_have_text(photos[1].title)
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")
    expect(page.locator("h1")).to_have_text(newest.title)

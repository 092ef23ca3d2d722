"""Bad files, through the bulk uploader (one message per file, nothing half-saved) and the
import command (zip with "../" entries, a ZIP bomb, non-images)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from PIL import Image

from parvis.accounts.tests.helpers import sign_in
from parvis.photos.models import Photo
from parvis.photos.tests.factories import jpeg, make_album

pytestmark = pytest.mark.django_db

UPLOAD = "/backoffice/photos/photo/upload/"


def bomb_png() -> bytes:
    """A PNG that says it is 20,000 x 20,000 (400 megapixels) in a few hundred bytes."""
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


def truncated_jpeg() -> bytes:
    return jpeg(800, 600)[:2000]


def polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    return jpeg() + archive.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

BAD_FILES = [
    ("bomb.png", bomb_png(), "too_many_pixels"),
    ("cut.jpg", truncated_jpeg(), "damaged"),
    ("polyglot.jpg", polyglot(), "hidden_data"),
    ("drawing.svg", SVG, "not_an_image"),
    ("holiday.jpg", b"<html><body>Not a photo</body></html>", "not_an_image"),
]


def upload(client, files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        UPLOAD,
        {
            "files": [SimpleUploadedFile(name, data) for name, data in files],
            "alt_text": "La fête de la musique",
            "licence": "cc-by-4.0",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.fixture
def officer_client(client, officer):
    sign_in(client, officer)
    return client


def test_each_bad_file_gets_its_message_and_good_ones_are_saved(officer_client):
    files = [(name, data) for name, data, _ in BAD_FILES] + [("good.jpg", jpeg())]

    response = upload(officer_client, files)

    assert response.status_code == 400
    items = [
        (li.get_text(" ", strip=True).split(":")[0], li["data-code"])
        for li in BeautifulSoup(response.content, "html.parser").select(".photo-upload__list li")
    ]
    assert items == [(name, code) for name, _, code in BAD_FILES] + [("good.jpg", "uploaded")]
    assert list(Photo.objects.values_list("upload_name", flat=True)) == ["good.jpg"]


def test_the_uploader_answers_json_per_file(officer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = officer_client.post(
        UPLOAD,
        {
            "files": SimpleUploadedFile("cut.jpg", truncated_jpeg()),
            "alt_text": "Une rue",
            "licence": "cc0-1.0",
        },
        HTTP_ACCEPT="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json()["results"] == [
        {
            "name": "cut.jpg",
            "ok": False,
            "code": "damaged",
            # The back office speaks French, whatever the browser asks.
            "message": "Cette image est abîmée ou incomplète (elle n’a pas pu être lue jusqu’au bout).",
        }
    ]
    assert Photo.objects.count() == 0


def test_the_uploader_needs_a_text_alternative_and_files(officer_client):
    response = officer_client.post(UPLOAD, {"licence": "cc-by-4.0"})

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select(".field-files .errorlist") and page.select(".field-alt_text .errorlist")
    assert Photo.objects.count() == 0


def test_a_resident_cannot_reach_the_uploader(client, resident):
    sign_in(client, resident)

    response = upload(client, [("good.jpg", jpeg())])

    assert response.status_code in (302, 403)
    assert Photo.objects.count() == 0


def write_zip(path: Path, entries: dict[str, bytes], *, compression=zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_import_refuses_escaping_paths_and_non_images_and_keeps_the_rest(tmp_path):
    album = make_album()
    source = write_zip(
        tmp_path / "archive.zip",
        {
            "../evil.jpg": jpeg(),
            "/etc/passwd.jpg": jpeg(),
            "notes.txt": b"hello",
            "fake.jpg": b"GIF89a not really",
            "2025/fete.jpg": jpeg(taken="2025:06:21 21:00:00"),
        },
    )
    out = io.StringIO()

    with translation.override("en"):
        call_command("import_photos", str(source), alt="La fête", album="le-marche", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("refused  ../evil.jpg: This entry's path leaves the archive")
    assert lines[1].startswith("refused  /etc/passwd.jpg: This entry's path leaves the archive")
    assert lines[2] == "refused  notes.txt: Not an image (skipped by its name)."
    assert lines[3].startswith("refused  fake.jpg: This file is not a photo we can read")
    assert lines[4] == "imported 2025/fete.jpg"
    assert lines[5] == "1 imported, 4 refused."
    photo = Photo.objects.get()
    assert (photo.upload_name, photo.title, list(photo.albums.all())) == (
        "fete.jpg",
        "fete",
        [album],
    )
    assert not (tmp_path.parent / "evil.jpg").exists()


def test_import_refuses_a_zip_bomb_entry_and_an_archive_too_large(tmp_path, settings):
    bomb = write_zip(
        tmp_path / "bomb.zip",
        {"big.jpg": b"\0" * 5_000_000},
        compression=zipfile.ZIP_DEFLATED,
    )
    out = io.StringIO()

    with translation.override("en"):
        call_command("import_photos", str(bomb), alt="x", stdout=out)

    assert out.getvalue().splitlines()[0] == (
        "refused  big.jpg: This entry expands far more than a photo can (a ZIP bomb)."
    )
    settings.PHOTOS_IMPORT_MAX_TOTAL = 1_000_000
    with translation.override("en"), pytest.raises(CommandError, match="would expand to"):
        call_command("import_photos", str(bomb), alt="x", stdout=io.StringIO())
    assert Photo.objects.count() == 0


def test_import_of_a_folder_processes_on_request(tmp_path):
    (tmp_path / "a.jpg").write_bytes(jpeg())
    (tmp_path / "b.png").write_bytes(jpeg())  # named PNG, a JPEG inside: judged by content
    out = io.StringIO()

    call_command("import_photos", str(tmp_path), alt="Une rue", process=True, stdout=out)

    assert out.getvalue().splitlines()[-1] == "2 imported, 0 refused."
    assert sorted(Photo.objects.values_list("status", flat=True)) == ["ready", "ready"]

"""Private files (CVs, invoices, proofs) have no public address and are never served."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

SECRET = b"Curriculum vitae of Camille, born 1990, 3 rue des Lilas"
PUBLIC = b"a public notice"


@pytest.fixture
def folders(settings, tmp_path):
    """Public and private folders side by side, as in the data directory."""
    media, private = tmp_path / "media", tmp_path / "private"
    settings.MEDIA_ROOT = media
    settings.PRIVATE_MEDIA_ROOT = private
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media, "base_url": "/media/"},
        },
        "private": {
            "BACKEND": "parvis.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": private},
        },
    }
    public_name = storages["default"].save("notices/notice.txt", ContentFile(PUBLIC))
    private_name = storages["private"].save("applications/cv.txt", ContentFile(SECRET))
    assert (private / private_name).read_bytes() == SECRET  # the premise: it is on disk
    return public_name, private_name


def test_the_configured_private_storage_has_no_address():
    private = storages["private"]

    with pytest.raises(NotImplementedError):
        private.url("applications/cv.pdf")


def test_the_private_storage_keeps_files_outside_the_public_folder(settings):
    private_root = Path(storages["private"].location).resolve()
    public_root = Path(settings.MEDIA_ROOT).resolve()

    assert not private_root.is_relative_to(public_root)


def test_a_public_file_is_served_under_media(client, folders):
    public_name, _ = folders

    response = client.get(f"/media/{public_name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PUBLIC


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/media/applications/cv.txt", 404),
        # Climbing out of the public folder is refused as the tampering it is.
        ("/media/../private/applications/cv.txt", 400),
        ("/media/%2e%2e/private/applications/cv.txt", 400),
        ("/media/..%2fprivate/applications/cv.txt", 400),
        ("/media/%2e%2e%2fprivate%2fapplications%2fcv.txt", 400),
        ("/media/notices/../../private/applications/cv.txt", 400),
        ("/media/....//private/applications/cv.txt", 404),
        ("/media/..\\private\\applications\\cv.txt", 404),
        ("/media/%00/../private/applications/cv.txt", 404),
        ("/media/private/applications/cv.txt", 404),
        ("/en/media/applications/cv.txt", 404),
        ("/private/applications/cv.txt", 404),
    ],
)
def test_no_address_under_media_serves_a_private_file(client, folders, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert SECRET not in response.content


@pytest.mark.parametrize("path", ["/media/", "/media/notices/"])
def test_folders_under_media_are_not_listed(client, folders, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b"notice.txt" not in response.content


def test_the_absolute_path_of_a_private_file_is_not_served(client, folders, settings):
    _, private_name = folders
    absolute = (settings.PRIVATE_MEDIA_ROOT / private_name).as_posix()

    response = client.get(f"/media/{absolute}")
    response_double = client.get(f"/media//{absolute.lstrip('/')}")

    for answer in (response, response_double):
        assert answer.status_code == 404
        assert SECRET not in answer.content


def test_a_private_file_is_streamed_as_a_download_kept_by_no_cache(folders):
    from django.core.files.storage import storages

    from parvis.core.storage import private_file_response

    stored = storages["private"].save("applications/lettre.pdf", ContentFile(SECRET))
    with storages["private"].open(stored) as file:
        response = private_file_response(file, filename="Lettre de Camille Dupré.pdf")
        body = b"".join(response.streaming_content)

    assert body == SECRET
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Lettre%20de%20Camille%20Dupr%C3%A9.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_private_file_of_an_unknown_kind_is_a_plain_download(folders):
    from django.core.files.storage import storages

    from parvis.core.storage import private_file_response

    _, private_name = folders
    with storages["private"].open(private_name) as file:
        response = private_file_response(file, filename="cv.txt")
        b"".join(response.streaming_content)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="cv.txt"'

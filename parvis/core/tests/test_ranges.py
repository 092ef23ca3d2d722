"""Public media files answer HTTP range requests (a video player seeks with them): 206 with
Content-Range for one range, 416 for a range past the end, the whole file (200) for what is
not one range to honour; every answer says Accept-Ranges: bytes."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from parvis.core.ranges import Unsatisfiable, parse_range

pytestmark = pytest.mark.django_db

DATA = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def media_file() -> str:
    name = default_storage.save("videos/files/range-test.webm", ContentFile(DATA))
    yield f"/media/{name}"
    default_storage.delete(name)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_whole_file_says_it_accepts_ranges(client, media_file):
    response = client.get(media_file)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"
    assert body(response) == DATA


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=10000-", 10000, 10239),
        ("bytes=-240", 10000, 10239),
        ("bytes=10200-99999", 10200, 10239),
    ],
)
def test_one_range_is_answered_206(client, media_file, header, first, last):
    response = client.get(media_file, HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/10240"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Content-Type"] == "video/webm"
    assert body(response) == DATA[first : last + 1]


def test_a_range_past_the_end_is_answered_416(client, media_file):
    response = client.get(media_file, HTTP_RANGE="bytes=10240-")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */10240"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-5", "bytes=9-3", "bytes=-"])
def test_what_is_not_one_range_gets_the_whole_file(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == DATA


def test_an_if_range_that_no_longer_matches_gets_the_whole_file(client, media_file):
    response = client.get(
        media_file, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE="Wed, 21 Oct 2015 07:28:00 GMT"
    )
    assert response.status_code == 200
    last_modified = response["Last-Modified"]
    again = client.get(media_file, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=last_modified)
    assert (again.status_code, body(again)) == (206, DATA[:10])


def test_the_parser_on_its_own():
    assert parse_range("bytes=0-0", 1) == (0, 0)
    assert parse_range("bytes = 2-", 5) == (2, 4)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-0", 5)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)

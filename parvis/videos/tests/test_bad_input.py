"""Bad input, each refused with a clear message next to its field, 400, nothing saved: an
address on 127.0.0.1, 169.254.169.254 or 10.x, a site not in the allow-list, a .mp4 that is
not a video, a caption file that is not WebVTT, an uploaded video published without
captions. And what a PeerTube instance answers (on a loopback server the tests start): a
good answer stored with its thumbnail kept here; too big, too slow, not JSON: processing
failed with the reason for staff."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parvis.accounts.tests.helpers import sign_in
from parvis.core.tests.webserver import web_server
from parvis.videos import providers
from parvis.videos.models import CaptionTrack, Video
from parvis.videos.services import video_process
from parvis.videos.tests.factories import CAPTIONS, make_reference, mp4_bytes, png_bytes

pytestmark = pytest.mark.django_db

ADD = "/backoffice/videos/video/add/"


def fr(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


def form(**overrides) -> dict:
    data = {
        "kind": "upload",
        "title": "Séance du conseil",
        "slug": "seance-du-conseil",
        "description": "",
        "status": "draft",
        "source_url": "",
        "poster_alt": "",
        "space": "",
        "captions-TOTAL_FORMS": "1",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
        "captions-0-language": "fr",
        "captions-0-label": "Français",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def nothing_saved() -> None:
    assert Video.objects.count() == 0
    assert CaptionTrack.objects.count() == 0


def upload(data: bytes, name: str = "seance.mp4", kind: str = "video/mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=kind)


def test_an_officer_uploads_a_captioned_video_and_publishes_it(client, officer, run_tasks):
    sign_in(client, officer)
    response = client.post(
        ADD,
        form(
            status="published",
            file=upload(mp4_bytes(seconds=90), "Séance (final).mp4"),
            **{"captions-0-file": upload(CAPTIONS.encode(), "fr.vtt", "text/vtt")},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    video = Video.objects.get()
    assert (video.status, video.processing, video.mime_type) == (
        "published",
        "pending",
        "video/mp4",
    )
    assert video.file.name.startswith("videos/files/") and "final" not in video.file.name
    assert video.captions.get().file.name.endswith(".vtt")
    run_tasks()
    assert Video.objects.get().duration == 90


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
        "http://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d",
    ],
)
def test_an_address_on_a_private_network_is_refused(client, officer, url):
    sign_in(client, officer)
    response = client.post(ADD, form(kind="reference", source_url=url))
    assert response.status_code == 400
    assert fr("This address leads to a private network or to this server itself; only videos "
              "on public sites can be added.") in response.content.decode()  # fmt: skip
    nothing_saved()


def test_a_site_outside_the_allow_list_is_refused(client, officer):
    sign_in(client, officer)
    response = client.post(
        ADD, form(kind="reference", source_url="https://www.dailymotion.com/video/x8abcd")
    )
    assert response.status_code == 400
    assert "PeerTube" in response.content.decode()
    nothing_saved()


def test_a_file_named_mp4_that_is_not_a_video_is_refused(client, officer):
    sign_in(client, officer)
    response = client.post(ADD, form(file=upload(png_bytes(), "seance.mp4")))
    assert response.status_code == 400
    assert fr("This file is not a video we can publish: send an MP4 or a WebM file.") in (
        response.content.decode()
    )
    nothing_saved()


def test_an_audio_only_mp4_is_refused(client, officer):
    sign_in(client, officer)
    response = client.post(ADD, form(file=upload(mp4_bytes(brand=b"M4A "))))
    assert response.status_code == 400
    nothing_saved()


def test_a_caption_file_that_is_not_webvtt_is_refused(client, officer):
    sign_in(client, officer)
    srt = b"1\n00:00:00,000 --> 00:00:01,500\nBonjour\n"
    response = client.post(
        ADD,
        form(file=upload(mp4_bytes()), **{"captions-0-file": upload(srt, "fr.vtt", "text/vtt")}),
    )
    assert response.status_code == 400
    assert "WebVTT" in response.content.decode()
    nothing_saved()


def test_bad_cue_timings_are_refused(client, officer):
    sign_in(client, officer)
    bad = b"WEBVTT\n\n00:05.000 --> 00:01.000\nA l'envers\n"
    response = client.post(
        ADD,
        form(file=upload(mp4_bytes()), **{"captions-0-file": upload(bad, "fr.vtt", "text/vtt")}),
    )
    assert response.status_code == 400
    nothing_saved()


def test_publishing_an_uploaded_video_without_captions_is_refused(client, officer):
    sign_in(client, officer)
    response = client.post(
        ADD, form(status="published", file=upload(mp4_bytes()), **{"captions-0-label": ""})
    )
    assert response.status_code == 400
    assert (
        fr(
            "An uploaded video is published only with captions, for people who cannot hear it: "
            "add a WebVTT caption track first."
        )
        in response.content.decode()
    )
    nothing_saved()


# --- oEmbed, from a PeerTube instance on loopback -------------------------------------------

VIDEO_ID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"


@pytest.fixture
def peertube(settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with web_server() as server:
        settings.VIDEO_PEERTUBE_HOSTS = [f"127.0.0.1:{server.port}"]
        yield server


def oembed_path(server) -> str:
    """The path and query Parvis asks the instance for (its routes match them whole)."""
    url = providers.parse_reference(server.url(f"/w/{VIDEO_ID}")).oembed_url
    return url.split(str(server.port), 1)[1]


def reference(server) -> Video:
    return make_reference("conseil", url=server.url(f"/w/{VIDEO_ID}"), poster=False, title="")


def test_a_peertube_video_is_resolved_and_its_thumbnail_kept_here(peertube):
    answer = {
        "type": "video",
        "title": "Conseil municipal du 12 mars",
        "author_name": "TV Villeneuve",
        "thumbnail_url": peertube.url("/thumb.png"),
        "duration": 5400,
        "html": '<iframe src="https://evil.example/"></iframe>',
    }
    peertube.route(
        oembed_path(peertube), body=json.dumps(answer).encode(), content_type="application/json"
    )
    peertube.route("/thumb.png", body=png_bytes(), content_type="image/png")
    video = reference(peertube)

    assert video_process(video_id=video.pk) == "ready"

    video.refresh_from_db()
    assert (video.title, video.author_name, video.duration) == (
        "Conseil municipal du 12 mars",
        "TV Villeneuve",
        5400,
    )
    assert video.embed_url == f"http://127.0.0.1:{peertube.port}/videos/embed/{VIDEO_ID}"
    assert video.poster.name.startswith("videos/posters/") and video.poster.name.endswith(".png")
    assert "evil" not in json.dumps([str(getattr(video, f.attname)) for f in Video._meta.fields])


@pytest.mark.parametrize(
    ("body", "drip", "reason"),
    [
        (b"{" + b" " * (providers.OEMBED_MAX_BYTES + 10) + b"}", 0.0, "larger than"),
        (b"<html>PeerTube</html>", 0.0, "not JSON"),
        (b'{"type": "video", "title": "Lent"}', 0.2, "too long"),
    ],
)
def test_a_bad_oembed_answer_fails_with_its_reason(peertube, monkeypatch, body, drip, reason):
    monkeypatch.setattr(providers, "OEMBED_TIMEOUT", 1.0)
    peertube.route(oembed_path(peertube), body=body, content_type="application/json", drip=drip)
    video = reference(peertube)

    with translation.override("en"):
        assert video_process(video_id=video.pk) == "failed"

    video.refresh_from_db()
    assert reason in video.processing_error
    assert (video.poster.name, video.author_name) == ("", "")


def test_a_peertube_name_leading_to_a_private_address_is_refused_by_the_worker(settings):
    settings.VIDEO_PEERTUBE_HOSTS = ["localhost"]
    video = make_reference("local", url=f"http://localhost/w/{VIDEO_ID}", poster=False)

    with translation.override("en"):
        assert video_process(video_id=video.pk) == "failed"

    assert "private network" in Video.objects.get().processing_error

"""The podcasts' back office: an officer uploads an episode, which waits "processing" until
the worker has read its duration; a failure shows its reason. Every bad audio file (a text
named .mp3, a damaged MP3, WAV, FLAC, a file over the limit, a polyglot) is refused with a
clear message next to the field, a 400, and nothing saved: no episode, no stored file."""

from __future__ import annotations

import random

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.podcasts.audio import silent_mp3
from parvis.podcasts.models import Episode, Processing, Show
from parvis.podcasts.services import episode_process
from parvis.podcasts.tests.factories import (
    flac_bytes,
    make_episode,
    make_show,
    ogg_opus,
    ogg_vorbis,
    png_bytes,
    wav_bytes,
)
from parvis.podcasts.tests.m4a import m4a

pytestmark = pytest.mark.django_db

ADD = "/backoffice/podcasts/episode/add/"
ADD_SHOW = "/backoffice/podcasts/show/add/"


def fr(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


def episode_form(show: Show, audio: SimpleUploadedFile | None, **overrides: str) -> dict:
    data = {
        "show": str(show.pk),
        "title": "Le marché du samedi",
        "slug": "le-marche-du-samedi",
        "description": "Les **producteurs** du marché.",
        "season": "1",
        "number": "3",
        "transcript_format": "text",
        "transcript": "Bonjour et bienvenue.",
        "published_at_0": "01/03/2026",
        "published_at_1": "09:00",
        "is_published": "on",
    }
    if audio is not None:
        data["audio"] = audio
    data.update(overrides)
    return data


def stored_audio() -> list[str]:
    try:
        return default_storage.listdir("podcasts/audio")[1]
    except FileNotFoundError:
        return []


def refused(client, upload: SimpleUploadedFile, message: str) -> None:
    show = make_show()
    response = client.post(ADD, episode_form(show, upload))
    assert response.status_code == 400
    # Next to the field: the error list in the audio field's row, which it describes.
    error = BeautifulSoup(response.content, "html.parser").select_one(
        ".field-audio #id_audio_error"
    )
    assert error is not None
    assert message in error.get_text()
    assert Episode.objects.count() == 0
    assert stored_audio() == []


def test_an_officer_uploads_an_episode_which_the_worker_reads(client, officer, run_tasks):
    show = make_show()
    sign_in(client, officer)
    assert client.get(ADD).status_code == 200
    data = silent_mp3(75)
    response = client.post(ADD, episode_form(show, SimpleUploadedFile("Épisode 3 final.mp3", data)))
    assert response.status_code == 302, response.content.decode()[:3000]

    episode = Episode.objects.get()
    # Saved at once, waiting for the worker: no duration yet, not public.
    assert (episode.processing, episode.duration) == (Processing.PENDING, None)
    assert episode.audio_size == len(data)
    assert episode.audio.name.startswith("podcasts/audio/") and episode.audio.name.endswith(".mp3")
    assert "pisode" not in episode.audio.name
    listed = client.get("/backoffice/podcasts/episode/?processing=pending").content.decode()
    assert "Le marché du samedi" in listed
    assert client.logout() is None
    assert client.get("/en/podcasts/la-voix-du-bourg/le-marche-du-samedi/").status_code == 404

    run_tasks()

    episode.refresh_from_db()
    assert (episode.processing, episode.duration, episode.audio_type) == (
        Processing.READY,
        75,
        "audio/mpeg",
    )
    assert client.get("/en/podcasts/la-voix-du-bourg/le-marche-du-samedi/").status_code == 200
    assert AuditEntry.objects.filter(action="podcasts.episode_saved", actor=officer).count() == 1
    assert AuditEntry.objects.filter(action="podcasts.episode_processed").count() == 1


NOT_AUDIO = (
    "This file is not audio we accept: send an MP3, an M4A (AAC) or an Ogg (Vorbis or Opus) file."
)
POLYGLOT = "This audio file also holds a web page, a script or an archive: export the audio again, without it."


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("a.opus", lambda: ogg_opus(4), (4, "audio/ogg", ".opus")),
        ("a.ogg", lambda: ogg_vorbis(6), (6, "audio/ogg", ".ogg")),
        # 215 frames of 1,024 samples at 44.1 kHz: 4.99 s, said as 5.
        ("a.m4a", lambda: m4a(5), (5, "audio/mp4", ".m4a")),
    ],
)
def test_ogg_opus_ogg_vorbis_and_m4a_episodes_are_accepted(client, officer, name, make, expected):
    show = make_show()
    sign_in(client, officer)
    response = client.post(ADD, episode_form(show, SimpleUploadedFile(name, make())))
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = Episode.objects.get()
    assert episode_process(episode_id=episode.pk) == Processing.READY
    episode.refresh_from_db()
    duration, audio_type, extension = expected
    assert (episode.duration, episode.audio_type) == (duration, audio_type)
    assert episode.audio.name.endswith(extension)


def id3_tag(text: bytes) -> bytes:
    """An ID3v2.3 tag with one comment-like TXXX frame holding `text`."""
    frame_body = b"\x00" + b"note\x00" + text
    frame = b"TXXX" + len(frame_body).to_bytes(4, "big") + b"\x00\x00" + frame_body
    size = len(frame)
    synchsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + synchsafe + frame


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "episode.mp3", b"Bonjour, ceci est un texte.\n" * 200, NOT_AUDIO, id="text-named-mp3"
        ),
        pytest.param(
            "episode.mp3",
            bytes([0xFF, 0xFB]) + random.Random(14).randbytes(4000),
            NOT_AUDIO,
            id="garbage-mp3",
        ),
        pytest.param(
            "episode.mp3", id3_tag(b"x") + b"\x00" * 50, NOT_AUDIO, id="tag-without-audio"
        ),
        pytest.param("episode.wav", wav_bytes(), NOT_AUDIO, id="wav"),
        pytest.param("episode.mp3", wav_bytes(), NOT_AUDIO, id="wav-named-mp3"),
        pytest.param("episode.flac", flac_bytes(), NOT_AUDIO, id="flac"),
        pytest.param(
            "episode.m4a",
            b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(200),
            NOT_AUDIO,
            id="mp4-without-any-track",
        ),
        pytest.param(
            "episode.m4a", b"\x00\x00\x00\x18ftypqt  " + bytes(200), NOT_AUDIO, id="quicktime"
        ),
        pytest.param("episode.mp3", b"GIF89a" + silent_mp3(3), NOT_AUDIO, id="gif-then-mp3"),
        pytest.param(
            "episode.mp3",
            id3_tag(b"<html><script>alert(document.cookie)</script></html>") + silent_mp3(3),
            POLYGLOT,
            id="mp3-with-a-page-in-its-tag",
        ),
        pytest.param(
            "episode.mp3",
            silent_mp3(3) + b"PK\x03\x04" + bytes(30) + b"PK\x05\x06" + bytes(18),
            POLYGLOT,
            id="mp3-then-zip",
        ),
    ],
)
def test_bad_audio_is_refused_next_to_the_field(client, officer, name, data, message):
    sign_in(client, officer)
    refused(client, SimpleUploadedFile(name, data), fr(message))


def test_a_truncated_mp3_is_refused(client, officer):
    sign_in(client, officer)
    # A single frame's header and half its body: mutagen finds no second frame to sync to.
    refused(client, SimpleUploadedFile("e.mp3", silent_mp3(0.024)[:50]), fr(NOT_AUDIO))


def test_an_audio_file_over_the_limit_is_refused(client, officer, settings):
    settings.PODCAST_MAX_AUDIO = 20_000
    sign_in(client, officer)
    data = silent_mp3(10)
    assert len(data) > 20_000
    message = fr("This file is too large (%(size)s); the limit is %(limit)s.").split("(")[0]
    refused(client, SimpleUploadedFile("e.mp3", data), message)


def test_an_episode_without_audio_is_refused(client, officer):
    sign_in(client, officer)
    refused(client, None, fr("Choose the episode's audio file."))


def test_a_webvtt_transcript_must_be_one(client, officer):
    show = make_show()
    sign_in(client, officer)
    response = client.post(
        ADD,
        episode_form(
            show,
            SimpleUploadedFile("e.mp3", silent_mp3(3)),
            transcript_format="vtt",
            transcript="Just words, no times.",
        ),
    )
    assert response.status_code == 400
    assert (
        fr("This is not a WebVTT transcript: it must begin with “WEBVTT” and hold timed cues.")
        in response.content.decode()
    )
    assert Episode.objects.count() == 0


def test_a_file_the_worker_cannot_read_fails_with_its_reason_for_staff(client, officer):
    show = make_show()
    episode = make_episode(show, process=False)
    # The stored file is damaged after the upload (a disk, a bad copy).
    with default_storage.open(episode.audio.name, "wb") as handle:
        handle.write(b"broken" * 100)

    assert episode_process(episode_id=episode.pk) == Processing.FAILED

    episode.refresh_from_db()
    # The worker writes the reason in the site's language, as staff read it.
    assert episode.processing_error == fr(NOT_AUDIO)
    assert not episode.is_public()
    sign_in(client, officer)
    page = client.get(f"/backoffice/podcasts/episode/{episode.pk}/change/").content.decode()
    assert fr(NOT_AUDIO).replace("’", "&#x27;") in page or fr(NOT_AUDIO) in page


def test_a_show_cover_must_be_square(client, officer):
    sign_in(client, officer)
    data = {
        "title": "La voix du bourg",
        "slug": "la-voix-du-bourg",
        "description": "Le podcast de la mairie.",
        "cover": SimpleUploadedFile("c.png", png_bytes((1600, 1400))),
        "cover_alt": "Un micro",
        "author": "Mairie",
        "owner_name": "Service communication",
        "owner_email": "podcast@mairie.example",
        "category": "Government",
        "show_type": "episodic",
        "language": "fr",
        "is_published": "on",
    }
    response = client.post(ADD_SHOW, data)
    assert response.status_code == 400
    assert (
        fr("The cover must be square; this one is %(width)s × %(height)s pixels.")
        % {
            "width": 1600,
            "height": 1400,
        }
        in response.content.decode()
    )
    assert Show.objects.count() == 0

    data["cover"] = SimpleUploadedFile("c.png", png_bytes((1400, 1400)))
    response = client.post(ADD_SHOW, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    show = Show.objects.get()
    assert show.guid is not None

"""Videos for tests, made through the services as staff would; small files made here."""

from __future__ import annotations

import io
import struct
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image

from parvis.search.indexing import index_object
from parvis.videos.models import (
    CaptionTrack,
    Category,
    Playlist,
    PlaylistEntry,
    Processing,
    Video,
    VideoKind,
)
from parvis.videos.providers import parse_reference
from parvis.videos.services import video_publish, video_save
from parvis.videos.webm import frames, webm_bytes

CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:01.500\nBonjour et bienvenue au conseil municipal.\n\n"
    "00:01.500 --> 00:03.000\nLa séance est ouverte.\n"
)


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4_bytes(*, seconds: int = 42, brand: bytes = b"isom") -> bytes:
    """An ISO base media file as an MP4's container is: ftyp, moov with its mvhd (timescale
    1000, `seconds` long), mdat. Its boxes are real; it has no playable track."""
    mvhd = box(
        b"mvhd", b"\x00\x00\x00\x00" + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80)
    )
    return (
        box(b"ftyp", brand + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41")
        + box(b"moov", mvhd)
        + box(b"mdat", bytes(256))
    )


def small_webm(seconds: int = 3) -> bytes:
    return webm_bytes(frames(seconds, size=(64, 36)))


def png_bytes(
    size: tuple[int, int] = (160, 90), colour: tuple[int, int, int] = (200, 80, 40)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def make_category(slug: str = "conseil", name: str = "Conseil municipal") -> Category:
    return Category.objects.create(slug=slug, name=name)


def make_upload(
    slug: str = "seance-du-conseil",
    *,
    captions: bool = True,
    publish: bool = True,
    data: bytes | None = None,
    actor: Any = None,
    categories: list[Category] | None = None,
    **fields: Any,
) -> Video:
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    video = Video(kind=VideoKind.UPLOAD, slug=slug, **fields)
    payload = data if data is not None else mp4_bytes()
    video.file.save(f"{slug}.mp4", ContentFile(payload), save=False)
    video.mime_type = "video/mp4" if payload[4:8] == b"ftyp" else "video/webm"
    video = video_save(video=video, actor=actor, file_changed=True)
    if categories:
        video.categories.set(categories)
    if captions:
        track = CaptionTrack(video=video, language="fr", label="Français")
        track.file.save("captions.vtt", ContentFile(CAPTIONS.encode()), save=False)
        track.save()
    if publish:
        video = video_publish(video=video, actor=actor)
    return video


def make_reference(
    slug: str = "fete-de-la-musique",
    *,
    url: str = "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    publish: bool = True,
    poster: bool = True,
    categories: list[Category] | None = None,
    resolved: bool = False,
    **fields: Any,
) -> Video:
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    video = Video(kind=VideoKind.REFERENCE, slug=slug, source_url=url, **fields)
    if poster:
        video.poster.save(f"{slug}.png", ContentFile(png_bytes()), save=False)
        video.poster_alt = f"Image of {slug}"
    if resolved:
        # As the worker leaves it once the provider answered (the demo's are made so): no
        # job is enqueued, so no worker of a test asks the provider.
        reference = parse_reference(url)
        video.provider, video.provider_id = reference.provider, reference.video_id
        video.watch_url, video.embed_url = reference.watch_url, reference.embed_url
        video.processing = Processing.READY
        video.save()
        index_object(video)
    else:
        video = video_save(video=video, actor=None, source_changed=True)
    if categories:
        video.categories.set(categories)
    if publish:
        video = video_publish(video=video, actor=None)
    return video


def make_playlist(slug: str, videos: list[Video], title: str = "Les séances") -> Playlist:
    playlist = Playlist.objects.create(slug=slug, title=title)
    for position, video in enumerate(videos, start=1):
        PlaylistEntry.objects.create(playlist=playlist, video=video, position=position)
    return playlist

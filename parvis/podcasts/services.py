"""Writes of the podcasts: shows and episodes saved, processed, announced and deleted.

Each write audits itself and keeps the search index in step in its transaction. A new
audio file is left to the worker (`tasks.process_episode`, enqueued in the same
transaction): the episode waits "processing" until its duration is read, and followers of
the show are told once, when it first becomes public (now, or at its scheduled time through
`episodes_announce_due`).
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from parvis.core.audit import audit_record
from parvis.core.feeds import feed_url
from parvis.core.links import absolute_url
from parvis.notifications.services import notify
from parvis.podcasts import audio, selectors
from parvis.podcasts.models import Episode, Processing, Show
from parvis.search.indexing import index_object, unindex_object

if TYPE_CHECKING:
    from parvis.accounts.models import User

logger = logging.getLogger(__name__)

#: The namespace of the Podcasting 2.0 GUIDs (podcast:guid), fixed by its specification.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
#: The key of the show feed in the manifest (`feed("podcast", …)`).
FEED_KEY = "podcast"


def podcast_guid(url: str) -> uuid.UUID:
    """The show's podcast:guid: UUIDv5 of its feed's address without the scheme and the
    trailing slashes, as the Podcasting 2.0 specification says."""
    bare = url.split("://", 1)[-1].rstrip("/")
    return uuid.uuid5(PODCAST_NAMESPACE, bare)


def show_feed_url(show: Show) -> str:
    return absolute_url(feed_url(FEED_KEY, "show", show))


def show_save(*, show: Show, actor: User | None) -> Show:
    with transaction.atomic():
        if show.guid is None:
            show.guid = podcast_guid(show_feed_url(show))
        show.save()
        index_object(show)
        for episode in show.episodes.select_related("show__space"):
            index_object(episode)
        audit_record(actor=actor, action="podcasts.show_saved", target=show)
    return show


def show_delete(*, show: Show, actor: User | None) -> None:
    with transaction.atomic():
        for episode in show.episodes.all():
            unindex_object(episode)
        unindex_object(show)
        audit_record(actor=actor, action="podcasts.show_deleted", data={"title": show.title})
        show.delete()


def episode_save(
    *, episode: Episode, actor: User | None, new_audio: audio.CheckedAudio | None = None
) -> Episode:
    """Save an episode. A new audio file (checked: `audio.check_audio`) is stored and left
    for the worker to read: the episode is saved "processing", without a duration."""
    with transaction.atomic():
        if new_audio is not None:
            episode.audio = new_audio.file
            episode.audio_size = new_audio.size
            episode.audio_type = new_audio.kind.mime_type
            episode.duration = None
            episode.processing = Processing.PENDING
            episode.processing_error = ""
        episode.save()
        if new_audio is not None:
            from parvis.podcasts.tasks import process_episode  # the task calls this module

            process_episode.enqueue(episode.pk)
        index_object(episode)
        _announce_if_public(episode)
        audit_record(actor=actor, action="podcasts.episode_saved", target=episode)
    return episode


def episode_process(*, episode_id: int) -> str:
    """Read the audio of an episode (in the worker): its format and duration, or why it
    could not be read, for staff. Returns the processing status; an episode gone since is
    nothing to do."""
    episode = Episode.objects.select_related("show__space").filter(pk=episode_id).first()
    if episode is None:
        return ""
    try:
        with episode.audio.open("rb") as handle:
            size = episode.audio.size
            info = audio.read_audio(handle, size)
        if info.duration <= 0:
            raise ValueError("no sound")
    except Exception as exc:  # the storage's errors as well as the parser's: told to staff
        logger.warning("Podcast episode %s: audio not read: %r", episode.pk, exc)
        reason = (
            " ".join(str(m) for m in exc.messages)
            if hasattr(exc, "messages")
            else "The audio file could not be read."
        )
        fields: dict[str, Any] = {"processing": Processing.FAILED, "processing_error": reason[:300]}
    else:
        fields = {
            "processing": Processing.READY,
            "processing_error": "",
            "duration": info.duration,
            "audio_size": size,
            "audio_type": info.kind.mime_type,
        }
    with transaction.atomic():
        locked = (
            Episode.objects.select_for_update(of=("self",))
            .select_related("show__space")
            .get(pk=episode.pk)
        )
        if locked.audio.name != episode.audio.name:
            return locked.processing  # replaced meanwhile: the newer task decides
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        index_object(locked)
        _announce_if_public(locked)
        audit_record(
            actor=None, action="podcasts.episode_processed", target=locked,
            data={"processing": locked.processing},
        )  # fmt: skip
    return locked.processing


def episode_delete(*, episode: Episode, actor: User | None) -> None:
    with transaction.atomic():
        unindex_object(episode)
        audit_record(actor=actor, action="podcasts.episode_deleted", data={"title": episode.title})
        episode.delete()


def _announce_if_public(episode: Episode) -> bool:
    """Tell the show's followers (and its space's) of the episode, once, if it is public."""
    if episode.announced_at is not None or not episode.is_public():
        return False
    episode.announced_at = timezone.now()
    episode.save(update_fields=["announced_at"])
    notify(
        kind="podcasts.episode_published",
        obj=episode,
        targets=[episode.show, episode.show.space],
        key=f"podcasts.episode:{episode.pk}",
    )
    return True


def episodes_announce_due() -> int:
    """Announce the scheduled episodes whose time has come (every minute, in the worker)."""
    count = 0
    for episode in selectors.due_unannounced():
        with transaction.atomic():
            count += _announce_if_public(episode)
    return count

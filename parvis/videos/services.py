"""Writes about videos. The back office, the worker and the demo town all go through these.

Each service runs in one transaction with its audit entry and keeps the search index in
step. A new file or a new address is processed by the worker (`video_process`), enqueued in
the same transaction as the save: the request returns at once and the page says
"processing" until the worker is done.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import audit_record
from parvis.core.pagecache import objects_changed
from parvis.core.uploads import reencode_image
from parvis.search.indexing import index_object, unindex_object
from parvis.videos import providers
from parvis.videos.media import video_duration
from parvis.videos.models import Processing, Video, VideoKind, VideoStatus

if TYPE_CHECKING:
    from parvis.accounts.models import User

logger = logging.getLogger(__name__)

MAX_REASON = 500


class PublicationRefused(ValidationError):
    """The video cannot be published as it is; nothing changed."""


def captions_missing() -> PublicationRefused:
    return PublicationRefused(
        _(
            "An uploaded video is published only with captions, for people who cannot hear "
            "it: add a WebVTT caption track first."
        ),
        code="captions_required",
    )


def video_save(
    *, video: Video, actor: User | None, file_changed: bool = False, source_changed: bool = False
) -> Video:
    """Save a new or edited video. A new file or address sends it back to processing: the
    worker's job is enqueued in this transaction. Publishing (a status set to published)
    dates the first publication. Audited; reindexed."""
    from parvis.videos.tasks import process_video  # the task calls this module

    with transaction.atomic():
        if video.status == VideoStatus.PUBLISHED and video.published_at is None:
            video.published_at = timezone.now()
        if file_changed and video.kind == VideoKind.UPLOAD:
            checked = getattr(video.file.file, "checked_mime_type", "") if video.file else ""
            video.mime_type = checked or video.mime_type
            video.file_size = video.file.size
        if source_changed and video.kind == VideoKind.REFERENCE:
            reference = providers.parse_reference(video.source_url)
            video.provider = reference.provider
            video.provider_id = reference.video_id
            video.watch_url = reference.watch_url
            video.embed_url = reference.embed_url
        reprocess = file_changed or source_changed or video.pk is None
        if reprocess:
            video.processing = Processing.PENDING
            video.processing_error = ""
        video.save()
        if reprocess:
            pk = video.pk
            process_video.enqueue(pk)
        index_object(video)
        audit_record(actor=actor, action="videos.video_saved", target=video)
    return video


def video_process_again(*, video: Video) -> None:
    """Send a video back to the worker (after a provider's outage, say)."""
    from parvis.videos.tasks import process_video

    with transaction.atomic():
        video.processing = Processing.PENDING
        video.processing_error = ""
        video.save(update_fields=["processing", "processing_error", "updated_at"])
        pk = video.pk
        process_video.enqueue(pk)


def video_publish(*, video: Video, actor: User | None) -> Video:
    """Publish a video; an uploaded one must have a caption track (else PublicationRefused)."""
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        if video.kind == VideoKind.UPLOAD and not video.captions.exists():
            raise captions_missing()
        video.status = VideoStatus.PUBLISHED
        video.published_at = video.published_at or timezone.now()
        video.save(update_fields=["status", "published_at", "updated_at"])
        index_object(video)
        audit_record(actor=actor, action="videos.video_published", target=video)
    return video


def video_unpublish(*, video: Video, actor: User | None) -> Video:
    with transaction.atomic():
        video.status = VideoStatus.UNPUBLISHED
        video.save(update_fields=["status", "updated_at"])
        index_object(video)
        audit_record(actor=actor, action="videos.video_unpublished", target=video)
    return video


def video_delete(*, video: Video, actor: User | None) -> None:
    with transaction.atomic():
        unindex_object(video)
        audit_record(actor=actor, action="videos.video_deleted", data={"title": video.title})
        video.delete()


def video_process(*, video_id: int) -> str:
    """The worker's part: for an uploaded video, its duration read from the container; for
    a video on another site, its oEmbed metadata and its thumbnail, stored here as its poster
    (checked and re-encoded as any image), so that its page asks nothing of the provider.
    Records the reason of a failure for staff. Returns the processing status."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return ""
    try:
        if video.kind == VideoKind.UPLOAD:
            _probe_upload(video)
        else:
            _resolve_reference(video)
    except (providers.ResolutionError, ValidationError, OSError, ValueError) as exc:
        reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        logger.warning("Video %s not processed: %s", video.pk, reason)
        with transaction.atomic():
            Video.objects.filter(pk=video.pk).update(
                processing=Processing.FAILED,
                processing_error=Truncator(reason).chars(MAX_REASON),
                updated_at=timezone.now(),
            )
            objects_changed(Video, [video.pk])
            audit_record(actor=None, action="videos.video_failed", target=video)
        return Processing.FAILED
    video.processing = Processing.READY
    video.processing_error = ""
    with transaction.atomic():
        video.save()
        index_object(video)
    return Processing.READY


def _probe_upload(video: Video) -> None:
    with video.file.open("rb") as handle:
        video.duration = video_duration(
            handle, mime_type=video.mime_type, size=video.file_size or video.file.size
        )


def _resolve_reference(video: Video) -> None:
    reference = providers.parse_reference(video.source_url)
    resolved = providers.resolve(reference)
    poster: ContentFile | None = None
    if resolved.thumbnail_url and not video.poster:
        data = providers.fetch_thumbnail(resolved.thumbnail_url)
        try:
            poster = reencode_image(ContentFile(data, name="thumbnail"))
        except ValidationError:
            raise providers.ResolutionError(
                gettext("The provider's thumbnail is not an image we can read.")
            ) from None
    video.title = video.title or resolved.title or reference.watch_url
    video.author_name = resolved.author
    video.duration = resolved.duration if resolved.duration is not None else video.duration
    if poster is not None:
        video.poster.save(poster.name or "poster.jpg", poster, save=False)
        video.poster_alt = video.poster_alt or (
            gettext("Image of the video “%(title)s”") % {"title": video.title}
        )

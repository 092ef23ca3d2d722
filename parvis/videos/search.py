"""Videos in the site search: title, description, author, categories and tags."""

from __future__ import annotations

from django.db.models import QuerySet

from parvis.search.registry import Document
from parvis.videos.models import Video, VideoStatus


def video_document(video: Video) -> Document:
    words = " ".join(
        [
            *(category.name for category in video.categories.all()),
            *(t.name for t in video.tags.all()),
        ]
    )
    return Document(
        title=video.title,
        text=f"{video.description}\n{video.author_name}\n{words}",
        space=video.space_id,
        date=video.published_at,
        public=video.status == VideoStatus.PUBLISHED
        and (video.space is None or video.space.is_published),
    )


def searchable_videos() -> QuerySet[Video]:
    return (
        Video.objects.filter(status=VideoStatus.PUBLISHED)
        .select_related("space")
        .prefetch_related("categories", "tags")
    )

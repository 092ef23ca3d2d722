"""Shows and episodes in the site search."""

from __future__ import annotations

from django.db.models import QuerySet

from parvis.core.markdown import markdown_to_text
from parvis.podcasts.models import Episode, Processing, Show
from parvis.search.registry import Document


def show_document(show: Show) -> Document:
    return Document(
        title=show.title,
        text=f"{markdown_to_text(show.description)}\n{show.author}",
        space=show.space_id,
        date=show.created_at,
        public=show.is_public(),
    )


def episode_document(episode: Episode) -> Document:
    transcript = episode.transcript if episode.transcript_format == "text" else ""
    return Document(
        title=f"{episode.show.title} — {episode.title}",
        text=f"{markdown_to_text(episode.description)}\n{transcript}",
        space=episode.show.space_id,
        date=episode.published_at,
        visible_from=episode.published_at,
        public=episode.processing == Processing.READY
        and episode.is_published
        and episode.show.is_public(),
    )


def searchable_shows() -> QuerySet[Show]:
    return Show.objects.select_related("space")


def searchable_episodes() -> QuerySet[Episode]:
    return Episode.objects.select_related("show", "show__space")

"""Who may see which video; the only access rules of this app. Staff manage videos in the
back office (the communication officers' grant is in the manifest)."""

from __future__ import annotations

from django.http import Http404

from parvis.videos import selectors
from parvis.videos.models import Category, Playlist, Video


def get_video_for_visitor(*, slug: str) -> Video:
    """The public video at `slug`, or 404: drafts and unpublished videos are not."""
    video = selectors.video_for_page(slug=slug)
    if video is None:
        raise Http404
    return video


def get_category_for_visitor(*, slug: str) -> Category:
    category = selectors.category_for_page(slug=slug)
    if category is None:
        raise Http404
    return category


def get_playlist_for_visitor(*, slug: str) -> Playlist:
    playlist = selectors.playlist_for_page(slug=slug)
    if playlist is None:
        raise Http404
    return playlist

"""The video library's public pages: the list, a category, a playlist, a video."""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.feeds import feed_links
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on_object
from parvis.core.pagination import paginate
from parvis.videos import permissions, selectors
from parvis.videos.models import Video

PAGE_SIZE = 24

#: A video's page alone may frame a player, and only one of the allow-listed providers'
#: (inserted after the visitor's click); every other page frames nothing. The page cache
#: stores the page with this header.
_FRAMES_PLAYERS = csp_update(
    {
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            *(f"https://{host}" for host in settings.VIDEO_PEERTUBE_HOSTS),
        ]
    }
)


def _feeds() -> list:
    return feed_links("town", keys=("videos",))


@require_safe
def video_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page_obj": paginate(selectors.video_cards(), request.GET.get("page"), per_page=PAGE_SIZE),
        "categories": list(selectors.categories()),
        "playlists": list(selectors.playlists()[:20]),
        "feeds": _feeds(),
        "breadcrumbs": breadcrumbs((_("Videos"), reverse("videos:list"))),
    }
    return render(request, "videos/video_list.html", context)


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = permissions.get_category_for_visitor(slug=slug)
    depends_on_object(request, category)
    context = {
        "category": category,
        "page_obj": paginate(
            selectors.video_cards(category=category), request.GET.get("page"), per_page=PAGE_SIZE
        ),
        "feeds": _feeds(),
        "breadcrumbs": breadcrumbs(
            (_("Videos"), reverse("videos:list")),
            (category.name, category.get_absolute_url(), category),
        ),
    }
    return render(request, "videos/category_detail.html", context)


@require_safe
def playlist_detail(request: HttpRequest, slug: str) -> HttpResponse:
    playlist = permissions.get_playlist_for_visitor(slug=slug)
    depends_on_object(request, playlist)
    context = {
        "playlist": playlist,
        "videos": selectors.playlist_videos(playlist),
        "feeds": _feeds(),
        "breadcrumbs": breadcrumbs(
            (_("Videos"), reverse("videos:list")),
            (playlist.title, playlist.get_absolute_url(), playlist),
        ),
    }
    return render(request, "videos/playlist_detail.html", context)


@require_safe
@_FRAMES_PLAYERS  # type: ignore[arg-type]  # django-csp types a view as taking the request alone
def video_detail(request: HttpRequest, slug: str) -> HttpResponse:
    video = permissions.get_video_for_visitor(slug=slug)
    depends_on_object(request, video)
    context = {
        "video": video,
        "categories": list(video.categories.all()),
        "tags": list(video.tags.all()),
        "captions": list(video.captions.all()),
        "json_ld": json_ld_dumps(video_json_ld(video)),
        "feeds": _feeds(),
        "breadcrumbs": breadcrumbs(
            (_("Videos"), reverse("videos:list")),
            (video.title, video.get_absolute_url(), video),
        ),
    }
    return render(request, "videos/video_detail.html", context)


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration of a number of seconds: 3725 → "PT1H2M5S"."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if secs or text == "PT":
        text += f"{secs}S"
    return text


def video_json_ld(video: Video) -> dict:
    """schema.org VideoObject; absolute addresses."""
    assert video.published_at is not None  # only published videos are shown
    data: dict = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.title,
        "description": video.description or video.title,
        "uploadDate": video.published_at.isoformat(),
        "url": absolute_url(video.get_absolute_url()),
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": government_organization_json_ld(),
    }
    if video.poster:
        data["thumbnailUrl"] = [absolute_url(video.poster.url)]
    if video.duration is not None:
        data["duration"] = iso_duration(video.duration)
    if video.is_upload:
        data["contentUrl"] = absolute_url(video.file.url)
        data["encodingFormat"] = video.mime_type
        captions = [
            {
                "@type": "MediaObject",
                "contentUrl": absolute_url(track.file.url),
                "encodingFormat": "text/vtt",
                "inLanguage": track.language,
                "name": track.label,
            }
            for track in video.captions.all()
        ]
        if captions:
            data["caption"] = captions
    elif video.embed_url:
        data["embedUrl"] = video.embed_url
    return data

"""The podcast pages: the shows, a show with its episodes (paged), an episode with its
player and transcript, and the transcript on its own (for apps, with its own type)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.feeds import feed_links
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.markdown import markdown_to_text
from parvis.core.pagecache import depends_on_object
from parvis.core.pagination import paginate
from parvis.podcasts import selectors
from parvis.podcasts.models import Episode, Show, TranscriptFormat
from parvis.podcasts.permissions import get_episode_for_visitor, get_show_for_visitor
from parvis.podcasts.transcripts import transcript_cues

SHOWS_PAGE_SIZE = 24
EPISODES_PAGE_SIZE = 20


def _list_crumb() -> tuple[str, str]:
    return (_("Podcasts"), reverse("podcasts:list"))


@require_safe
def show_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page_obj": paginate(
            selectors.public_shows(), request.GET.get("page"), per_page=SHOWS_PAGE_SIZE
        ),
        "latest": list(selectors.public_episodes()[:5]),
        "feeds": feed_links("town", keys=("episodes",)),
        "breadcrumbs": breadcrumbs(_list_crumb()),
    }
    return render(request, "podcasts/show_list.html", context)


@require_safe
def show_detail(request: HttpRequest, slug: str) -> HttpResponse:
    show = get_show_for_visitor(slug=slug)
    page_obj = paginate(
        selectors.public_episodes(show=show), request.GET.get("page"), per_page=EPISODES_PAGE_SIZE
    )
    context = {
        "show": show,
        "summary": Truncator(markdown_to_text(show.description)).chars(300),
        "page_obj": page_obj,
        "feeds": feed_links("show", show),
        "json_ld": json_ld_dumps(series_json_ld(show)),
        "breadcrumbs": breadcrumbs(_list_crumb(), (show.title, show.get_absolute_url(), show)),
    }
    return render(request, "podcasts/show_detail.html", context)


@require_safe
def episode_detail(request: HttpRequest, show: str, slug: str) -> HttpResponse:
    episode = get_episode_for_visitor(show=show, slug=slug)
    depends_on_object(request, episode)
    context = {
        "episode": episode,
        "show": episode.show,
        "summary": Truncator(markdown_to_text(episode.description) or episode.show.title).chars(
            300
        ),
        "cues": transcript_cues(episode.transcript)
        if episode.transcript_format == TranscriptFormat.VTT
        else None,
        "feeds": feed_links("show", episode.show),
        "json_ld": json_ld_dumps(episode_json_ld(episode)),
        "breadcrumbs": breadcrumbs(
            _list_crumb(),
            (episode.show.title, episode.show.get_absolute_url(), episode.show),
            (episode.title, episode.get_absolute_url(), episode.show),
        ),
    }
    return render(request, "podcasts/episode_detail.html", context)


@require_safe
def transcript(request: HttpRequest, show: str, slug: str) -> HttpResponse:
    """The transcript as a file of its own type (text/vtt or text/plain), for apps."""
    episode = get_episode_for_visitor(show=show, slug=slug)
    depends_on_object(request, episode)
    if not episode.transcript:
        from django.http import Http404

        raise Http404
    response = HttpResponse(
        episode.transcript, content_type=f"{episode.transcript_type}; charset=utf-8"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def series_json_ld(show: Show) -> dict[str, Any]:
    """schema.org PodcastSeries, with the feed's address (`webFeed`)."""
    from parvis.podcasts.services import show_feed_url

    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": show.title,
        "description": markdown_to_text(show.description)[:500],
        "url": absolute_url(show.get_absolute_url()),
        "webFeed": show_feed_url(show),
        "inLanguage": show.language,
        "author": {"@type": "Person", "name": show.author},
        "publisher": government_organization_json_ld(),
    }
    if show.cover:
        data["image"] = absolute_url(show.cover.url)
    return data


def episode_json_ld(episode: Episode) -> dict[str, Any]:
    """schema.org PodcastEpisode: its series, its audio (MediaObject) and its transcript."""
    show = episode.show
    url = absolute_url(episode.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": url,
        "datePublished": episode.published_at.isoformat(),
        "timeRequired": episode.duration_iso,
        "inLanguage": show.language,
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": show.title,
            "url": absolute_url(show.get_absolute_url()),
        },
        "associatedMedia": {
            "@type": "MediaObject",
            "contentUrl": absolute_url(episode.audio.url),
            "encodingFormat": episode.audio_type,
            "duration": episode.duration_iso,
            "contentSize": str(episode.audio_size),
        },
    }
    if episode.description:
        data["description"] = markdown_to_text(episode.description)[:500]
    if episode.transcript:
        data["transcript"] = (
            "\n".join(cue.text for cue in transcript_cues(episode.transcript))
            if episode.transcript_format == TranscriptFormat.VTT
            else episode.transcript
        )
    if episode.number is not None:
        data["episodeNumber"] = episode.number
    if show.cover:
        data["image"] = absolute_url(show.cover.url)
    return data

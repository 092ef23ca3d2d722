"""The podcast feeds: one per show, the feed podcast apps subscribe to, and the town's latest
episodes.

A show's feed is RSS 2.0 with the tags podcast apps and directories read: Apple's `itunes:`
namespace (image, author, owner, category, explicit, type; each episode's duration, image,
explicit flag, season and number) and Podcasting 2.0's `podcast:` namespace (locked, guid,
each episode's transcript). Every episode carries its audio as the enclosure (absolute
address, length in bytes, MIME type) and a GUID that never changes. Only public episodes
(ready, published, their date come) are listed.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext_lazy as _

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.links import absolute_url
from parvis.core.markdown import render_markdown
from parvis.core.town import current_town
from parvis.podcasts import selectors
from parvis.podcasts.models import Episode, Show

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"

#: How many episodes a show's feed lists: apps show a show's whole back catalogue from it.
SHOW_FEED_SIZE = 300


def _yes_no(value: bool) -> str:
    return "true" if value else "false"


class PodcastRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the `itunes:` and `podcast:` namespaces."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES_NS, "xmlns:podcast": PODCAST_NS}

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)
        feed = self.feed
        if feed.get("itunes_image"):
            handler.addQuickElement("itunes:image", "", {"href": feed["itunes_image"]})
        handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["itunes_owner_name"])
        handler.addQuickElement("itunes:email", feed["itunes_owner_email"])
        handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:category", "", {"text": feed["itunes_category"]})
        handler.addQuickElement("itunes:explicit", _yes_no(feed["itunes_explicit"]))
        handler.addQuickElement("itunes:type", feed["itunes_type"])
        handler.addQuickElement("podcast:locked", "yes", {"owner": feed["itunes_owner_email"]})
        handler.addQuickElement("podcast:guid", feed["podcast_guid"])

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", str(item["itunes_duration"]))
        if item.get("itunes_image"):
            handler.addQuickElement("itunes:image", "", {"href": item["itunes_image"]})
        handler.addQuickElement("itunes:explicit", _yes_no(item["itunes_explicit"]))
        if item.get("itunes_season") is not None:
            handler.addQuickElement("itunes:season", str(item["itunes_season"]))
        if item.get("itunes_episode") is not None:
            handler.addQuickElement("itunes:episode", str(item["itunes_episode"]))
        if item.get("transcript_url"):
            handler.addQuickElement(
                "podcast:transcript",
                "",
                {"url": item["transcript_url"], "type": item["transcript_type"]},
            )


class _EpisodeItems(ParvisFeed):
    """What both feeds say of an episode."""

    guid_kind = "podcasts/episode"

    def item_title(self, item: Episode) -> str:
        return item.title

    def item_description(self, item: Episode) -> str:
        return render_markdown(item.description)

    def item_guid(self, item: Episode) -> str:
        # Its own UUID, made when it was created: the same whatever is edited or moved.
        return f"urn:uuid:{item.guid}"

    def item_pubdate(self, item: Episode) -> Any:
        return item.published_at

    def item_updateddate(self, item: Episode) -> Any:
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Episode) -> str:
        return item.show.author

    def item_enclosures(self, item: Episode) -> list[feedgenerator.Enclosure]:
        return [
            feedgenerator.Enclosure(
                url=absolute_url(item.audio.url),
                length=str(item.audio_size),
                mime_type=item.audio_type,
            )
        ]


class ShowFeed(_EpisodeItems):
    """The feed of one show (scope "show"), with the podcast tags in RSS."""

    def __init__(self, *, key: str = "", scope: str = "show", atom: bool = False) -> None:
        super().__init__(key=key, scope=scope, atom=atom)
        if not atom:
            self.feed_type = PodcastRssFeed

    def describe(self, scope_object: Show | None) -> tuple[str, str, str]:
        if scope_object is None:
            return str(_("Podcasts")), "", reverse("podcasts:list")
        from parvis.core.markdown import markdown_to_text

        return (
            scope_object.title,
            markdown_to_text(scope_object.description),
            scope_object.get_absolute_url(),
        )

    def items(self, subject: FeedSubject) -> list[Episode]:
        return list(selectors.public_episodes(show=subject.scope)[:SHOW_FEED_SIZE])

    def author_name(self, subject: FeedSubject | None = None) -> str:
        return subject.scope.author if subject is not None else current_town().name

    def feed_extra_kwargs(self, subject: FeedSubject) -> dict[str, Any]:
        show: Show = subject.scope
        from parvis.podcasts.services import podcast_guid, show_feed_url

        return {
            "itunes_image": absolute_url(show.cover.url) if show.cover else "",
            "itunes_author": show.author,
            "itunes_owner_name": show.owner_name,
            "itunes_owner_email": show.owner_email,
            "itunes_category": show.category,
            "itunes_explicit": show.explicit,
            "itunes_type": show.show_type,
            "podcast_guid": str(show.guid or podcast_guid(show_feed_url(show))),
        }

    def item_extra_kwargs(self, item: Episode) -> dict[str, Any]:
        show = item.show
        return {
            "itunes_duration": item.duration or 0,
            "itunes_image": absolute_url(show.cover.url) if show.cover else "",
            "itunes_explicit": item.explicit or show.explicit,
            "itunes_season": item.season,
            "itunes_episode": item.number,
            "transcript_url": absolute_url(item.transcript_url()) if item.transcript else "",
            "transcript_type": item.transcript_type,
        }

    def get_feed(self, obj: FeedSubject, request: Any) -> feedgenerator.SyndicationFeed:
        feed = super().get_feed(obj, request)
        # The show's own language, whatever the site's.
        feed.feed["language"] = obj.scope.language
        return feed


class LatestEpisodesFeed(_EpisodeItems):
    """The town's latest episodes, all shows together."""

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        town = current_town().name
        return (
            str(_("Podcasts — %(town)s")) % {"town": town},
            str(_("The latest podcast episodes of %(town)s.")) % {"town": town},
            reverse("podcasts:list"),
        )

    def items(self, subject: FeedSubject) -> list[Episode]:
        return list(selectors.public_episodes()[:FEED_SIZE])

    def item_title(self, item: Episode) -> str:
        return f"{item.show.title} — {item.title}"

"""Videos kept on another platform: YouTube, Vimeo and the PeerTube instances the town
lists (VIDEO_PEERTUBE_HOSTS), and nothing else.

`parse_reference(url)` runs in the request: it recognises the provider and the video's
identifier from the address alone, without any network; an address of another site, or one
naming a machine by a private or loopback address, is refused there. `resolve(url)` runs in
the worker: it asks the provider's oEmbed endpoint through `parvis.core.fetch` (public
addresses only, a deadline, a size limit) and keeps plain values only (title, author,
thumbnail address, duration). The player's address is built here from the identifier,
never taken from the provider's HTML, which is never stored nor shown.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.core.fetch import FetchError, fetch, is_permitted

YOUTUBE = "youtube"
VIMEO = "vimeo"
PEERTUBE = "peertube"

#: The most an oEmbed answer may weigh, and the time it may take.
OEMBED_MAX_BYTES = 64 * 1024
OEMBED_TIMEOUT = 10.0
#: The most a thumbnail may weigh.
THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
# PeerTube: a UUID, or its short form (base58, 22 characters).
_PEERTUBE_ID = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[1-9A-HJ-NP-Za-km-z]{22})$"
)


@dataclass(frozen=True)
class Reference:
    """A video on a provider's site, as its address names it."""

    provider: str
    video_id: str
    host: str  # the PeerTube instance's host (with its port, if any); empty otherwise
    scheme: str

    @property
    def watch_url(self) -> str:
        if self.provider == YOUTUBE:
            return f"https://www.youtube.com/watch?v={self.video_id}"
        if self.provider == VIMEO:
            return f"https://vimeo.com/{self.video_id}"
        return f"{self.scheme}://{self.host}/w/{self.video_id}"

    @property
    def embed_url(self) -> str:
        if self.provider == YOUTUBE:
            # The privacy-enhanced player: no cookie until the visitor plays the video.
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        if self.provider == VIMEO:
            return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"
        return f"{self.scheme}://{self.host}/videos/embed/{self.video_id}"

    @property
    def oembed_url(self) -> str:
        query = urlencode({"url": self.watch_url, "format": "json"})
        if self.provider == YOUTUBE:
            return f"https://www.youtube.com/oembed?{query}"
        if self.provider == VIMEO:
            return f"https://vimeo.com/api/oembed.json?{query}"
        return f"{self.scheme}://{self.host}/services/oembed?{query}"


def peertube_hosts() -> list[str]:
    return [host.lower() for host in settings.VIDEO_PEERTUBE_HOSTS]


def _refused() -> ValidationError:
    return ValidationError(
        _(
            "This address is not a video of an accepted platform: give the address of a "
            "YouTube or Vimeo video, or of a video on a PeerTube instance the town accepts "
            "(%(hosts)s)."
        ),
        code="provider_not_allowed",
        params={"hosts": ", ".join(peertube_hosts()) or "—"},
    )


def _private_host(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not is_permitted(address)


def parse_reference(url: str) -> Reference:
    """The provider and identifier of a video address, or ValidationError. No network."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise _refused() from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise _refused()
    if _private_host(host):
        raise ValidationError(
            _(
                "This address leads to a private network or to this server itself; only "
                "videos on public sites can be added."
            ),
            code="address_not_public",
        )
    path = parts.path.rstrip("/")
    segments = [segment for segment in path.split("/") if segment]
    if host in ("www.youtube.com", "youtube.com", "m.youtube.com") and port is None:
        if segments == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            candidate = segments[1]
        else:
            candidate = ""
        if _YOUTUBE_ID.match(candidate):
            return Reference(YOUTUBE, candidate, "", "https")
    elif host == "youtu.be" and port is None:
        if len(segments) == 1 and _YOUTUBE_ID.match(segments[0]):
            return Reference(YOUTUBE, segments[0], "", "https")
    elif host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com") and port is None:
        if segments and segments[0] == "video":
            segments = segments[1:]
        if len(segments) == 1 and _VIMEO_ID.match(segments[0]):
            return Reference(VIMEO, segments[0], "", "https")
    else:
        netloc = f"{host}:{port}" if port else host
        if netloc in peertube_hosts():
            if len(segments) == 2 and segments[0] == "w":
                candidate = segments[1]
            elif len(segments) == 3 and segments[:2] in (["videos", "watch"], ["videos", "embed"]):
                candidate = segments[2]
            else:
                candidate = ""
            if _PEERTUBE_ID.match(candidate):
                return Reference(PEERTUBE, candidate, netloc, scheme)
    raise _refused()


@dataclass(frozen=True)
class Resolved:
    """What the provider says of a video, plain values only."""

    title: str
    author: str
    thumbnail_url: str
    duration: int | None


class ResolutionError(Exception):
    """The provider's answer could not be had or used; `str()` is a sentence for staff."""


def _text(value: object, limit: int) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def resolve(reference: Reference) -> Resolved:
    """Ask the provider's oEmbed endpoint about the video (in the worker)."""
    try:
        answer = fetch(
            reference.oembed_url,
            max_bytes=OEMBED_MAX_BYTES,
            timeout=OEMBED_TIMEOUT,
            accept="application/json",
        )
    except FetchError as exc:
        raise ResolutionError(exc.message) from None
    try:
        data = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ResolutionError(gettext("The provider's answer is not JSON.")) from None
    if not isinstance(data, dict) or data.get("type") not in ("video", "rich"):
        raise ResolutionError(gettext("The provider's answer does not describe a video."))
    duration = data.get("duration")
    thumbnail = data.get("thumbnail_url")
    return Resolved(
        title=_text(data.get("title"), 200),
        author=_text(data.get("author_name"), 200),
        thumbnail_url=thumbnail
        if isinstance(thumbnail, str) and thumbnail.startswith(("https://", "http://"))
        else "",
        duration=duration if isinstance(duration, int) and 0 <= duration < 10**6 else None,
    )


def fetch_thumbnail(url: str) -> bytes:
    """The thumbnail's bytes, fetched under the same rules (checked as an image after)."""
    try:
        return fetch(
            url, max_bytes=THUMBNAIL_MAX_BYTES, timeout=OEMBED_TIMEOUT, accept="image/*"
        ).body
    except FetchError as exc:
        raise ResolutionError(exc.message) from None

"""The agenda's iCalendar addresses: feeds a calendar application subscribes to (the whole
agenda, a category's events, a space's), and one event's file ("Add to my calendar").

**Feeds stream; one event's file is cached.** A feed holds every event of the last year and
to come: thousands of VEVENTs, megabytes. It is written while it is sent
(`StreamingHttpResponse`, events read by chunks of `ical.CHUNK`), so a server's memory stays
flat whatever the town publishes, and the page cache, which keeps only whole bodies, leaves it
alone (keeping it would push dozens of pages out of its budget for one address). What spares
the work instead: an ETag made of the generations of what a feed shows (events, categories,
spaces, the town) and of the day (events leave the feed a year after they end), so the
calendar applications that poll with `If-None-Match` get a 304 without a query on events,
and the `public` Cache-Control the middleware adds lets the front proxy keep the feed.

One event's file is small: an ordinary answer, kept by the page cache until that event
changes (`depends_on_object`), with the ETag the cache gives it."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parvis.agenda import ical
from parvis.agenda.models import Category, Event
from parvis.core import generations
from parvis.core.pagecache import depends_on_object
from parvis.core.town import current_town
from parvis.spaces.models import Space

CONTENT_TYPE = "text/calendar; charset=utf-8"
#: Changed when what the feeds write changes, so that no cached copy outlives a release.
FORMAT = "1"
#: The generations a feed's content follows.
FEED_KEYS = ("town", "agenda.event", "agenda.category", "spaces.space")


def _feed_etag(request: HttpRequest) -> str:
    values = generations.current().values
    seed = ":".join(
        [
            FORMAT,
            request.path,
            get_language() or "",
            timezone.localdate().isoformat(),
            *(f"{key}={values.get(key, 0)}" for key in FEED_KEYS),
        ]
    )
    return f'"{hashlib.blake2b(seed.encode(), digest_size=16).hexdigest()}"'


def _stream(
    request: HttpRequest, events: QuerySet[Event], *, name: str
) -> HttpResponse | StreamingHttpResponse:
    """The feed of `events` (a queryset), streamed, or 304 when the reader has it already."""
    etag = _feed_etag(request)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    response = StreamingHttpResponse(
        ical.calendar_lines(events.iterator(chunk_size=ical.CHUNK), name=name),
        content_type=CONTENT_TYPE,
    )
    response["ETag"] = etag
    return response


def agenda_ics(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The whole agenda: every published event of the last year and to come."""
    name = _("Agenda of %(town)s") % {"town": current_town().name}
    return _stream(request, ical.events_for_calendar(), name=name)


def category_ics(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """The events of one category."""
    category = get_object_or_404(Category, slug=slug)
    name = _("%(category)s — agenda of %(town)s") % {
        "category": category.name,
        "town": current_town().name,
    }
    return _stream(request, ical.events_for_calendar(category=category), name=name)


def space_ics(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """The events of one published space (a neighbourhood, a project…)."""
    space = get_object_or_404(Space, slug=slug, is_published=True)
    name = _("%(space)s — agenda of %(town)s") % {
        "space": space.name,
        "town": current_town().name,
    }
    return _stream(request, ical.events_for_calendar(space_id=space.pk), name=name)


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One published event's file, to add it to one's calendar (a download)."""
    event = Event.objects.select_related("category").filter(slug=slug).first()
    if event is None or not event.is_published:
        raise Http404
    depends_on_object(request, event)
    body = ical.calendar_bytes([event], name=event.title)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response

"""Everything the agenda brings to the shared mechanisms, in one place: its pages, who
manages events in the back office, the map of events, the search, the feed, the sections of
the home page and of a space's page, the nightly job writing out endless recurrences, and
which cached pages a change makes fresh."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.agenda import selectors
from parvis.agenda.feeds import EventFeed
from parvis.agenda.models import Category, Event, Occurrence, Registration
from parvis.agenda.registration_tasks import purge_registrations, remind_registrants
from parvis.agenda.registrations import next_registration_change
from parvis.agenda.tasks import extend_occurrences, import_calendars
from parvis.core.feeds import feed
from parvis.core.maps import map_layer
from parvis.core.markdown import markdown_to_text
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.core.sections import section
from parvis.search.registry import Document, searchable

# /agenda/… in French and /en/agenda/… in English.
pages("parvis.agenda.urls", prefix="agenda/")

# The communication officer keeps the town's agenda, as administrators may.
_MANAGE = model_permissions("agenda", "event", ["view", "add", "change", "delete"]) + (
    model_permissions("agenda", "category", ["view", "add", "change", "delete"])
)
grant(Role.COMMUNICATION_OFFICER, _MANAGE)
grant(Role.ADMINISTRATOR, _MANAGE)

# The map: a pin per event with a place, not over yet (online-only events have none).
map_layer(
    "agenda",
    label=_("Events"),
    queryset=selectors.map_events,
    title=lambda event: event.title,
    url=lambda event: event.get_absolute_url(),
)


def _document(event: Event) -> Document:
    return Document(
        title=event.title,
        text=" ".join(
            part
            for part in (
                event.summary,
                markdown_to_text(event.description),
                event.place_name,
                event.address,
                event.organiser,
            )
            if part
        ),
        space=event.space_id,
        date=event.starts_at,
        public=event.is_published,
    )


# Indexed by the services (`event_save`); past events stay worth finding, weighing less.
searchable(
    Event,
    key="agenda",
    label=_("Events"),
    document=_document,
    queryset=selectors.searchable_events,
    space_field="space",
    weight=0.9,
    freshness=timedelta(days=90),
)

# /agenda/feed/rss/ and …/atom/, listed with the town's feeds after the news.
feed("agenda", view=EventFeed, paths={"town": "agenda/"}, order=20)


def _home(request: HttpRequest | None, obj: Any) -> dict[str, Any]:
    return {"occurrences": selectors.next_events()}


def _space(request: HttpRequest | None, space: Any) -> dict[str, Any]:
    return {"space": space, "occurrences": selectors.events_of_space(space)}


section(
    "agenda.home",
    page="home",
    template="agenda/_home_events.html",
    context=_home,
    order=20,
    cache=True,
)
section(
    "agenda.space",
    page="space",
    template="agenda/_space_events.html",
    context=_space,
    order=20,
    cache=True,
)

# Endless recurrences are written out a day further each night.
every(timedelta(days=1), extend_occurrences)


def _space_of(event: Event) -> list[str]:
    return [f"space:{event.space_id}"] if event.space_id else []


# An event's save bumps its pages; its occurrences are written in bulk by the services,
# which bump the event's keys and the occurrences' themselves (`occurrences_rebuild`): one
# bump for hundreds of rows, rather than one per row by the signals (`shown` false). The
# lists change by the clock too: an occurrence ends and leaves them.
invalidates(Event, keys=_space_of, due=selectors.next_change)
invalidates(Occurrence, shown=lambda occurrence: False)
invalidates(Category)

# The lists' filters, kept in the cache keys ("space" is the search's, "category" the
# reports').
query_parameter("mode", pattern=r"(online|physical)?")
query_parameter("free", pattern=r"1?")

# --- Registration to events (registrations.py) ------------------------------------------------

# The places left on an event's page: a registration moves its event's key (the page
# depends on it rather than on every registration); marking a reminder sent changes no page.
# An event's page also changes by the clock alone when its registration closes.
invalidates(
    Registration,
    keys=lambda registration: [f"agenda.event:{registration.event_id}"],
    due=next_registration_change,
    ignore_fields=["reminded_at"],
)

# Communication officers and administrators see the registrants, cancel a registration
# (through the service, so that the waiting list moves) and export them; registrants add
# their own, so nobody adds one here.
_REGISTRATIONS = model_permissions("agenda", "registration", ["view", "change"])
grant(Role.COMMUNICATION_OFFICER, _REGISTRATIONS)
grant(Role.ADMINISTRATOR, _REGISTRATIONS)

# Reminders the day before (sent from 24 hours before the start); the registrants' names
# and addresses deleted AGENDA_REGISTRATION_RETENTION_DAYS after the event.
every(timedelta(minutes=15), remind_registrants)
every(timedelta(hours=6), purge_registrations)

# --- Imported calendars (imports.py) ---------------------------------------------------------

# The communication officer keeps the list of calendars the agenda takes events from (the
# tourist office's), as administrators may.
_CALENDARS = model_permissions("agenda", "calendarsource", ["view", "add", "change", "delete"])
grant(Role.COMMUNICATION_OFFICER, _CALENDARS)
grant(Role.ADMINISTRATOR, _CALENDARS)
# Each source is imported every AGENDA_IMPORT_HOURS hours; the job looks for those due.
every(timedelta(minutes=30), import_calendars)

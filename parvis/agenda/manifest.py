"""Everything the agenda brings to the shared mechanisms, in one place."""

from __future__ import annotations

from datetime import timedelta

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.agenda.models import Category, Event, Registration
from parvis.agenda.registration_tasks import purge_registrations, remind_registrants
from parvis.agenda.registrations import next_registration_change
from parvis.agenda.tasks import import_calendars
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.core.schedule import every

# /agenda/… in French and /en/agenda/… in English.
pages("parvis.agenda.urls", prefix="agenda/")

# An event's change makes its pages and its .ics fresh; a category's, its name in feeds.
invalidates(Event, keys=lambda event: [f"space:{event.space_id}"] if event.space_id else [])
invalidates(Category)

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

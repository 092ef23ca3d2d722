"""Everything the agenda brings to the shared mechanisms, in one place."""

from __future__ import annotations

# --- Imported calendars (imports.py) ---------------------------------------------------------
from datetime import timedelta

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.agenda.tasks import import_calendars
from parvis.core.schedule import every

# The communication officer keeps the list of calendars the agenda takes events from (the
# tourist office's), as administrators may.
_CALENDARS = model_permissions("agenda", "calendarsource", ["view", "add", "change", "delete"])
grant(Role.COMMUNICATION_OFFICER, _CALENDARS)
grant(Role.ADMINISTRATOR, _CALENDARS)
# Each source is imported every AGENDA_IMPORT_HOURS hours; the job looks for those due.
every(timedelta(minutes=30), import_calendars)

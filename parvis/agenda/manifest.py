"""Everything the agenda brings to the shared mechanisms, in one place."""

from __future__ import annotations

from parvis.agenda.models import Category, Event
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages

# /agenda/… in French and /en/agenda/… in English.
pages("parvis.agenda.urls", prefix="agenda/")

# An event's change makes its pages and its .ics fresh; a category's, its name in feeds.
# (The pages' branch declares these too, with keys and `due`: when merging, keep theirs.)
invalidates(Event, keys=lambda event: [f"space:{event.space_id}"] if event.space_id else [])
invalidates(Category)

"""Everything roadworks bring to the shared mechanisms, in one place: their pages, who
manages them in the back office, the map layer (lines drawn as lines), the section of a
space's page, the areas residents watch (followed through the notifications outbox) and the
job announcing starts, and which cached pages a change makes fresh."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.feeds import feed
from parvis.core.maps import map_layer
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.core.sections import section
from parvis.notifications.registry import followable, notification_kind
from parvis.roadworks import selectors
from parvis.roadworks.feeds import WorksFeed
from parvis.roadworks.models import Impact, WatchedArea, Works
from parvis.roadworks.notifications import is_visible, render_works_started
from parvis.roadworks.tasks import announce_started_works
from parvis.search.registry import Document, searchable

# /roadworks/… in French and /en/roadworks/… in English.
pages("parvis.roadworks.urls")

# The town's technical services run the works and the communication officer tells residents
# what changes in their streets: both manage works and their impacts, as administrators do.
_MANAGE = model_permissions("roadworks", "works", ["view", "add", "change", "delete"]) + (
    model_permissions("roadworks", "impact", ["view", "add", "change", "delete"])
)
grant(Role.TECHNICAL_SERVICES_OFFICER, _MANAGE)
grant(Role.COMMUNICATION_OFFICER, _MANAGE)
grant(Role.ADMINISTRATOR, _MANAGE)

# The map: a pin per works (or a cluster), and a works along a street drawn as its line.
map_layer(
    "roadworks",
    label=_("Roadworks"),
    queryset=selectors.map_works,
    title=lambda works: works.title,
    url=lambda works: works.get_absolute_url(),
    geometry=lambda works: works.geometry,
    list_template="roadworks/_map_list.html",
)


# The search finds a works by its title, place, description and impacts ("déviation",
# "bus"), ended ones too (what was done in a street stays worth finding), after what the town
# published as news. Indexed by the services, and again once the back office saved the
# impacts (`works_index`).
def _document(works: Works) -> Document:
    impacts = " ".join(
        part for impact in works.impacts.all() for part in (impact.get_kind_display(), impact.text)
    )
    return Document(
        title=works.title,
        text=" ".join(
            part
            for part in (works.location_text, works.description, impacts, works.contractor)
            if part
        ),
        space=works.space_id,
        date=works.updated_at,
        public=works.is_published,
    )


searchable(
    Works,
    key="roadworks",
    label=_("Roadworks"),
    document=_document,
    queryset=selectors.searchable_works,
    space_field="space",
    weight=0.8,
    freshness=timedelta(days=180),
)


# /roadworks/feed/rss/ and …/atom/, listed with the town's feeds after the news.
feed("roadworks", view=WorksFeed, paths={"town": "roadworks/"}, order=30)


# A project's page (the tram line, say) lists its works going on and to come.
def _space(request: HttpRequest | None, space: Any) -> dict[str, Any]:
    return {"space": space, "works_of_space": selectors.works_of_space(space)}


section(
    "roadworks.space",
    page="space",
    template="roadworks/_space_works.html",
    context=_space,
    order=40,
)

# A watched area is followed by the one who watches it (through its own pages, never the
# follow button: nobody may follow another's area), so the outbox sends its e-mails, in
# that person's language, with a link that stops it.
followable(WatchedArea, queryset=WatchedArea.objects.none)
notification_kind("roadworks.started", render=render_works_started, is_visible=is_visible)
every(timedelta(minutes=15), announce_started_works)


def _works_of(impact: Impact) -> list[str]:
    return [f"roadworks.works:{impact.works_id}"]


# A works' page shows its impacts; the lists change by the clock too (a works starts, ends).
# Marking a works announced changes no page.
def _space_of(works: Works) -> list[str]:
    return [f"space:{works.space_id}"] if works.space_id else []


invalidates(Works, keys=_space_of, due=selectors.next_date_change, ignore_fields=["announced_at"])
invalidates(Impact, keys=_works_of)

# The list's filters, kept in the cache keys ("space" is the search's declaration).
query_parameter("impact", pattern=r"[a-z_]{0,20}")
query_parameter("when", pattern=r"[a-z]{0,10}")

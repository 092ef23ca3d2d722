"""Everything the town council brings to the shared mechanisms, in one place: its pages, who
manages it in the back office, the search (a deliberation found by a word of its PDF), the
feed of deliberations, the council followed as a topic (told of new minutes), the open data
(SCDL "Délibérations") and which cached pages a change makes fresh."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.datasets import dataset
from parvis.core.feeds import feed
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.council import opendata, selectors
from parvis.council.feeds import DeliberationFeed
from parvis.council.models import AgendaItem, Deliberation, Document, Meeting
from parvis.council.notifications import is_visible, render_minutes_published
from parvis.council.services import MINUTES_PUBLISHED, TOPIC
from parvis.notifications.registry import notification_kind, topic
from parvis.search.registry import Document as SearchDocument
from parvis.search.registry import searchable

# /council/… in French and /en/council/… in English.
pages("parvis.council.urls")

# The council's acts are published by the town hall's administration: the administrator and
# the communication officer, who publishes the town's word. Elected officials vote the
# deliberations but do not publish them (the administration certifies what was decided).
_MANAGE = (
    model_permissions("council", "meeting", ["view", "add", "change", "delete"])
    + model_permissions("council", "agendaitem", ["view", "add", "change", "delete"])
    + model_permissions("council", "document", ["view", "add", "change", "delete"])
    + model_permissions("council", "deliberation", ["view", "add", "change", "delete"])
)
grant(Role.COMMUNICATION_OFFICER, _MANAGE)
grant(Role.ADMINISTRATOR, _MANAGE)


# A document is found by the words of its PDF; a deliberation by its number, subject, matter
# and the words of its PDF too.
def _document(document: Document) -> SearchDocument:
    return SearchDocument(
        title=document.title,
        text=" ".join(part for part in (document.meeting.title, document.text) if part),
        space=document.meeting.space_id,
        date=document.meeting.starts_at,
        public=document.is_public(),
    )


def _deliberation(deliberation: Deliberation) -> SearchDocument:
    document = deliberation.document
    pdf_text = document.text if document is not None and document.is_published else ""
    return SearchDocument(
        title=_("Deliberation %(number)s: %(subject)s")
        % {"number": deliberation.number, "subject": deliberation.subject},
        text=" ".join(
            part
            for part in (deliberation.get_theme_display(), deliberation.subject, pdf_text)
            if part
        ),
        space=deliberation.meeting.space_id,
        date=deliberation.created_at,
        public=deliberation.is_public(),
    )


# The council's acts are found by their words, after what the town tells residents about
# the same subject (a deliberation on the canteen's prices comes after the article on the
# canteen); the recent ones first, a year's acts weighing more than older ones.
searchable(
    Document,
    key="council_documents",
    label=_("Council documents"),
    document=_document,
    queryset=selectors.searchable_documents,
    weight=0.6,
    freshness=timedelta(days=365),
)
searchable(
    Deliberation,
    key="council_deliberations",
    label=_("Deliberations"),
    document=_deliberation,
    queryset=selectors.searchable_deliberations,
    weight=0.7,
    freshness=timedelta(days=365),
)

# /council/deliberations/feed/rss/ and …/atom/.
feed("council", view=DeliberationFeed, paths={"town": "council/deliberations/"}, order=35)

# Residents follow the council as a whole and are told when minutes are published.
topic(TOPIC, label=_("The town council"), url_name="council:home")
notification_kind(MINUTES_PUBLISHED, render=render_minutes_published, is_visible=is_visible)

dataset(
    "council-deliberations",
    title=_("Deliberations of the town council"),
    description=_(
        "Every published deliberation of the town council: number, date, matter, subject, "
        "votes and a link to its document."
    ),
    columns=opendata.COLUMNS,
    rows=opendata.deliberation_rows,
    schema=opendata.SCHEMA,
)


# A meeting's page shows its agenda, documents and deliberations; the home page shows the
# next meetings, which leave it by the clock.
def _meeting_of(obj: AgendaItem | Document | Deliberation) -> list[str]:
    return [f"council.meeting:{obj.meeting_id}"]


invalidates(Meeting, due=selectors.next_meeting_change)
invalidates(AgendaItem, keys=_meeting_of)
invalidates(Document, keys=_meeting_of)
invalidates(Deliberation, keys=_meeting_of)

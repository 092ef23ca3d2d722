"""Everything the directory of public actors brings to the shared mechanisms, in one place:
its pages, who edits it in the back office and who decides on the residents' proposals, the
message a proposer receives, the map layer, the search, the open data, and which cached
pages a change (or the clock, for "open now") makes fresh."""

from operator import attrgetter

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.datasets import dataset
from parvis.core.maps import map_layer
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.directory import opendata, selectors
from parvis.directory.models import ChangeProposal, DirectoryCategory, Entry, Revision
from parvis.directory.notifications import render_proposal_decided
from parvis.moderation.registry import moderated_on_own_page
from parvis.notifications.registry import followable, notification_kind
from parvis.search.registry import Document, searchable

# /directory/… in French and /en/directory/… in English.
pages("parvis.directory.urls")

# Administrators keep the directory; moderators decide on what residents propose. The
# technical services, though they keep other data of the map, get nothing here: what the
# directory says of a place or a service is the town's word to residents, and deciding on a
# resident's proposal is a moderation decision (ranked, audited).
grant(
    Role.ADMINISTRATOR,
    model_permissions("directory", "directorycategory", ["view", "add", "change", "delete"])
    + model_permissions("directory", "entry", ["view", "add", "change", "delete"])
    + model_permissions("directory", "changeproposal", ["view", "change"]),
)
grant(Role.MODERATOR, model_permissions("directory", "changeproposal", ["view", "change"]))

# Residents' proposals wait in the one moderation queue, each decided field by field on
# its page in the back office.
moderated_on_own_page(
    ChangeProposal,
    key="directory",
    label=_("Directory proposals"),
    pending=selectors.pending_proposals,
    text=selectors.proposal_summary,
    url=lambda proposal: reverse("admin:directory_changeproposal_change", args=[proposal.pk]),
    author=attrgetter("proposer"),
    context=selectors.proposal_context,
    action=_("Decide field by field"),
)

# The proposer follows their proposal (the service subscribes them); nobody else may.
followable(ChangeProposal, queryset=lambda: ChangeProposal.objects.none())
notification_kind("directory.proposal_decided", render=render_proposal_decided)


# An entry's page and its history show that entry; a revision belongs to one entry. The
# clock's part ("open now", the week from today) is declared by the pages themselves
# (`pagecache.expires_at`), each until the moment what it shows changes.
def _entry_of(revision: Revision) -> list[str]:
    return [f"directory.entry:{revision.entry_id}"]


invalidates(Entry)
invalidates(Revision, keys=_entry_of)
invalidates(DirectoryCategory)
query_parameter("open", pattern=r"1?")

map_layer(
    "directory",
    label=_("Directory"),
    queryset=selectors.public_entries,
    title=lambda entry: entry.name,
    url=lambda entry: entry.get_absolute_url(),
)

searchable(
    Entry,
    key="directory",
    label=_("Directory"),
    document=lambda entry: Document(
        title=entry.name,
        text=" ".join(
            part for part in (entry.category.name, entry.address_text, entry.description) if part
        ),
        space=entry.space_id,
        date=entry.updated_at,
        public=entry.published,
    ),
    queryset=selectors.public_entries,
    space_field="space",
    weight=1.5,
)

dataset(
    "directory",
    title=_("Directory of public services"),
    description=_(
        "The town's services, schools, state services, health services and associations, "
        "with their address, position, opening hours and contacts."
    ),
    columns=opendata.COLUMNS,
    rows=opendata.entry_rows,
    schema=opendata.SCHEMA,
)

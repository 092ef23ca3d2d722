"""Everything job offers and applications bring to the shared mechanisms: their pages, who
manages them in the back office (human resources; a hiring manager reads one offer's
applications, see `admin.py`), the search, the feed, which cached pages a change (or the
clock: an offer opens, an offer closes) makes fresh, and the purge of old applications."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.dates import local_midnight
from parvis.core.feeds import feed
from parvis.core.markdown import markdown_to_text
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.jobs import selectors
from parvis.jobs.feeds import OffersFeed
from parvis.jobs.models import Offer
from parvis.jobs.tasks import purge_applications
from parvis.search.registry import Document, searchable

# /jobs/… in French and /en/jobs/… in English.
pages("parvis.jobs.urls")

# Human resources (and administrators) write the offers and the reply templates, and read,
# move along and delete the applications (which no one adds by hand: applicants send them).
_MANAGE = [
    *model_permissions("jobs", "offer", ["view", "add", "change", "delete"]),
    *model_permissions("jobs", "application", ["view", "change", "delete"]),
    *model_permissions("jobs", "replytemplate", ["view", "add", "change", "delete"]),
]
grant(Role.HR_OFFICER, _MANAGE)
grant(Role.ADMINISTRATOR, _MANAGE)


# Found by its title, department, framework, place and text, while it is open only.
def _document(offer: Offer) -> Document:
    return Document(
        title=offer.title,
        text=" ".join(
            part
            for part in (
                offer.department,
                offer.framework,
                offer.place,
                offer.get_contract_type_display(),
                markdown_to_text(offer.description),
                markdown_to_text(offer.profile),
            )
            if part
        ),
        date=local_midnight(offer.published_on),
        visible_from=local_midnight(offer.published_on),
        visible_until=local_midnight(offer.closes_on),
        public=offer.is_published,
    )


searchable(
    Offer,
    key="jobs",
    label=_("Jobs"),
    document=_document,
    queryset=selectors.searchable_offers,
    weight=0.8,
    freshness=timedelta(days=60),
)

# /jobs/feed/rss/ and …/atom/.
feed("jobs", view=OffersFeed, paths={"town": "jobs/"}, order=40)

invalidates(Offer, due=selectors.next_visibility_change)

# The list's filters, kept in the cache keys ("category" is the reports' declaration, which
# covers A, B and C).
query_parameter("contract", pattern=r"[a-z_]{0,20}")
query_parameter("time", pattern=r"[a-z_]{0,10}")
query_parameter("department", pattern=r"[^\x00-\x1f]{0,120}")

# Applications go two years (JOBS_APPLICATION_RETENTION_DAYS) after the last contact.
every(timedelta(hours=6), purge_applications)

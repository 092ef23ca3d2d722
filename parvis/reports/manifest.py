"""Everything citizen reports bring to the shared mechanisms, in one place: their pages, who
handles them in the back office, following a report and the e-mail its followers receive
when its status changes, and which cached pages a change makes fresh."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.erasure import on_user_erased
from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.datasets import dataset
from parvis.core.feeds import feed
from parvis.core.maps import map_layer
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.core.sections import section
from parvis.moderation.registry import moderated
from parvis.notifications.registry import followable, notification_kind, topic
from parvis.reports import selectors
from parvis.reports.feeds import ReportFeed
from parvis.reports.models import Category, MeToo, Report, ReportPhoto, StatusChange
from parvis.reports.notifications import render_status_changed
from parvis.reports.search import report_document, searchable_reports
from parvis.reports.services import report_visibility_changed, reports_erased
from parvis.reports.tasks import purge_unconfirmed_reports
from parvis.search.registry import searchable

# /signalements/… in French and /en/reports/… in English: the form, the list, each report.
pages("parvis.reports.urls")

# The public reports on a map (`{% map "reports" %}` on the list page), its list alternative
# the same cards as the list.
map_layer(
    "reports",
    label=_("Map of the reports"),
    queryset=selectors.map_reports,
    title=str,
    url=Report.get_absolute_url,
    list_template="reports/_map_list.html",
)

# The town's technical services handle reports: they read them and change their status with
# a public message (the change page's "new status" and "public message", the list's actions),
# which the report's followers receive. They read the categories, which administrators keep
# (names, department e-mails, extra fields): who receives a report is the town's choice, not
# the one handling it. Administrators handle reports too.
_HANDLE = [
    *model_permissions("reports", "report", ["view", "change"]),
    "reports.change_report_status",
]
grant(
    Role.TECHNICAL_SERVICES_OFFICER,
    _HANDLE + model_permissions("reports", "category", ["view"]),
)
grant(
    Role.ADMINISTRATOR,
    model_permissions("reports", "category", ["view", "add", "change", "delete"]) + _HANDLE,
)

# A report's author follows it from the start, and so does whoever says "me too": they hear
# of every change of status. Only public reports may be followed.
followable(Report, queryset=selectors.public_reports)
topic("reports", label=_("The town's reports"), url_name="reports:list")
notification_kind(
    "reports.status_changed",
    render=render_status_changed,
)


# A report's page shows its history, photos and me-too count: a change to any of them makes
# that report's page (and the lists) fresh, and no other report's page.
def _report_of(item: StatusChange | MeToo | ReportPhoto) -> list[str]:
    return [f"reports.report:{item.report_id}"]


invalidates(Report)
invalidates(StatusChange, keys=_report_of)
# A me-too asked by e-mail is on no page (nor counted) until confirmed.
invalidates(MeToo, keys=_report_of, shown=lambda me_too: me_too.confirmed_at is not None)
invalidates(ReportPhoto, keys=_report_of)
invalidates(Category)

# The list's filters, kept in the cache keys.
query_parameter("category", pattern=r"[-a-zA-Z0-9_]{0,80}")
query_parameter("status", pattern=r"[a-z_]{0,20}")

# A moderator may hide a report (an insult in its description, someone's name): it then
# leaves the lists, the map, the search, the feed and the open data; its author is told why.
moderated(
    Report,
    key="report",
    label=_("Reports"),
    text=lambda report: report.description,
    url=lambda report: report.get_absolute_url(),
    queryset=lambda: Report.objects.select_related("author", "category"),
    space=lambda report: None,
    context=lambda report: report.category.name,
    on_status_change=report_visibility_changed,
)
searchable(
    Report,
    key="report",
    label=_("Reports"),
    document=report_document,
    queryset=searchable_reports,
    weight=0.4,
    freshness=timedelta(days=180),
)
dataset(
    "reports",
    title=_("Citizen reports"),
    description=_(
        "The problems residents reported in the public space, where, and their status; "
        "never who reported them."
    ),
    columns=(
        "reference",
        "category",
        "status",
        "latitude",
        "longitude",
        "address",
        "description",
        "created_at",
        "updated_at",
    ),
    rows=selectors.dataset_rows,
)


def _space(request: HttpRequest | None, space: Any) -> dict[str, Any] | None:
    return {"space": space, "reports": selectors.space_reports(space=space)}


section(
    "reports.space",
    page="space",
    template="reports/_space_reports.html",
    context=_space,
    order=60,
    cache=True,
)
feed("reports", view=ReportFeed, paths={"town": "reports/"}, order=80)

# Reports sent without an account and never confirmed are deleted after a week.
every(timedelta(hours=6), purge_unconfirmed_reports)
on_user_erased(reports_erased)

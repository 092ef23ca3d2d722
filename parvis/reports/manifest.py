"""Everything citizen reports bring to the shared mechanisms, in one place: their pages, who
handles them in the back office, following a report and the e-mail its followers receive
when its status changes, and which cached pages a change makes fresh."""

from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.notifications.registry import followable, notification_kind, topic
from parvis.reports import selectors
from parvis.reports.models import Category, MeToo, Report, ReportPhoto, StatusChange
from parvis.reports.notifications import render_status_changed

# /signalements/… in French and /en/reports/… in English: the form, the list, each report.
pages("parvis.reports.urls")

# Until a role for the town's technical services exists, administrators handle reports.
grant(
    Role.ADMINISTRATOR,
    model_permissions("reports", "category", ["view", "add", "change", "delete"])
    + model_permissions("reports", "report", ["view", "change"])
    + ["reports.change_report_status"],
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
invalidates(MeToo, keys=_report_of)
invalidates(ReportPhoto, keys=_report_of)
invalidates(Category)

# The list's filters, kept in the cache keys.
query_parameter("category", pattern=r"[-a-zA-Z0-9_]{0,80}")
query_parameter("status", pattern=r"[a-z_]{0,20}")

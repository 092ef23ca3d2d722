"""The message a report's followers (its author, those who said "me too") receive when the
town changes its status. Rendered by the notification worker in the recipient's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.notifications.registry import Rendered
from parvis.reports.models import ReportStatus, StatusChange

if TYPE_CHECKING:
    from parvis.accounts.models import User


def render_status_changed(change: StatusChange, recipient: User, language: str) -> Rendered:
    report = change.report
    context = {
        "report": report,
        "change": change,
        "town": current_town(),
        "url": absolute_url(report.get_absolute_url()),
    }
    subject = _("Report %(reference)s: %(status)s") % {
        "reference": report.reference,
        "status": ReportStatus(change.to_status).label,
    }
    return (
        subject,
        render_to_string("reports/email/status_changed.txt", context),
        None,
    )

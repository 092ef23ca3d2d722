"""Public reports in the site search, found as "<category> #<reference>" with their address
and description. A report has a document while it is public (confirmed, not hidden by a
moderator); the services and the moderation decisions keep it in step."""

from __future__ import annotations

from django.db.models import QuerySet

from parvis.reports.models import Report
from parvis.reports.selectors import map_reports
from parvis.search.registry import Document


def report_document(report: Report) -> Document | None:
    if not report.is_public:
        return None
    return Document(
        title=str(report),
        text=" ".join(part for part in (report.address_text, report.description) if part),
        date=report.created_at,
    )


def searchable_reports() -> QuerySet[Report]:
    return map_reports()

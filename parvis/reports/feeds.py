"""The feed of new public reports, town-wide (RSS and Atom)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from parvis.core.feeds import FEED_SIZE, FeedSubject, ParvisFeed
from parvis.core.town import current_town
from parvis.reports.models import Report
from parvis.reports.selectors import map_reports


class ReportFeed(ParvisFeed):
    guid_kind = "reports/report"

    def describe(self, scope_object: None) -> tuple[str, str, str]:
        town = current_town().name
        return (
            _("Reports — %(town)s") % {"town": town},
            _("The latest problems residents reported to %(town)s.") % {"town": town},
            reverse("reports:list"),
        )

    def items(self, subject: FeedSubject) -> list[Report]:
        return list(map_reports()[:FEED_SIZE])

    def item_title(self, item: Report) -> str:
        return str(item)

    def item_description(self, item: Report) -> str:
        return item.description

    def item_pubdate(self, item: Report) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Report) -> datetime:
        return item.updated_at

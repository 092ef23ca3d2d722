"""`{{ median|delay }}`: a time to answer in words ("5 hours", "3 days")."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def delay(value: timedelta | None) -> str:
    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 48:
        count = max(1, round(hours))
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    count = round(hours / 24)
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}

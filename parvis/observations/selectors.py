"""Reads of campaigns: the public ones, a campaign's members, and its observations counted by
day (with the day's mean of a numeric field) and by cell of the map, in SQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, FloatField, Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast, TruncDate

from parvis.accounts.models import User
from parvis.core.httpcache import has_session_cookie
from parvis.observations.models import Campaign, Member, Observation


def public_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(is_published=True)


def campaign_for_page(slug: str) -> Campaign | None:
    return public_campaigns().select_related("category", "space").filter(slug=slug).first()


def membership(*, campaign: Campaign, user: User | Any) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(campaign=campaign, user=user).first()


def public_observations() -> QuerySet[Observation]:
    """Observations of published campaigns whose results are for everyone (their positions
    and times: no one's name); a campaign with results for members only keeps them out."""
    return Observation.objects.filter(
        campaign__is_published=True, campaign__results_for_members=False
    )


def may_see_results(campaign: Campaign, request: Any) -> bool:
    """Whether the reader of `request` sees `campaign`'s charts and heat map: anyone, unless
    its results are for its members only; then a signed-in member. A reader without a session
    cookie is no member, and their session is not opened (the page stays one anonymous copy
    with no results, `core.pagecache`)."""
    if not campaign.results_for_members:
        return True
    if not has_session_cookie(request):
        return False
    return membership(campaign=campaign, user=request.user) is not None


def numeric_field(campaign: Campaign) -> dict | None:
    """The first integer field of the campaign's category (an odour's intensity), if any."""
    return next((f for f in campaign.category.extra_fields if f.get("kind") == "integer"), None)


def daily(campaign: Campaign, *, start: date, end: date) -> list[dict[str, Any]]:
    """One row per day from `start` to `end` (included): the observations counted, those that
    noticed something, and the day's mean of the numeric field (None without). One query."""
    field = numeric_field(campaign)
    rows = (
        Observation.objects.filter(
            campaign=campaign, observed_at__date__gte=start, observed_at__date__lte=end
        )
        .annotate(day=TruncDate("observed_at"))
        .values("day")
        .annotate(
            count=Count("id"),
            noticed=Count("id", filter=~Q(values={})),
            **(
                {"mean": Avg(Cast(KeyTransform(field["key"], "values"), FloatField()))}
                if field
                else {}
            ),
        )
        .order_by("day")
    )
    found: dict[date, dict[str, Any]] = {_as_date(row["day"]): dict(row) for row in rows}
    days = []
    day = start
    while day <= end:
        row = found.get(day, {})
        days.append(
            {
                "day": day,
                "count": row.get("count", 0),
                "noticed": row.get("noticed", 0),
                "mean": row.get("mean"),
            }
        )
        day += timedelta(days=1)
    return days


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):  # SQLite through some paths gives text
        return date.fromisoformat(value[:10])
    return value


def campaign_observations(campaign: Campaign) -> QuerySet[Observation]:
    """Those that noticed something, for the heat map (positions only)."""
    return Observation.objects.filter(campaign=campaign).exclude(values={})

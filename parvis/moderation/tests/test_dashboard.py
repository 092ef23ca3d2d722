"""The moderators' dashboard: counts at a glance, suspended people, the latest decisions."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from conftest import make_user
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.comments.services import comment_flag
from parvis.comments.tests.factories import make_comment
from parvis.moderation.models import Decision, DecisionAction
from parvis.moderation.selectors import dashboard_counts
from parvis.moderation.services import (
    contribution_approve,
    contribution_hide,
    user_reinstate,
    user_suspend,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/backoffice/moderation/decision/dashboard/"
PARIS = ZoneInfo("Europe/Paris")
DECISIONS_TODAY = (
    "<strong>%(counter)s</strong> decision today",
    "<strong>%(counter)s</strong> decisions today",
)
DECISIONS_THIS_WEEK = (
    "<strong>%(counter)s</strong> decision this week",
    "<strong>%(counter)s</strong> decisions this week",
)
SUSPENDED = (
    "<strong>%(counter)s</strong> person suspended",
    "<strong>%(counter)s</strong> people suspended",
)
WATCHED = (
    "<strong>%(counter)s</strong> person whose contributions are held for review",
    "<strong>%(counter)s</strong> people whose contributions are held for review",
)


def shown(singular: str, plural: str, count: int) -> str:
    """A count as the dashboard shows it in French (the markup taken out)."""
    with translation.override("fr"):
        text = ngettext(singular, plural, count) % {"counter": count}
    return BeautifulSoup(text, "html.parser").get_text(" ", strip=True)


def counts_shown(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select(".moderation-counts li")]


def test_the_dashboard_counts_what_waits_what_is_flagged_and_who_is_suspended(
    client, moderator, page, council_page, resident, other_resident
):
    make_comment(council_page, resident, "En attente 1")
    make_comment(council_page, other_resident, "En attente 2")
    flagged = make_comment(page, resident, "Signalé")
    comment_flag(comment=flagged, user=other_resident, reason="spam")
    comment_flag(
        comment=make_comment(page, resident, "Signalé aussi"), user=moderator, reason="spam"
    )
    hidden = make_comment(page, other_resident, "Caché")
    contribution_hide(obj=hidden, moderator=moderator, reason="Hors sujet.")
    user_suspend(
        user=other_resident,
        moderator=moderator,
        until=timezone.now() + timedelta(days=3),
        reason="Spam.",
    )
    sign_in(client, moderator)

    html = client.get(DASHBOARD).content.decode()

    waiting = "<strong>%(counter)s</strong> waiting for review"
    flagged_count = "<strong>%(counter)s</strong> flagged"
    assert counts_shown(html) == [
        shown(waiting, waiting, 2),
        shown(flagged_count, flagged_count, 2),
        shown(*DECISIONS_TODAY, 2),
        shown(*DECISIONS_THIS_WEEK, 2),
        shown(*SUSPENDED, 1),
        shown(*WATCHED, 1),
    ]
    tables = BeautifulSoup(html, "html.parser").select("#content-main table")
    with translation.override("fr"):
        label = gettext("Comments")
    assert tables[0].select_one("tbody tr").get_text(" ", strip=True) == f"{label} 2 2"
    assert other_resident.email in tables[1].get_text()


def test_decisions_are_counted_by_day_and_week_in_the_towns_time(moderator, page, resident):
    # Wednesday 2026-03-18, 00:30 in Paris is still Tuesday 23:30 in UTC.
    now = datetime(2026, 3, 18, 0, 30, tzinfo=PARIS)
    for when in (
        datetime(2026, 3, 18, 0, 10, tzinfo=PARIS),  # today
        datetime(2026, 3, 17, 23, 50, tzinfo=PARIS),  # yesterday, this week
        datetime(2026, 3, 16, 0, 0, tzinfo=PARIS),  # Monday, this week
        datetime(2026, 3, 15, 23, 59, tzinfo=PARIS),  # Sunday, last week
    ):
        Decision.objects.create(action=DecisionAction.APPROVE, moderator=moderator, created_at=when)

    counts = dashboard_counts(now=now)

    assert (counts.decided_today, counts.decided_this_week) == (1, 3)


def test_a_moderator_lifts_a_suspension_from_the_dashboard(client, moderator, resident):
    user_suspend(
        user=resident, moderator=moderator, until=timezone.now() + timedelta(days=7), reason="x"
    )
    sign_in(client, moderator)

    response = client.post(f"/backoffice/moderation/decision/reinstate/{resident.pk}/")

    resident.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert resident.suspended_until is None
    assert list(Decision.objects.order_by("id").values_list("action", flat=True)) == [
        "suspend",
        "reinstate",
    ]
    assert counts_shown(client.get(DASHBOARD).content.decode())[4] == shown(*SUSPENDED, 0)


def test_reinstating_someone_who_is_not_suspended_changes_nothing(moderator, resident):
    from parvis.moderation.services import DecisionNotAllowed

    with pytest.raises(DecisionNotAllowed):
        user_reinstate(user=resident, moderator=moderator)

    assert Decision.objects.count() == 0


def test_a_suspension_must_end_in_the_future_and_have_a_reason(moderator, resident):
    from parvis.moderation.services import DecisionNotAllowed

    for until, reason in ((timezone.now() - timedelta(minutes=1), "x"), (None, " ")):
        with pytest.raises(DecisionNotAllowed):
            user_suspend(
                user=resident,
                moderator=moderator,
                until=until or timezone.now() + timedelta(days=1),
                reason=reason,
            )

    resident.refresh_from_db()
    assert (resident.suspended_until, Decision.objects.count()) == (None, 0)


def test_a_second_moderator_deciding_on_a_stale_page_sees_the_first_decision(
    council_page, resident
):
    from parvis.moderation.services import DecisionNotAllowed

    comment = make_comment(council_page, resident, "Attente")
    first = make_user("m1@example.org", roles=(Role.MODERATOR,))
    second = make_user("m2@example.org", roles=(Role.MODERATOR,))
    stale = type(comment).objects.get(pk=comment.pk)  # the second moderator's page
    contribution_hide(obj=comment, moderator=first, reason="Hors sujet.")

    with pytest.raises(DecisionNotAllowed):
        contribution_approve(obj=stale, moderator=second)

    comment.refresh_from_db()
    assert comment.moderation_status == "hidden"
    assert list(Decision.objects.values_list("action", "moderator")) == [("hide", first.pk)]

"""Who decides about whom: nobody about their own contribution or account, nobody about
someone whose role ranks above theirs, nobody at all while suspended.

The three cases the attack pass found (a moderator approving his own held comment, a
moderator suspending the administrator, an administrator lifting his own suspension) go
through the pages; the whole matrix of roles goes through the services. A refusal changes
nothing and records nothing: no decision, no audit entry, no e-mail.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import make_user
from parvis.accounts.models import User
from parvis.accounts.roles import ROLE_RANKS, Role, rank_of
from parvis.accounts.tests.helpers import sign_in
from parvis.comments.models import Comment
from parvis.comments.tests.factories import make_comment
from parvis.core.models import AuditEntry
from parvis.moderation.models import Decision, ModerationStatus, WordListEntry
from parvis.moderation.services import (
    DecisionForbidden,
    contribution_approve,
    contribution_hide,
    contribution_restore,
    user_reinstate,
    user_suspend,
)

pytestmark = pytest.mark.django_db

QUEUE = "/backoffice/moderation/decision/queue/"
DECIDE = "/backoffice/moderation/decision/queue/decide/"
DASHBOARD = "/backoffice/moderation/decision/dashboard/"


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def ref(comment: Comment) -> str:
    return f"{ContentType.objects.get_for_model(Comment).pk}:{comment.pk}"


def reinstate_url(user: User) -> str:
    return f"/backoffice/moderation/decision/reinstate/{user.pk}/"


def trail() -> tuple[int, int]:
    """Decisions and moderation audit entries written so far."""
    return Decision.objects.count(), AuditEntry.objects.filter(
        action__startswith="moderation."
    ).count()


def suspend(user: User, *, by: User, days: int = 7) -> None:
    user_suspend(user=user, moderator=by, until=timezone.now() + timedelta(days=days), reason="x")


@pytest.fixture
def chief(db) -> User:
    """A second administrator, who may decide about anyone else."""
    return make_user("direction@mairie.example", roles=(Role.ADMINISTRATOR,), totp=True)


# --- the three cases of the attack pass, through the pages ------------------------------------


def test_a_moderator_does_not_approve_his_own_held_comment(client, moderator, council_page):
    comment = make_comment(council_page, moderator, "Mon propre avis, en attente.")
    assert comment.moderation_status == ModerationStatus.PENDING
    before = trail()
    sign_in(client, moderator)

    queue = client.get(QUEUE).content.decode()
    response = client.post(DECIDE, {"item": ref(comment), "action": "approve", "reason": ""})

    refusal = fr("You cannot decide about what you wrote yourself: leave it to another moderator.")
    # The queue shows it with why, and no button to decide.
    assert refusal in queue
    assert f'value="{ref(comment)}"' not in queue
    assert response.status_code == 403
    assert refusal in response.content.decode()
    comment.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.PENDING
    assert trail() == before


def test_a_moderator_does_not_suspend_the_administrator(
    client, moderator, administrator, page, mailbox
):
    comment = make_comment(page, administrator, "Message de l’administrateur.")
    before = trail()
    sign_in(client, moderator)

    response = client.post(
        DECIDE, {"item": ref(comment), "action": "suspend", "reason": "Non.", "days": 7}
    )

    assert response.status_code == 403
    role = fr(Role.ADMINISTRATOR.label)
    with translation.override("fr"):
        expected = gettext(
            "Its author holds the role “%(role)s”, above yours: only an administrator can "
            "decide about it."
        ) % {"role": role}
    assert expected in response.content.decode()
    comment.refresh_from_db()
    administrator.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.VISIBLE
    assert (administrator.suspended_until, administrator.watched_until) == (None, None)
    assert trail() == before
    assert mailbox.messages == []


def test_an_administrator_does_not_lift_his_own_suspension(client, administrator, chief):
    suspend(administrator, by=chief)
    before = trail()
    browser = Client()
    sign_in(browser, administrator)

    dashboard = browser.get(DASHBOARD)
    response = browser.post(reinstate_url(administrator))

    suspended = fr("Your account is suspended: you cannot moderate until your suspension ends.")
    assert (dashboard.status_code, response.status_code) == (403, 403)
    assert suspended in dashboard.content.decode()
    assert suspended in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.suspended_until is not None
    assert trail() == before

    # The other administrator lifts it.
    sign_in(client, chief)
    assert client.post(reinstate_url(administrator)).status_code == 302
    administrator.refresh_from_db()
    assert administrator.suspended_until is None


def test_a_suspended_moderator_decides_nothing(client, moderator, chief, council_page, resident):
    comment = make_comment(council_page, resident, "En attente.")
    sign_in(client, moderator)
    suspend(moderator, by=chief)
    before = trail()

    pages = [client.get(QUEUE), client.get(DASHBOARD)]
    decided = client.post(DECIDE, {"item": ref(comment), "action": "approve", "reason": ""})

    assert [r.status_code for r in (*pages, decided)] == [403, 403, 403]
    comment.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.PENDING
    assert trail() == before
    with pytest.raises(DecisionForbidden):
        contribution_approve(obj=comment, moderator=moderator)
    assert trail() == before


def test_the_dashboard_offers_to_lift_only_the_suspensions_one_may_lift(
    client, moderator, administrator, chief, resident
):
    for person in (resident, administrator):
        suspend(person, by=chief)
    sign_in(client, moderator)

    page = client.get(DASHBOARD).content.decode()

    assert f'action="{reinstate_url(resident)}"' in page
    assert f'action="{reinstate_url(administrator)}"' not in page
    before = trail()
    response = client.post(reinstate_url(administrator))
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert administrator.suspended_until is not None
    assert trail() == before


# --- the matrix: every acting role by every role decided about, through the services -----------

TARGETS = [
    "resident",
    Role.VERIFIED_RESIDENT,
    Role.COMMUNICATION_OFFICER,
    Role.HR_OFFICER,
    Role.FAMILY_SERVICES_OFFICER,
    Role.TECHNICAL_SERVICES_OFFICER,
    Role.ELECTED_OFFICIAL,
    Role.MODERATOR,
    Role.ADMINISTRATOR,
    "self",
]
#: Written by hand: who may decide about whom.
MAY = {
    Role.MODERATOR: {
        "resident",
        Role.VERIFIED_RESIDENT,
        Role.COMMUNICATION_OFFICER,
        Role.HR_OFFICER,
        Role.FAMILY_SERVICES_OFFICER,
        Role.TECHNICAL_SERVICES_OFFICER,
        Role.ELECTED_OFFICIAL,
        Role.MODERATOR,
    },
    Role.ADMINISTRATOR: {
        "resident",
        Role.VERIFIED_RESIDENT,
        Role.COMMUNICATION_OFFICER,
        Role.HR_OFFICER,
        Role.FAMILY_SERVICES_OFFICER,
        Role.TECHNICAL_SERVICES_OFFICER,
        Role.ELECTED_OFFICIAL,
        Role.MODERATOR,
        Role.ADMINISTRATOR,
    },
    Role.COMMUNICATION_OFFICER: set(),
    Role.TECHNICAL_SERVICES_OFFICER: set(),
    Role.ELECTED_OFFICIAL: set(),
    "resident": set(),
}


def person(kind: str | Role, actor: User, number: int = 0) -> User:
    if kind == "self":
        return actor
    roles = () if kind == "resident" else (Role(kind),)
    return make_user(f"cible{number}.{kind}@example.org", roles=roles)


def acting(kind: str | Role) -> User:
    roles = () if kind == "resident" else (Role(kind),)
    return make_user(f"acteur.{kind}@example.org", roles=roles)


DECISIONS = ["approve", "hide", "restore", "suspend", "reinstate"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("actor_kind", list(MAY))
@pytest.mark.parametrize("decision", DECISIONS)
def test_who_may_decide_about_whom(actor_kind, target, decision, council_page, chief):
    actor = acting(actor_kind)
    subject = person(target, actor)
    comment = make_comment(council_page, subject, "Un avis en attente.")
    if decision == "restore":
        contribution_hide(obj=comment, moderator=chief, reason="Hors sujet.")
    if decision == "reinstate":
        suspend(subject, by=chief)
    comment.refresh_from_db()
    subject.refresh_from_db()
    status, suspended_until = comment.moderation_status, subject.suspended_until
    before = trail()

    def decide() -> None:
        if decision == "approve":
            contribution_approve(obj=comment, moderator=actor)
        elif decision == "hide":
            contribution_hide(obj=comment, moderator=actor, reason="Hors sujet.")
        elif decision == "restore":
            contribution_restore(obj=comment, moderator=actor)
        elif decision == "suspend":
            suspend(subject, by=actor)
        else:
            user_reinstate(user=subject, moderator=actor)

    if target in MAY[actor_kind]:
        decide()
        assert Decision.objects.count() == before[0] + 1
        assert Decision.objects.latest("id").moderator == actor
    else:
        with pytest.raises(DecisionForbidden):
            decide()
        comment.refresh_from_db()
        subject.refresh_from_db()
        assert (comment.moderation_status, subject.suspended_until) == (status, suspended_until)
        assert trail() == before


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("resident", 302),
        (Role.ELECTED_OFFICIAL, 302),
        (Role.MODERATOR, 302),
        (Role.ADMINISTRATOR, 403),
        ("self", 403),
    ],
)
@pytest.mark.parametrize("action", ["hide", "suspend"])
def test_a_moderator_in_the_queue(client, moderator, page, target, expected, action):
    subject = person(target, moderator)
    comment = make_comment(page, subject, "Un avis publié.")
    before = trail()
    sign_in(client, moderator)

    response = client.post(
        DECIDE, {"item": ref(comment), "action": action, "reason": "Hors sujet.", "days": 7}
    )

    comment.refresh_from_db()
    subject.refresh_from_db()
    assert response.status_code == expected
    if expected == 403:
        assert comment.moderation_status == ModerationStatus.VISIBLE
        assert subject.suspended_until is None
        assert trail() == before
    else:
        assert comment.moderation_status == ModerationStatus.HIDDEN
        assert (subject.suspended_until is not None) == (action == "suspend")


def test_every_role_has_a_rank_in_the_one_order():
    assert set(ROLE_RANKS) == set(Role)
    assert rank_of([]) == rank_of([Role.VERIFIED_RESIDENT]) == 0
    assert (
        rank_of([Role.ADMINISTRATOR])
        > rank_of([Role.MODERATOR])
        > rank_of([Role.COMMUNICATION_OFFICER])
        == rank_of([Role.HR_OFFICER])
        == rank_of([Role.FAMILY_SERVICES_OFFICER])
        == rank_of([Role.TECHNICAL_SERVICES_OFFICER])
        == rank_of([Role.ELECTED_OFFICIAL])
        > rank_of([])
    )
    assert rank_of([Role.ELECTED_OFFICIAL, Role.MODERATOR]) == rank_of([Role.MODERATOR])


# --- two moderators suspending each other at the same instant ---------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql  # row locks: SQLite has one writer at a time
def test_two_moderators_suspending_each_other_at_once_one_wins():
    from parvis.core.tests.concurrency import run_at_once

    first = make_user("premiere.moderatrice@example.org", roles=(Role.MODERATOR,))
    second = make_user("second.moderateur@example.org", roles=(Role.MODERATOR,))
    pairs = [(first, second), (second, first)]

    def suspend_the_other() -> str:
        actor, subject = pairs.pop()
        suspend(subject, by=actor)
        return "suspended"

    outcomes = run_at_once(2, suspend_the_other)

    assert sorted(
        type(outcome).__name__ if isinstance(outcome, Exception) else outcome
        for outcome in outcomes
    ) == [
        "DecisionForbidden",
        "suspended",
    ]
    assert Decision.objects.count() == 1
    assert User.objects.filter(suspended_until__isnull=False).count() == 1


def test_a_suspended_moderator_does_not_keep_the_word_list(client, moderator, chief):
    sign_in(client, moderator)
    suspend(moderator, by=chief)

    response = client.post(
        "/backoffice/moderation/wordlistentry/add/", {"expression": "arnaque", "note": ""}
    )

    assert response.status_code == 403
    assert WordListEntry.objects.count() == 0

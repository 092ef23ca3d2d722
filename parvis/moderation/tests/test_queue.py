"""The moderators' queue in the back office: what waits, what is flagged, and each decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.comments.models import Comment
from parvis.comments.services import comment_flag
from parvis.comments.tests.factories import make_comment
from parvis.core.models import AuditEntry
from parvis.moderation.models import Decision, Flag, ModerationStatus, WordListEntry
from parvis.moderation.services import contribution_hide

pytestmark = pytest.mark.django_db

QUEUE = "/backoffice/moderation/decision/queue/"
DECIDE = "/backoffice/moderation/decision/queue/decide/"
DASHBOARD = "/backoffice/moderation/decision/dashboard/"


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def ref(comment: Comment) -> str:
    return f"{ContentType.objects.get_for_model(Comment).pk}:{comment.pk}"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def queue_items(response) -> list[str]:
    """The ids of the items the queue shows, in order."""
    return [li["id"] for li in soup(response).select(".moderation-item")]


def item_id(comment: Comment) -> str:
    return f"item-{ref(comment).replace(':', '')}"


@pytest.fixture
def moderating(client, moderator):
    sign_in(client, moderator)
    return client


# --- who reaches it ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [QUEUE, DASHBOARD])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("resident", 403),
        (Role.COMMUNICATION_OFFICER, 403),
        (Role.ELECTED_OFFICIAL, 403),
        (Role.HR_OFFICER, 403),
        (Role.TECHNICAL_SERVICES_OFFICER, 403),
        (Role.MODERATOR, 200),
        (Role.ADMINISTRATOR, 200),
    ],
)
def test_only_moderators_and_administrators_reach_the_queue(
    client, staff_member, url, role, expected
):
    if role == "resident":
        sign_in(client, make_user("habitant@example.org"))
    elif role != "anonymous":
        sign_in(client, staff_member(role))

    response = client.get(url)

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


def test_a_moderator_without_two_factor_authentication_is_sent_to_set_it_up(staff_member):
    browser = Client()
    browser.force_login(staff_member(Role.MODERATOR, totp=False))

    response = browser.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")


@pytest.mark.parametrize("url", [QUEUE, DASHBOARD])
def test_the_decision_page_refuses_others_before_reading_anything(
    client, officer, page, resident, url
):
    comment = make_comment(page, resident)
    sign_in(client, officer)

    response = client.post(DECIDE, {"item": ref(comment), "action": "hide", "reason": "Non"})

    comment.refresh_from_db()
    assert response.status_code == 403
    assert comment.moderation_status == ModerationStatus.VISIBLE
    assert Decision.objects.count() == 0


# --- what it shows -------------------------------------------------------------------------


def test_the_queue_shows_what_waits_oldest_first_with_why(
    moderating, council_page, page, resident, other_resident
):
    WordListEntry.objects.create(expression="escroc")
    first = make_comment(council_page, resident, "Première proposition")
    second = make_comment(page, other_resident, "Le maire est un escroc")
    make_comment(page, resident, "Publié tout de suite")
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=2))

    response = moderating.get(QUEUE)

    assert response.status_code == 200
    assert queue_items(response) == [item_id(first), item_id(second)]
    held = soup(response).select_one(f"#{item_id(second)}").get_text(" ", strip=True)
    assert "Le maire est un escroc" in held
    assert "dominique.voisin@example.org" in held
    assert fr("It contains words of the word list: %(words)s.") % {"words": "escroc"} in held
    link = soup(response).select_one(f"#{item_id(second)} .moderation-item__meta a")
    assert link["href"] == f"{page.get_absolute_url()}#comment-{second.pk}"


def test_the_flagged_tab_shows_published_comments_with_their_flags(
    moderating, page, resident, other_resident
):
    comment = make_comment(page, resident, "Achetez mes montres")
    make_comment(page, resident, "Sans problème")
    comment_flag(comment=comment, user=other_resident, reason="spam", note="Publicité")

    response = moderating.get(f"{QUEUE}?show=flagged")

    assert queue_items(response) == [item_id(comment)]
    text = soup(response).select_one(f"#{item_id(comment)}").get_text(" ", strip=True)
    note = fr("“%(note)s”") % {"note": "Publicité"}
    assert f"{fr('Spam or advertising')} — {note}" in text
    assert other_resident.email in text


# --- decisions -----------------------------------------------------------------------------


def test_approving_publishes_and_leaves_a_trail(moderating, moderator, council_page, resident):
    comment = make_comment(council_page, resident, "Un skatepark près du collège")

    response = moderating.post(DECIDE, {"item": ref(comment), "action": "approve", "days": 7})

    comment.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?show=pending"
    assert comment.moderation_status == ModerationStatus.VISIBLE
    decision = Decision.objects.get()
    assert (decision.action, decision.moderator, decision.subject, decision.object_id) == (
        "approve",
        moderator,
        resident,
        comment.pk,
    )
    audit = AuditEntry.objects.get(action="moderation.approve")
    assert (audit.actor, audit.target_id, audit.data) == (
        moderator,
        str(comment.pk),
        {"decision_id": decision.pk},
    )
    public = Client().get(council_page.get_absolute_url()).content.decode()
    assert "Un skatepark près du collège" in public
    assert queue_items(moderating.get(QUEUE)) == []


def test_hiding_without_a_reason_is_refused_next_to_the_field(moderating, council_page, resident):
    comment = make_comment(council_page, resident, "Discutable")

    response = moderating.post(DECIDE, {"item": ref(comment), "action": "hide", "reason": " "})

    comment.refresh_from_db()
    assert response.status_code == 400
    errors = soup(response).select_one(f"#id_{ref(comment).replace(':', '_')}_reason_error")
    assert errors.get_text(" ", strip=True) == (
        f"{fr('Error:')} {fr('Say why, for the author: a reason is required to hide or suspend.')}"
    )
    assert comment.moderation_status == ModerationStatus.PENDING
    assert Decision.objects.count() == 0


def test_hiding_tells_the_author_why_without_quoting_the_text(
    moderating, page, resident, other_resident, mailbox, run_tasks
):
    comment = make_comment(page, resident, "Texte injurieux envers un voisin")
    comment_flag(comment=comment, user=other_resident, reason="abuse")

    response = moderating.post(
        DECIDE,
        {"item": ref(comment), "action": "hide", "reason": "Propos insultants.", "show": "flagged"},
    )
    run_tasks()

    comment.refresh_from_db()
    resident.refresh_from_db()
    assert response["Location"] == f"{QUEUE}?show=flagged"
    assert (comment.moderation_status, comment.hidden_reason) == ("hidden", "Propos insultants.")
    assert Flag.objects.get().decision == Decision.objects.get(action="hide")
    assert resident.watched_until > timezone.now() + timedelta(days=29)
    (message,) = mailbox.to(resident.email)
    text = mailbox.text(message)
    assert message["Subject"] == fr("A moderator hid one of your contributions")
    assert "Propos insultants." in text
    assert f"http://127.0.0.1:8000{page.get_absolute_url()}#comment-{comment.pk}" in text
    assert "injurieux" not in text
    # The author sees it, marked, with the reason; nobody else sees it.
    author = Client()
    author.force_login(resident)
    own = BeautifulSoup(author.get(page.get_absolute_url()).content.decode(), "html.parser")
    assert "Propos insultants." in own.select_one(f"#comment-{comment.pk}").get_text()
    public = Client().get(page.get_absolute_url()).content.decode()
    assert "Texte injurieux" not in public


def test_hiding_and_suspending_stops_the_author_and_tells_them_until_when(
    moderating, moderator, page, resident, mailbox, run_tasks
):
    comment = make_comment(page, resident, "Troisième insulte de la semaine")

    moderating.post(
        DECIDE,
        {"item": ref(comment), "action": "suspend", "reason": "Insultes répétées.", "days": 30},
    )
    run_tasks()

    comment.refresh_from_db()
    resident.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.HIDDEN
    assert list(Decision.objects.order_by("id").values_list("action", flat=True)) == [
        "hide",
        "suspend",
    ]
    suspension = Decision.objects.get(action="suspend")
    assert resident.suspended_until == suspension.suspended_until
    assert (
        timedelta(days=29, hours=23)
        < resident.suspended_until - timezone.now()
        <= timedelta(days=30)
    )
    assert resident.watched_until == resident.suspended_until + timedelta(days=30)
    subjects = sorted(message["Subject"] for message in mailbox.to(resident.email))
    assert subjects == sorted(
        [fr("A moderator hid one of your contributions"), fr("Your account is suspended")]
    )
    assert AuditEntry.objects.filter(action="moderation.suspend", actor=moderator).count() == 1


def test_a_refused_decision_leaves_nothing_behind(moderating, moderator, page, mailbox, run_tasks):
    # A moderator's own comment: neither hidden nor its author suspended, by them.
    comment = make_comment(page, moderator, "Mon propre commentaire")

    response = moderating.post(
        DECIDE, {"item": ref(comment), "action": "suspend", "reason": "Test", "days": 7}
    )
    run_tasks()

    comment.refresh_from_db()
    moderator.refresh_from_db()
    assert response.status_code == 403
    assert (
        fr("You cannot decide about what you wrote yourself: leave it to another moderator.")
        in response.content.decode()
    )
    assert comment.moderation_status == ModerationStatus.VISIBLE
    assert (moderator.suspended_until, moderator.watched_until) == (None, None)
    assert Decision.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert mailbox.messages == []


def test_keeping_a_flagged_comment_closes_its_flags(moderating, page, resident, other_resident):
    comment = make_comment(page, resident, "Critique argumentée")
    comment_flag(comment=comment, user=other_resident, reason="off_topic")

    moderating.post(DECIDE, {"item": ref(comment), "action": "approve", "show": "flagged"})

    comment.refresh_from_db()
    flag = Flag.objects.get()
    assert comment.moderation_status == ModerationStatus.VISIBLE
    assert (flag.resolved_at is not None, flag.decision.action) == (True, "approve")
    assert queue_items(moderating.get(f"{QUEUE}?show=flagged")) == []


def test_a_hidden_comment_is_restored_from_its_tab(moderating, moderator, page, resident):
    comment = make_comment(page, resident, "Finalement acceptable")
    contribution_hide(obj=comment, moderator=moderator, reason="Doute.")
    assert queue_items(moderating.get(f"{QUEUE}?show=hidden")) == [item_id(comment)]

    moderating.post(DECIDE, {"item": ref(comment), "action": "restore", "show": "hidden"})

    comment.refresh_from_db()
    assert (comment.moderation_status, comment.hidden_reason) == ("visible", "")


def test_approving_a_hidden_comment_is_refused_with_a_message(
    moderating, moderator, page, resident
):
    comment = make_comment(page, resident, "Déjà caché")
    contribution_hide(obj=comment, moderator=moderator, reason="Hors sujet.")

    response = moderating.post(DECIDE, {"item": ref(comment), "action": "approve"})

    comment.refresh_from_db()
    assert response.status_code == 409
    assert comment.moderation_status == ModerationStatus.HIDDEN
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"item": "nonsense", "action": "approve"},
        {"item": "1:1", "action": "eat"},
        {"action": "approve"},
    ],
)
def test_a_malformed_decision_is_refused(moderating, data):
    response = moderating.post(DECIDE, data)

    assert response.status_code == 400
    assert Decision.objects.count() == 0

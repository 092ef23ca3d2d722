"""The rules of comments, service by service: who may write what, and what waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import make_user
from parvis.comments.models import Comment
from parvis.comments.services import (
    CommentRefused,
    comment_create,
    comment_delete,
    comment_edit,
    comment_flag,
)
from parvis.comments.tests.factories import make_comment
from parvis.core.models import AuditEntry
from parvis.moderation.models import Decision, DecisionAction, Flag, ModerationStatus, WordListEntry
from parvis.moderation.permissions import ContributionRefused
from parvis.moderation.services import FlagRefused, contribution_hide, user_suspend

pytestmark = pytest.mark.django_db


def test_a_comment_holding_a_listed_word_waits_for_a_moderator(page, resident):
    WordListEntry.objects.create(expression="arnaque")

    held = make_comment(page, resident, "C'est une ARNAQUE, ce parking !")
    kept = make_comment(page, resident, "Les arnaqueurs du dimanche")  # not the whole word

    assert held.moderation_status == ModerationStatus.PENDING
    assert kept.moderation_status == ModerationStatus.VISIBLE


def test_comments_of_a_watched_author_wait_for_a_moderator(page, resident):
    resident.watched_until = timezone.now() + timedelta(days=3)
    resident.save(update_fields=["watched_until"])

    assert make_comment(page, resident).moderation_status == ModerationStatus.PENDING


def test_the_spaces_policy_wins_over_the_town_wide_setting(page, resident, settings):
    settings.MODERATION_DEFAULT_POLICY = "before"

    assert page.space.moderation_policy == "after"
    assert make_comment(page, resident).moderation_status == ModerationStatus.VISIBLE


def test_an_edit_that_brings_a_listed_word_sends_the_comment_back_to_the_queue(page, resident):
    comment = make_comment(page, resident, "Bonjour à tous")
    WordListEntry.objects.create(expression="imbécile")

    comment_edit(comment=comment, author=resident, body="Quel Imbecile, ce maire")

    comment.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.PENDING
    assert AuditEntry.objects.filter(action="comment.edit").get().data == {"status": "pending"}


def test_an_edit_never_publishes_a_waiting_comment(council_page, resident):
    comment = make_comment(council_page, resident, "En attente")

    comment_edit(comment=comment, author=resident, body="Toujours en attente")

    comment.refresh_from_db()
    assert (comment.body, comment.moderation_status) == ("Toujours en attente", "pending")


def test_a_hidden_comment_cannot_be_edited(page, resident, moderator):
    comment = make_comment(page, resident, "Injurieux")
    contribution_hide(obj=comment, moderator=moderator, reason="Propos injurieux.")

    with pytest.raises(CommentRefused):
        comment_edit(comment=comment, author=resident, body="Corrigé")

    comment.refresh_from_db()
    assert comment.body == "Injurieux"


def test_the_editing_window_is_a_setting(page, resident, settings):
    settings.COMMENT_EDIT_MINUTES = 60
    comment = make_comment(page, resident, "Avant")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=59))
    comment.refresh_from_db()

    comment_edit(comment=comment, author=resident, body="Après")

    comment.refresh_from_db()
    assert comment.body == "Après"


def test_replies_are_one_level_deep_and_only_to_published_comments(
    council_page, page, resident, other_resident
):
    waiting = make_comment(council_page, resident, "En attente")

    with pytest.raises(CommentRefused) as refused:
        make_comment(council_page, other_resident, "Réponse", parent=waiting)

    with translation.override("fr"):
        assert refused.value.message == gettext("You can only reply to a published comment.")
    top = make_comment(page, resident, "Haut")
    reply = make_comment(page, other_resident, "Réponse", parent=top)
    deeper = make_comment(page, resident, "Plus bas ?", parent=reply)
    assert (reply.parent, deeper.parent) == (top, top)


def test_a_deleted_comment_cannot_be_replied_to_nor_flagged(page, resident, other_resident):
    top = make_comment(page, resident, "Effacé bientôt")
    comment_delete(comment=top, author=resident)

    with pytest.raises(CommentRefused):
        make_comment(page, other_resident, "Réponse", parent=top)
    with pytest.raises(CommentRefused):
        comment_flag(comment=top, user=other_resident, reason="spam")
    assert Flag.objects.count() == 0


def test_enough_flags_put_a_comment_back_in_the_queue(page, resident, settings):
    settings.MODERATION_FLAGS_TO_HOLD = 3
    comment = make_comment(page, resident, "Discutable")
    flaggers = [make_user(f"voisin{n}@example.org") for n in range(3)]

    comment_flag(comment=comment, user=flaggers[0], reason="abuse")
    comment_flag(comment=comment, user=flaggers[1], reason="abuse")
    comment.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.VISIBLE
    comment_flag(comment=comment, user=flaggers[2], reason="spam")

    comment.refresh_from_db()
    assert comment.moderation_status == ModerationStatus.PENDING
    assert AuditEntry.objects.filter(action="moderation.hold").count() == 1
    assert Flag.objects.filter(resolved_at=None).count() == 3


def test_a_comment_that_is_not_public_cannot_be_flagged(council_page, resident, other_resident):
    waiting = make_comment(council_page, resident, "En attente")

    with pytest.raises(FlagRefused):
        comment_flag(comment=waiting, user=other_resident, reason="spam")


def suspend(user, moderator, *, days: int = 7, reason: str = "Insultes répétées.") -> None:
    user_suspend(
        user=user, moderator=moderator, until=timezone.now() + timedelta(days=days), reason=reason
    )


def test_a_suspended_person_writes_nothing_but_may_take_their_words_back(
    page, resident, other_resident, moderator
):
    own = make_comment(page, resident, "Avant la suspension")
    others = make_comment(page, other_resident, "D'un voisin")
    suspend(resident, moderator)
    resident.refresh_from_db()

    for attempt in (
        lambda: make_comment(page, resident, "Pendant"),
        lambda: comment_edit(comment=own, author=resident, body="Modifié"),
        lambda: comment_flag(comment=others, user=resident, reason="spam"),
    ):
        with pytest.raises(ContributionRefused):
            attempt()
    comment_delete(comment=own, author=resident)

    own.refresh_from_db()
    assert (Comment.objects.count(), Flag.objects.count(), own.body) == (2, 0, "")


def test_a_suspended_person_reads_why_and_until_when_instead_of_the_form(
    client, page, resident, moderator
):
    suspend(resident, moderator, reason="Insultes répétées.")
    resident.refresh_from_db()
    client.force_login(resident)

    html = client.get(page.get_absolute_url()).content.decode()
    response = client.post(
        reverse("comments:create", args=[page_type_id(page), page.pk]), {"body": "Je parle"}
    )

    assert 'id="comment-form"' not in html
    assert "Insultes répétées." in html
    assert response.status_code == 403
    assert "Insultes répétées." in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_suspension_ends_by_itself(page, resident, moderator):
    suspend(resident, moderator, days=1)
    resident.refresh_from_db()
    resident.suspended_until = timezone.now() - timedelta(seconds=1)

    comment = make_comment(page, resident, "De retour")

    # Back, but watched for a while: the comment waits for a moderator.
    assert comment.moderation_status == ModerationStatus.PENDING
    assert Decision.objects.get().action == DecisionAction.SUSPEND


def test_comments_of_an_erased_account_stay_unsigned(page, resident, other_resident):
    from parvis.accounts.services import user_delete

    top = make_comment(page, resident, "Mon avis")
    make_comment(page, other_resident, "Ma réponse", parent=top)

    user_delete(user=resident)

    top.refresh_from_db()
    assert (top.author, top.body) == (None, "Mon avis")
    html = Client().get(page.get_absolute_url()).content.decode()
    with translation.override("fr"):
        assert gettext("A former resident") in html


def page_type_id(page) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(type(page)).pk


def test_comment_create_refuses_what_is_not_commentable(resident):
    with pytest.raises(ValueError):
        comment_create(target=resident, author=resident, body="Bonjour")

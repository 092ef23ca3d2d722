"""`contribution_admit`: a contribution is published at once, or waits for a moderator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from parvis.comments.models import Comment
from parvis.moderation.models import ModerationStatus, WordListEntry
from parvis.moderation.services import admission_reasons, contribution_admit

pytestmark = pytest.mark.django_db


def draft(body: str, space=None) -> Comment:
    return Comment(body=body, space=space)


def test_a_space_moderated_after_publication_publishes_at_once(page, resident):
    assert contribution_admit(obj=draft("Bonjour"), author=resident, space=page.space) == (
        ModerationStatus.VISIBLE
    )


def test_a_space_moderated_before_publication_holds_everything(council_page, resident):
    status = contribution_admit(obj=draft("Bonjour"), author=resident, space=council_page.space)

    assert status == ModerationStatus.PENDING
    with translation.override("fr"):
        expected = gettext("%(space)s is moderated before publication.") % {
            "space": council_page.space.name
        }
        reasons = admission_reasons(obj=draft("Bonjour"), author=resident, space=council_page.space)
    assert reasons == [expected]


@pytest.mark.parametrize(("policy", "expected"), [("after", "visible"), ("before", "pending")])
def test_town_wide_contributions_follow_the_setting(resident, settings, policy, expected):
    settings.MODERATION_DEFAULT_POLICY = policy

    assert contribution_admit(obj=draft("Bonjour"), author=resident, space=None) == expected


def test_the_word_list_holds_a_contribution_with_the_words_named_for_moderators(page, resident):
    WordListEntry.objects.create(expression="Escroc")
    WordListEntry.objects.create(expression="vendu")

    obj = draft("Le maire est un escroc et un VENDU.")

    assert contribution_admit(obj=obj, author=resident, space=page.space) == "pending"
    with translation.override("fr"):
        expected = gettext("It contains words of the word list: %(words)s.") % {
            "words": "escroc, vendu"
        }
        assert admission_reasons(obj=obj, author=resident, space=page.space) == [expected]


def test_a_watched_author_is_held_until_the_watch_ends(page, resident):
    resident.watched_until = timezone.now() + timedelta(hours=1)
    held = contribution_admit(obj=draft("Bonjour"), author=resident, space=page.space)
    resident.watched_until = timezone.now() - timedelta(seconds=1)
    free = contribution_admit(obj=draft("Bonjour"), author=resident, space=page.space)

    assert (held, free) == ("pending", "visible")

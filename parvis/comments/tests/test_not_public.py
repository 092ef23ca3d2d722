"""What the public does not see answers 404 at every comment endpoint, before anything is
rendered: a draft, an article in review or scheduled, an unpublished or expired one, an
announcement not published, a page or a space unpublished. Its title and its address reach
no answer, and nothing is written.

Each case starts from a public object with comments (a resident's own, and someone
else's), then takes it out of sight as staff would, and tries every endpoint: comment,
reply, edit, delete, flag — with a valid form and with a form that comes back with an error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parvis.comments.models import Comment
from parvis.comments.registry import commentable_type_of, commentable_types
from parvis.comments.services import comment_flag
from parvis.comments.tests.factories import make_comment
from parvis.core.models import AuditEntry
from parvis.moderation.models import Flag
from parvis.moderation.services import FlagRefused, contribution_hide
from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.news.services import announcement_unpublish, article_schedule, article_unpublish
from parvis.news.tests.factories import make_announcement, make_article
from parvis.spaces.models import Space, SpacePage
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db

TITLE = "Projet confidentiel du quai"
SLUG = "projet-confidentiel"


def create_url(target: Any) -> str:
    type_id = ContentType.objects.get_for_model(type(target)).pk
    return reverse("comments:create", args=[type_id, target.pk])


# --- the objects, public first ---------------------------------------------------------------


def public_article(space: Space) -> Article:
    return make_article(SLUG, space=space, title=TITLE)


def public_announcement(space: Space) -> Announcement:
    return make_announcement(f"{TITLE} : réunion publique jeudi.", space=space)


def public_page(space: Space) -> SpacePage:
    return make_page(space, SLUG, title=TITLE)


# --- and how each one leaves the public's sight ----------------------------------------------


def back_to(status: str, **fields: Any) -> Callable[[Any], None]:
    """A state no service goes back to once published (draft, in review): set as it is
    stored for an article that never left it."""

    def change(obj: Any) -> None:
        type(obj).objects.filter(pk=obj.pk).update(status=status, published_at=None, **fields)

    return change


def scheduled(article: Article) -> None:
    article_unpublish(article=article, actor=None)
    article_schedule(article=article, actor=None, publish_at=timezone.now() + timedelta(days=3))


def expired(article: Article) -> None:
    # Past its unpublication time, before the periodic job has caught up.
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        publish_at=now - timedelta(days=2),
        published_at=now - timedelta(days=2),
        unpublish_at=now - timedelta(minutes=1),
    )


def space_unpublished(obj: Any) -> None:
    Space.objects.filter(pk=obj.space_id).update(is_published=False)


def page_unpublished(page: SpacePage) -> None:
    SpacePage.objects.filter(pk=page.pk).update(is_published=False)


STATES = [
    pytest.param(public_article, back_to(ArticleStatus.DRAFT), id="article-draft"),
    pytest.param(public_article, back_to(ArticleStatus.IN_REVIEW), id="article-in-review"),
    pytest.param(public_article, scheduled, id="article-scheduled"),
    pytest.param(
        public_article,
        lambda article: article_unpublish(article=article, actor=None),
        id="article-unpublished",
    ),
    pytest.param(public_article, expired, id="article-expired"),
    pytest.param(public_article, space_unpublished, id="article-of-unpublished-space"),
    pytest.param(public_announcement, back_to(AnnouncementStatus.DRAFT), id="announcement-draft"),
    pytest.param(
        public_announcement,
        lambda announcement: announcement_unpublish(announcement=announcement, actor=None),
        id="announcement-unpublished",
    ),
    pytest.param(public_announcement, space_unpublished, id="announcement-of-unpublished-space"),
    pytest.param(public_page, page_unpublished, id="page-unpublished"),
    pytest.param(public_page, space_unpublished, id="page-of-unpublished-space"),
]


def snapshot() -> tuple:
    return (
        list(
            Comment.objects.order_by("pk").values_list(
                "pk", "body", "moderation_status", "edited_at", "deleted_at"
            )
        ),
        Flag.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(("make", "hide"), STATES)
def test_every_comment_endpoint_answers_404_about_what_is_not_public(
    make, hide, resident, other_resident
):
    space = make_space("quai-nord", name="Quai nord")
    target = make(space)
    own = make_comment(target, resident, "Mon avis sur le quai.")
    others = make_comment(target, other_resident, "Un autre avis.")
    hide(target)
    target = type(target).objects.get(pk=target.pk)
    assert not commentable_type_of(target).is_public(target)
    before = snapshot()
    client = Client()
    client.force_login(resident)

    requests = [
        (create_url(target), {"body": "Je passe par là."}),
        (create_url(target), {"body": ""}),  # the form's own error page
        (create_url(target), {"body": "Je réponds.", "parent": others.pk}),
        (create_url(target), {"body": "", "parent": others.pk}),
        (reverse("comments:edit", args=[own.pk]), {"body": "Texte changé."}),
        (reverse("comments:edit", args=[own.pk]), {"body": ""}),
        (reverse("comments:delete", args=[own.pk]), {}),
        (reverse("comments:flag", args=[others.pk]), {"reason": "spam"}),
        (reverse("comments:flag", args=[others.pk]), {"reason": ""}),
    ]
    for url, data in requests:
        response = client.post(url, data)

        body = response.content.decode()
        assert (url, data, response.status_code) == (url, data, 404)
        assert TITLE not in body
        assert SLUG not in body
    assert snapshot() == before


def test_a_hidden_comment_is_neither_flagged_nor_answered_nor_shown(
    page, resident, other_resident, moderator
):
    hidden = make_comment(page, other_resident, "Texte retiré par la modération.")
    contribution_hide(obj=hidden, moderator=moderator, reason="Hors sujet.")
    before = snapshot()
    client = Client()
    client.force_login(resident)

    flagged = client.post(reverse("comments:flag", args=[hidden.pk]), {"reason": "spam"})
    edited = client.post(reverse("comments:edit", args=[hidden.pk]), {"body": "Pris."})
    deleted = client.post(reverse("comments:delete", args=[hidden.pk]))
    replied = client.post(create_url(page), {"body": "Je réponds.", "parent": hidden.pk})

    assert [r.status_code for r in (flagged, edited, deleted)] == [404, 404, 404]
    # The reply comes back with its text and says the comment is no longer published
    # (it was when the page was read): the page is public, the hidden text is not shown.
    assert replied.status_code == 400
    for response in (flagged, edited, deleted, replied):
        assert "Texte retiré" not in response.content.decode()
    assert snapshot() == before


# --- the one rule, stated twice by each type, holds together ---------------------------------


@pytest.mark.parametrize(("make", "hide"), STATES)
def test_each_type_declares_the_same_rule_for_a_queryset_and_for_an_object(make, hide):
    target = make(make_space("quai-nord"))
    kinds = {kind.model: kind for kind in commentable_types()}
    kind = kinds[type(target)]

    def agree(obj: Any) -> tuple[bool, bool]:
        obj = kind.queryset().get(pk=obj.pk)
        return kind.is_public(obj), kind.public().filter(pk=obj.pk).exists()

    assert agree(target) == (True, True)
    hide(target)
    assert agree(target) == (False, False)


def test_the_flag_service_refuses_a_comment_on_what_is_not_public(page, resident, other_resident):
    comment = make_comment(page, other_resident, "Un avis.")
    page_unpublished(page)

    with pytest.raises(FlagRefused):
        comment_flag(comment=Comment.objects.get(pk=comment.pk), user=resident, reason="spam")

    assert Flag.objects.count() == 0

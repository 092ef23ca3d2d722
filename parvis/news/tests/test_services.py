"""The workflow of articles and announcements, through the services every caller uses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from parvis.core.models import AuditEntry
from parvis.news import selectors
from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.news.services import (
    TransitionRefused,
    announcement_publish,
    announcement_unpublish,
    article_delete,
    article_publish,
    article_save,
    article_schedule,
    article_submit,
    article_unpublish,
    articles_publish_due,
    articles_unpublish_expired,
)
from parvis.news.tests.factories import make_announcement, make_article, png_bytes
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db


def trail(target) -> list[tuple[str, str]]:
    """(actor e-mail or "", action) of every audit entry about `target`, oldest first."""
    return [
        (entry.actor.email if entry.actor else "", entry.action)
        for entry in AuditEntry.objects.filter(target_id=str(target.pk), action__startswith=(
            "article." if isinstance(target, Article) else "announcement."
        )).order_by("id")
    ]  # fmt: skip


def state(article: Article) -> tuple:
    article.refresh_from_db()
    return (article.status, article.published_at, article.publish_at, article.unpublish_at)


def visible_slugs(now=None) -> list[str]:
    return list(selectors.visible_articles(now=now).order_by("slug").values_list("slug", flat=True))


# --- the article workflow ------------------------------------------------------------------------


def test_an_article_goes_from_draft_through_review_to_published_with_an_audit_entry_each(officer):
    tag = Tag.objects.create(name="Culture", slug="culture")
    article = make_article("concert", actor=officer, publish=False, tags=[tag])
    assert (article.status, article.author) == (ArticleStatus.DRAFT, officer)
    assert visible_slugs() == []

    article_submit(article=article, actor=officer)
    assert state(article)[0] == ArticleStatus.IN_REVIEW
    assert visible_slugs() == []

    moment = timezone.now()
    article_publish(article=article, actor=officer, now=moment)

    assert state(article) == (ArticleStatus.PUBLISHED, moment, moment, None)
    assert visible_slugs() == ["concert"]
    assert trail(article) == [
        (officer.email, "article.create"),
        (officer.email, "article.submit"),
        (officer.email, "article.publish"),
    ]
    assert list(article.tags.all()) == [tag]


def test_editing_an_article_is_audited_and_keeps_its_status(officer):
    article = make_article("market", actor=officer)
    status_before = state(article)

    article.title = "The market is back"
    article_save(article=article, actor=officer)

    assert state(article) == status_before
    assert Article.objects.get().title == "The market is back"
    assert trail(article)[-1] == (officer.email, "article.update")


@pytest.mark.parametrize(
    ("status", "verb"),
    [
        (ArticleStatus.DRAFT, "publish"),
        (ArticleStatus.IN_REVIEW, "submit"),
        (ArticleStatus.PUBLISHED, "submit"),
        (ArticleStatus.PUBLISHED, "publish"),
        (ArticleStatus.DRAFT, "unpublish"),
        (ArticleStatus.IN_REVIEW, "unpublish"),
        (ArticleStatus.UNPUBLISHED, "unpublish"),
        (ArticleStatus.DRAFT, "schedule"),
        (ArticleStatus.PUBLISHED, "schedule"),
    ],
)
def test_a_transition_the_status_does_not_allow_is_refused_and_changes_nothing(
    officer, status, verb
):
    article = make_article("roadworks", actor=officer, publish=False)
    if status != ArticleStatus.DRAFT:
        article_submit(article=article, actor=officer)
    if status in (ArticleStatus.PUBLISHED, ArticleStatus.UNPUBLISHED):
        article_publish(article=article, actor=officer)
    if status == ArticleStatus.UNPUBLISHED:
        article_unpublish(article=article, actor=officer)
    before, entries = state(article), AuditEntry.objects.count()
    services = {
        "submit": lambda: article_submit(article=article, actor=officer),
        "publish": lambda: article_publish(article=article, actor=officer),
        "unpublish": lambda: article_unpublish(article=article, actor=officer),
        "schedule": lambda: article_schedule(
            article=article, actor=officer, publish_at=timezone.now() + timedelta(days=1)
        ),
    }

    with pytest.raises(TransitionRefused) as refusal:
        services[verb]()

    assert state(article) == before
    assert AuditEntry.objects.count() == entries
    with translation.override("en"):
        assert f"“Roadworks” is “{ArticleStatus(status).label}”" in refusal.value.messages[0]


def test_an_unpublished_article_published_again_keeps_its_first_date(officer):
    first = timezone.now() - timedelta(days=3)
    article = make_article("fair", actor=officer, now=first)

    article_unpublish(article=article, actor=officer)
    assert visible_slugs() == []
    article_publish(article=article, actor=officer)

    assert state(article)[:2] == (ArticleStatus.PUBLISHED, first)
    assert visible_slugs() == ["fair"]
    assert [action for _actor, action in trail(article)][-2:] == [
        "article.unpublish",
        "article.publish",
    ]


def test_an_article_past_its_unpublication_time_cannot_be_published(officer):
    article = make_article("old-news", actor=officer, publish=False)
    article_submit(article=article, actor=officer)
    Article.objects.filter(pk=article.pk).update(unpublish_at=timezone.now() - timedelta(hours=1))
    article.refresh_from_db()
    before = state(article)

    with pytest.raises(TransitionRefused) as refusal:
        article_publish(article=article, actor=officer)

    assert state(article) == before
    assert refusal.value.code == "expired"


def test_deleting_an_article_is_audited_with_its_title(officer):
    article = make_article("to-delete", title="To delete", actor=officer)
    pk = article.pk

    article_delete(article=article, actor=officer)

    assert not Article.objects.exists()
    entry = AuditEntry.objects.filter(action="article.delete").get()
    assert (entry.target_id, entry.target_repr, entry.actor) == (str(pk), "To delete", officer)


# --- scheduling and the periodic job -------------------------------------------------------------


def reviewed(slug: str, actor) -> Article:
    article = make_article(slug, actor=actor, publish=False)
    return article_submit(article=article, actor=actor)


def test_a_scheduled_article_is_invisible_before_its_time_even_if_the_job_is_late(officer):
    now = timezone.now()
    at = now + timedelta(hours=2)
    article = article_schedule(article=reviewed("festival", officer), actor=officer, publish_at=at)

    assert state(article) == (ArticleStatus.SCHEDULED, None, at, None)
    assert visible_slugs(now=now) == []
    # Its time has come but the job has not run yet: still nobody sees it.
    assert visible_slugs(now=at + timedelta(minutes=5)) == []
    assert articles_publish_due(now=at - timedelta(seconds=1)) == 0
    assert state(article)[0] == ArticleStatus.SCHEDULED


def test_the_job_publishes_a_due_article_once_dated_at_its_scheduled_time(officer):
    at = timezone.now() + timedelta(hours=2)
    article = article_schedule(article=reviewed("festival", officer), actor=officer, publish_at=at)

    assert articles_publish_due(now=at + timedelta(minutes=3)) == 1
    assert articles_publish_due(now=at + timedelta(minutes=4)) == 0

    assert state(article) == (ArticleStatus.PUBLISHED, at, at, None)
    assert visible_slugs(now=at + timedelta(minutes=4)) == ["festival"]
    assert trail(article)[-2:] == [(officer.email, "article.schedule"), ("", "article.publish")]
    entry = AuditEntry.objects.filter(action="article.publish").get()
    assert entry.data == {"published_at": at.isoformat(), "scheduled": True}


def test_an_article_disappears_at_its_unpublication_time_and_the_job_records_it(officer):
    now = timezone.now()
    at, until = now + timedelta(hours=1), now + timedelta(days=1)
    article = article_schedule(
        article=reviewed("exhibition", officer), actor=officer, publish_at=at, unpublish_at=until
    )
    articles_publish_due(now=at)

    assert visible_slugs(now=until - timedelta(seconds=1)) == ["exhibition"]
    # The window closed: readers no longer see it, before the job has run.
    assert visible_slugs(now=until) == []
    assert state(article)[0] == ArticleStatus.PUBLISHED

    assert articles_unpublish_expired(now=until + timedelta(minutes=1)) == 1
    assert articles_unpublish_expired(now=until + timedelta(minutes=2)) == 0
    assert state(article)[0] == ArticleStatus.UNPUBLISHED
    assert trail(article)[-1] == ("", "article.unpublish")
    assert AuditEntry.objects.filter(action="article.unpublish").get().data == {"reason": "expired"}


def test_a_scheduled_article_can_be_published_now_or_withdrawn(officer):
    at = timezone.now() + timedelta(days=2)
    early = article_schedule(article=reviewed("early", officer), actor=officer, publish_at=at)
    withdrawn = article_schedule(
        article=reviewed("withdrawn", officer), actor=officer, publish_at=at
    )

    article_publish(article=early, actor=officer)
    article_unpublish(article=withdrawn, actor=officer)

    assert state(early)[0] == ArticleStatus.PUBLISHED
    assert state(withdrawn)[0] == ArticleStatus.UNPUBLISHED
    assert articles_publish_due(now=at + timedelta(minutes=1)) == 0
    assert visible_slugs(now=at + timedelta(minutes=1)) == ["early"]


@pytest.mark.parametrize(
    ("publish_in", "unpublish_in", "code"),
    [(timedelta(minutes=-1), None, "past"), (timedelta(hours=2), timedelta(hours=1), "window")],
)
def test_a_schedule_in_the_past_or_ending_before_it_starts_is_refused(
    officer, publish_in, unpublish_in, code
):
    article = reviewed("bad-window", officer)
    now = timezone.now()
    before = state(article)

    with pytest.raises(TransitionRefused) as refusal:
        article_schedule(
            article=article,
            actor=officer,
            publish_at=now + publish_in,
            unpublish_at=now + unpublish_in if unpublish_in else None,
            now=now,
        )

    assert refusal.value.code == code
    assert state(article) == before


def test_a_publication_window_ending_before_it_starts_is_refused_by_the_database(officer):
    article = reviewed("constraint", officer)
    now = timezone.now()
    article.publish_at, article.unpublish_at = now, now - timedelta(hours=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        article.save(update_fields=["publish_at", "unpublish_at"])


# --- images, constraints ------------------------------------------------------------------------


def test_the_image_size_is_kept_for_feeds(officer):
    data = png_bytes()
    article = make_article("pictured", actor=officer, image=data)

    article.refresh_from_db()
    assert article.image_size == len(data) == article.image.size
    assert article.image_mime_type == "image/png"


def test_an_image_without_text_alternative_is_refused_by_the_database(officer):
    article = make_article("no-alt", actor=officer, image=png_bytes())

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(image_alt="")


def test_an_announcement_longer_than_500_characters_is_refused_by_the_database(officer):
    announcement = make_announcement("x" * 500, actor=officer)
    assert len(Announcement.objects.get().text) == 500

    # PostgreSQL's varchar(500) answers DataError first; SQLite has only the check constraint.
    with pytest.raises((DataError, IntegrityError)), transaction.atomic():
        Announcement.objects.filter(pk=announcement.pk).update(text="x" * 501)
    assert len(Announcement.objects.get().text) == 500


def test_an_announcement_comes_from_a_space_or_a_service_not_both(officer):
    space = make_space("bourg")

    with pytest.raises(IntegrityError), transaction.atomic():
        Announcement.objects.create(text="Both", space=space, service="Office de tourisme")
    assert not Announcement.objects.exists()


# --- announcements --------------------------------------------------------------------------------


def test_an_announcement_is_published_and_unpublished_with_audit_entries(officer):
    moment = timezone.now()
    announcement = make_announcement(actor=officer, now=moment, service="Office de tourisme")
    assert (announcement.status, announcement.published_at) == (
        AnnouncementStatus.PUBLISHED,
        moment,
    )
    assert list(selectors.announcement_cards()) == [announcement]
    assert announcement.source == "Office de tourisme"

    announcement_unpublish(announcement=announcement, actor=officer)
    assert list(selectors.announcement_cards()) == []
    with pytest.raises(TransitionRefused):
        announcement_unpublish(announcement=announcement, actor=officer)
    announcement_publish(announcement=announcement, actor=officer)

    announcement.refresh_from_db()
    assert announcement.published_at == moment
    assert trail(announcement) == [
        (officer.email, "announcement.create"),
        (officer.email, "announcement.publish"),
        (officer.email, "announcement.unpublish"),
        (officer.email, "announcement.publish"),
    ]


def test_publishing_a_published_announcement_is_refused(officer):
    announcement = make_announcement(actor=officer)
    entries = AuditEntry.objects.count()

    with pytest.raises(TransitionRefused) as refusal:
        announcement_publish(announcement=announcement, actor=officer)

    assert AuditEntry.objects.count() == entries
    with translation.override("fr"):
        expected = gettext("“%(title)s” is already published.") % {"title": str(announcement)}
        assert refusal.value.messages == [expected]


def test_content_of_an_unpublished_space_is_not_public(officer):
    space = make_space("hidden-quarter")
    make_article("in-space", actor=officer, space=space)
    make_announcement("In the space.", actor=officer, space=space)
    make_article("town-wide", actor=officer)

    space.is_published = False
    space.save(update_fields=["is_published"])

    assert visible_slugs() == ["town-wide"]
    assert list(selectors.announcement_cards()) == []
    assert not Article.objects.get(slug="in-space").is_public()
    assert Article.objects.get(slug="town-wide").is_public()

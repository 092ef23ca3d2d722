"""Writes about news and announcements. The back office, the periodic job and the demo town
all go through these.

Each service runs in one transaction that also writes its audit entry, keeps the search
index in step (`index_object` removes the document of anything not public) and, when it
publishes, records the notification for the followers (`notify`, whose messages are
enqueued in that same transaction: a rollback sends nothing). Status changes lock the row
first and check the status again under the lock, so two workers, or a worker and an
officer, never publish the same article twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import audit_record
from parvis.news import selectors
from parvis.news.models import (
    Announcement,
    AnnouncementStatus,
    Article,
    ArticleStatus,
    IllustratedMixin,
)
from parvis.notifications.services import notify
from parvis.search.indexing import index_object, unindex_object
from parvis.tags.models import Tag

if TYPE_CHECKING:
    from parvis.accounts.models import User


class TransitionRefused(ValidationError):
    """The change of status asked for is not allowed from the current one; nothing changed."""


# --- articles: content --------------------------------------------------------------------


def article_save(*, article: Article, actor: User, tags: Iterable[Tag] | None = None) -> Article:
    """Save a new or edited article (and its tags, when given). Audited; reindexed.

    A new article is a draft written by `actor`. Saving never changes the status: the
    workflow services below do.
    """
    return _content_save(article, actor=actor, tags=tags, name="article")


def article_delete(*, article: Article, actor: User) -> None:
    """Delete an article. Audited (the entry keeps its title); removed from search."""
    _content_delete(article, actor=actor, name="article")


# --- articles: the workflow ------------------------------------------------------------------

_SUBMITTABLE = {ArticleStatus.DRAFT, ArticleStatus.UNPUBLISHED}
_PUBLISHABLE = {ArticleStatus.IN_REVIEW, ArticleStatus.SCHEDULED, ArticleStatus.UNPUBLISHED}
_UNPUBLISHABLE = {ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED}


def article_submit(*, article: Article, actor: User) -> Article:
    """Draft (or unpublished) → in review. Raises TransitionRefused otherwise."""
    with transaction.atomic():
        current = _locked_article(article)
        if current.status not in _SUBMITTABLE:
            raise _refused(
                _(
                    "Only a draft or an unpublished article can be submitted for review; "
                    "“%(title)s” is “%(status)s”."
                ),
                current,
            )
        current.status = ArticleStatus.IN_REVIEW
        current.save(update_fields=["status"])
        audit_record(actor=actor, action="article.submit", target=current)
    return _copy_state(current, article)


def article_publish(*, article: Article, actor: User, now: datetime | None = None) -> Article:
    """In review, scheduled or unpublished → published now. Indexed; followers notified.

    The article's date (`published_at`) is its first publication: publishing it again after
    an unpublication keeps it, and its notification (keyed per article) is not sent twice.
    Refused when its unpublication time has already passed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_article(article)
        if current.status not in _PUBLISHABLE:
            raise _refused(
                _(
                    "Only an article in review, scheduled or unpublished can be published; "
                    "“%(title)s” is “%(status)s”."
                ),
                current,
            )
        if current.unpublish_at is not None and current.unpublish_at <= now:
            raise TransitionRefused(
                _(
                    "The unpublication time of “%(title)s” has passed: change it or clear "
                    "it before publishing."
                ),
                code="expired",
                params={"title": current.title},
            )
        _publish_locked(current, actor=actor, at=now, scheduled=False)
    return _copy_state(current, article)


def article_schedule(
    *,
    article: Article,
    actor: User,
    publish_at: datetime,
    unpublish_at: datetime | None = None,
    now: datetime | None = None,
) -> Article:
    """In review, scheduled or unpublished → scheduled for `publish_at` (in the future).

    The periodic job publishes it then, through the same path as `article_publish`. Until
    that moment it is invisible everywhere. `unpublish_at`, when given, must come after.
    """
    now = now or timezone.now()
    if publish_at <= now:
        raise TransitionRefused(
            _("Choose a publication time in the future."), code="past", params={}
        )
    if unpublish_at is not None and unpublish_at <= publish_at:
        raise TransitionRefused(
            _("The unpublication time must come after the publication time."),
            code="window",
            params={},
        )
    with transaction.atomic():
        current = _locked_article(article)
        if current.status not in _PUBLISHABLE:
            raise _refused(
                _(
                    "Only an article in review, scheduled or unpublished can be scheduled; "
                    "“%(title)s” is “%(status)s”."
                ),
                current,
            )
        current.status = ArticleStatus.SCHEDULED
        current.publish_at = publish_at
        current.unpublish_at = unpublish_at
        current.save(update_fields=["status", "publish_at", "unpublish_at"])
        audit_record(
            actor=actor,
            action="article.schedule",
            target=current,
            data={
                "publish_at": publish_at.isoformat(),
                "unpublish_at": unpublish_at.isoformat() if unpublish_at else None,
            },
        )
        index_object(current)
    return _copy_state(current, article)


def article_unpublish(*, article: Article, actor: User, reason: str = "") -> Article:
    """Published or scheduled → unpublished: gone from every public page, feed and search."""
    with transaction.atomic():
        current = _locked_article(article)
        if current.status not in _UNPUBLISHABLE:
            raise _refused(
                _(
                    "Only a published or scheduled article can be unpublished; "
                    "“%(title)s” is “%(status)s”."
                ),
                current,
            )
        _unpublish_locked(current, actor=actor, reason=reason)
    return _copy_state(current, article)


def articles_publish_due(*, now: datetime | None = None) -> int:
    """Publish every scheduled article whose time has come; returns how many this call did.

    Each article is published in its own transaction, after locking its row and checking
    again that it is still scheduled and due: with two workers running this at once, each
    article is published (audited, notified) exactly once.
    """
    now = now or timezone.now()
    published = 0
    for pk in selectors.due_article_ids(now=now):
        with transaction.atomic():
            current = (
                Article.objects.select_for_update()
                .filter(pk=pk, status=ArticleStatus.SCHEDULED, publish_at__lte=now)
                .first()
            )
            if current is None:  # published, unpublished or rescheduled meanwhile
                continue
            # The article's date is the time it was scheduled for, even if the job is late.
            assert current.publish_at is not None  # the filter above asked for one
            _publish_locked(current, actor=None, at=current.publish_at, scheduled=True)
            published += 1
    return published


def articles_unpublish_expired(*, now: datetime | None = None) -> int:
    """Unpublish every published article whose unpublication time has passed.

    Readers stopped seeing them at that time already (the selectors check the window);
    this makes the status say so, audited, once per article.
    """
    now = now or timezone.now()
    unpublished = 0
    for pk in selectors.expired_article_ids(now=now):
        with transaction.atomic():
            current = (
                Article.objects.select_for_update()
                .filter(pk=pk, status=ArticleStatus.PUBLISHED, unpublish_at__lte=now)
                .first()
            )
            if current is None:
                continue
            _unpublish_locked(current, actor=None, reason="expired")
            unpublished += 1
    return unpublished


def _publish_locked(article: Article, *, actor: User | None, at: datetime, scheduled: bool) -> None:
    """Publish `article`, whose row the caller has locked in its transaction."""
    article.status = ArticleStatus.PUBLISHED
    article.publish_at = at
    if article.published_at is None:
        article.published_at = at
    article.save(update_fields=["status", "publish_at", "published_at"])
    audit_record(
        actor=actor,
        action="article.publish",
        target=article,
        data={"published_at": article.published_at.isoformat(), "scheduled": scheduled},
    )
    index_object(article)
    notify(
        kind="news.article_published",
        obj=article,
        targets=[article.space, *article.tags.all(), "news"],
        key=f"news.article:{article.pk}:published",
        actor=actor,
    )


def _unpublish_locked(article: Article, *, actor: User | None, reason: str) -> None:
    article.status = ArticleStatus.UNPUBLISHED
    article.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="article.unpublish",
        target=article,
        data={"reason": reason} if reason else None,
    )
    index_object(article)


def _locked_article(article: Article) -> Article:
    """The article's row, locked until the end of the caller's transaction."""
    return Article.objects.select_for_update().get(pk=article.pk)


_Published = TypeVar("_Published", Article, Announcement)


def _copy_state(source: _Published, target: _Published) -> _Published:
    """Give the caller's instance the state written under the lock."""
    for name in ("status", "published_at", "publish_at", "unpublish_at"):
        if hasattr(source, name):
            setattr(target, name, getattr(source, name))
    return target


def _refused(message: Any, obj: Article | Announcement) -> TransitionRefused:
    # The status's lazy label, not get_status_display(): the message is put into words
    # later, in the reader's language, and its status must follow it.
    statuses = ArticleStatus if isinstance(obj, Article) else AnnouncementStatus
    return TransitionRefused(
        message,
        code="transition",
        params={"title": str(obj), "status": statuses(obj.status).label},
    )


_Content = TypeVar("_Content", Article, Announcement)


def _content_save(obj: _Content, *, actor: User, tags: Iterable[Tag] | None, name: str) -> _Content:
    """What saving an article or an announcement does alike: a new one is `actor`'s; its
    tags (when given) and image size kept; audited ("<name>.create" / "<name>.update") and
    indexed, in one transaction. Its status is the workflow services' business."""
    created = obj.pk is None
    if created and obj.author_id is None and getattr(actor, "pk", None):
        obj.author = actor
    with transaction.atomic():
        obj.save()
        if tags is not None:
            obj.tags.set(tags)
        _keep_image_size(obj)
        audit_record(actor=actor, action=f"{name}.{'create' if created else 'update'}", target=obj)
        index_object(obj)
    return obj


def _content_delete(obj: Article | Announcement, *, actor: User, name: str) -> None:
    """Audited first (the entry keeps its title), out of search, then deleted."""
    with transaction.atomic():
        audit_record(actor=actor, action=f"{name}.delete", target=obj)
        unindex_object(obj)
        obj.delete()


def _keep_image_size(obj: IllustratedMixin) -> None:
    """Record the image's size in bytes for feeds' enclosures (see IllustratedMixin)."""
    size = obj.image.size if obj.image else None
    if size != obj.image_size:
        obj.image_size = size
        obj.save(update_fields=["image_size"])


# --- announcements ----------------------------------------------------------------------------


def announcement_save(
    *, announcement: Announcement, actor: User, tags: Iterable[Tag] | None = None
) -> Announcement:
    """Save a new or edited announcement (and its tags, when given). Audited; reindexed."""
    return _content_save(announcement, actor=actor, tags=tags, name="announcement")


def announcement_publish(
    *, announcement: Announcement, actor: User, now: datetime | None = None
) -> Announcement:
    """Draft or unpublished → published. Indexed; followers notified (once per announcement)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_announcement(announcement)
        if current.status == AnnouncementStatus.PUBLISHED:
            raise _refused(_("“%(title)s” is already published."), current)
        current.status = AnnouncementStatus.PUBLISHED
        if current.published_at is None:
            current.published_at = now
        current.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor,
            action="announcement.publish",
            target=current,
            data={"published_at": current.published_at.isoformat()},
        )
        index_object(current)
        notify(
            kind="news.announcement_published",
            obj=current,
            targets=[current.space, *current.tags.all(), "announcements"],
            key=f"news.announcement:{current.pk}:published",
            actor=actor,
        )
    return _copy_state(current, announcement)


def announcement_unpublish(*, announcement: Announcement, actor: User) -> Announcement:
    """Published → unpublished: gone from every public page, feed and search."""
    with transaction.atomic():
        current = _locked_announcement(announcement)
        if current.status != AnnouncementStatus.PUBLISHED:
            raise _refused(
                _("Only a published announcement can be unpublished; “%(title)s” is “%(status)s”."),
                current,
            )
        current.status = AnnouncementStatus.UNPUBLISHED
        current.save(update_fields=["status"])
        audit_record(actor=actor, action="announcement.unpublish", target=current)
        index_object(current)
    return _copy_state(current, announcement)


def announcement_delete(*, announcement: Announcement, actor: User) -> None:
    _content_delete(announcement, actor=actor, name="announcement")


def _locked_announcement(announcement: Announcement) -> Announcement:
    return Announcement.objects.select_for_update().get(pk=announcement.pk)

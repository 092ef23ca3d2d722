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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
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
    return _content_save(article, actor=actor, tags=tags)


def article_delete(*, article: Article, actor: User) -> None:
    """Delete an article. Audited (the entry keeps its title); removed from search."""
    _content_delete(article, actor=actor)


# --- articles: the workflow ------------------------------------------------------------------

_SUBMITTABLE = {ArticleStatus.DRAFT, ArticleStatus.UNPUBLISHED}
_PUBLISHABLE = {ArticleStatus.IN_REVIEW, ArticleStatus.SCHEDULED, ArticleStatus.UNPUBLISHED}
_UNPUBLISHABLE = {ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED}

#: For each step of the workflow, the statuses an article may take it from: the services
#: check them under the row lock; the back office shows only the buttons they allow.
ARTICLE_TRANSITIONS: dict[str, set[ArticleStatus]] = {
    "submit": _SUBMITTABLE,
    "publish": _PUBLISHABLE,
    "schedule": _PUBLISHABLE,
    "unpublish": _UNPUBLISHABLE,
}


def article_submit(*, article: Article, actor: User) -> Article:
    """Draft (or unpublished) → in review. Raises TransitionRefused otherwise."""
    with transaction.atomic():
        current = _locked_in(
            article,
            _SUBMITTABLE,
            _(
                "Only a draft or an unpublished article can be submitted for review; "
                "“%(title)s” is “%(status)s”."
            ),
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
        current = _locked_in(
            article,
            _PUBLISHABLE,
            _(
                "Only an article in review, scheduled or unpublished can be published; "
                "“%(title)s” is “%(status)s”."
            ),
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
        _article_publish_locked(current, actor=actor, at=now, scheduled=False)
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
        current = _locked_in(
            article,
            _PUBLISHABLE,
            _(
                "Only an article in review, scheduled or unpublished can be scheduled; "
                "“%(title)s” is “%(status)s”."
            ),
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
        current = _locked_in(
            article,
            _UNPUBLISHABLE,
            _(
                "Only a published or scheduled article can be unpublished; "
                "“%(title)s” is “%(status)s”."
            ),
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

    def publish(article: Article) -> None:
        # The article's date is the time it was scheduled for, even if the job is late.
        assert article.publish_at is not None  # the recheck asked for one
        _article_publish_locked(article, actor=None, at=article.publish_at, scheduled=True)

    return _each_locked(
        selectors.due_article_ids(now=now),
        still=Q(status=ArticleStatus.SCHEDULED, publish_at__lte=now),
        change=publish,
    )


def articles_unpublish_expired(*, now: datetime | None = None) -> int:
    """Unpublish every published article whose unpublication time has passed.

    Readers stopped seeing them at that time already (the selectors check the window);
    this makes the status say so, audited, once per article (locked and checked again, as
    `articles_publish_due` does).
    """
    now = now or timezone.now()
    return _each_locked(
        selectors.expired_article_ids(now=now),
        still=Q(status=ArticleStatus.PUBLISHED, unpublish_at__lte=now),
        change=lambda article: _unpublish_locked(article, actor=None, reason="expired"),
    )


def _each_locked(ids: Iterable[int], *, still: Q, change: Callable[[Article], None]) -> int:
    """`change` each article of `ids`, each in its own transaction, after locking its row and
    checking under the lock that it still matches `still` (one published, unpublished or
    rescheduled meanwhile is left alone); returns how many were changed."""
    changed = 0
    for pk in ids:
        with transaction.atomic():
            current = Article.objects.select_for_update().filter(still, pk=pk).first()
            if current is None:
                continue
            change(current)
            changed += 1
    return changed


def _article_publish_locked(
    article: Article, *, actor: User | None, at: datetime, scheduled: bool
) -> None:
    """Publish `article` (row locked by the caller) at `at`, which becomes its `publish_at`."""
    article.publish_at = at
    _publish_locked(
        article, actor=actor, at=at, fields=["publish_at"], data={"scheduled": scheduled}
    )


# --- announcements ----------------------------------------------------------------------------

# An announcement has three statuses (a database constraint): it is published from either
# of the other two, and unpublished from published only.
ANNOUNCEMENT_TRANSITIONS: dict[str, set[AnnouncementStatus]] = {
    "publish": {AnnouncementStatus.DRAFT, AnnouncementStatus.UNPUBLISHED},
    "unpublish": {AnnouncementStatus.PUBLISHED},
}


def announcement_save(
    *, announcement: Announcement, actor: User, tags: Iterable[Tag] | None = None
) -> Announcement:
    """Save a new or edited announcement (and its tags, when given). Audited; reindexed."""
    return _content_save(announcement, actor=actor, tags=tags)


def announcement_publish(
    *, announcement: Announcement, actor: User, now: datetime | None = None
) -> Announcement:
    """Draft or unpublished → published. Indexed; followers notified (once per announcement)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked_in(
            announcement,
            ANNOUNCEMENT_TRANSITIONS["publish"],
            _("“%(title)s” is already published."),
        )
        _publish_locked(current, actor=actor, at=now)
    return _copy_state(current, announcement)


def announcement_unpublish(*, announcement: Announcement, actor: User) -> Announcement:
    """Published → unpublished: gone from every public page, feed and search."""
    with transaction.atomic():
        current = _locked_in(
            announcement,
            ANNOUNCEMENT_TRANSITIONS["unpublish"],
            _("Only a published announcement can be unpublished; “%(title)s” is “%(status)s”."),
        )
        _unpublish_locked(current, actor=actor)
    return _copy_state(current, announcement)


def announcement_delete(*, announcement: Announcement, actor: User) -> None:
    """Delete an announcement. Audited (the entry keeps its text); removed from search."""
    _content_delete(announcement, actor=actor)


# --- what articles and announcements do alike ---------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    #: In audit actions ("article.publish"), notification kinds and their keys.
    name: str
    #: The town-wide stream whose followers hear of each publication.
    topic: str
    statuses: type[ArticleStatus] | type[AnnouncementStatus]


_KINDS: dict[type[Article | Announcement], _Kind] = {
    Article: _Kind(name="article", topic="news", statuses=ArticleStatus),
    Announcement: _Kind(name="announcement", topic="announcements", statuses=AnnouncementStatus),
}

_Content = TypeVar("_Content", Article, Announcement)


def _kind(obj: Article | Announcement) -> _Kind:
    return _KINDS[Article if isinstance(obj, Article) else Announcement]


def _locked_in(obj: _Content, allowed: set[Any], message: Any) -> _Content:
    """`obj`'s row, locked until the end of the caller's transaction, once its status read
    under the lock is one of `allowed`; TransitionRefused (`message`) otherwise."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if current.status not in allowed:
        raise _refused(message, current)
    return current


def _publish_locked(
    obj: Article | Announcement,
    *,
    actor: User | None,
    at: datetime,
    fields: list[str] | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Publish `obj`, whose row the caller has locked in its transaction.

    Its first publication date is kept (set to `at` the first time); the other `fields` the
    caller changed are saved with it. Audited ("<name>.publish", with `data`), indexed, and
    its followers (its space's, its tags', the town-wide topic's) notified, keyed per object:
    published again, it is not announced twice.
    """
    kind = _kind(obj)
    obj.status = kind.statuses.PUBLISHED
    if obj.published_at is None:
        obj.published_at = at
    obj.save(update_fields=["status", *(fields or []), "published_at"])
    audit_record(
        actor=actor,
        action=f"{kind.name}.publish",
        target=obj,
        data={"published_at": obj.published_at.isoformat(), **(data or {})},
    )
    index_object(obj)
    notify(
        kind=f"news.{kind.name}_published",
        obj=obj,
        targets=[obj.space, *obj.tags.all(), kind.topic],
        key=f"news.{kind.name}:{obj.pk}:published",
        actor=actor,
    )


def _unpublish_locked(obj: Article | Announcement, *, actor: User | None, reason: str = "") -> None:
    """Unpublish `obj` (row locked by the caller): audited, with `reason` when given; its
    document removed from search (`index_object` drops what is not public)."""
    obj.status = _kind(obj).statuses.UNPUBLISHED
    obj.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=f"{_kind(obj).name}.unpublish",
        target=obj,
        data={"reason": reason} if reason else None,
    )
    index_object(obj)


def _copy_state(source: _Content, target: _Content) -> _Content:
    """Give the caller's instance the state written under the lock."""
    for name in ("status", "published_at", "publish_at", "unpublish_at"):
        if hasattr(source, name):
            setattr(target, name, getattr(source, name))
    return target


def _refused(message: Any, obj: Article | Announcement) -> TransitionRefused:
    # The status's lazy label, not get_status_display(): the message is put into words
    # later, in the reader's language, and its status must follow it.
    return TransitionRefused(
        message,
        code="transition",
        params={"title": str(obj), "status": _kind(obj).statuses(obj.status).label},
    )


def _content_save(obj: _Content, *, actor: User, tags: Iterable[Tag] | None) -> _Content:
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
        action = f"{_kind(obj).name}.{'create' if created else 'update'}"
        audit_record(actor=actor, action=action, target=obj)
        index_object(obj)
    return obj


def _content_delete(obj: Article | Announcement, *, actor: User) -> None:
    """Audited first (the entry keeps its title), out of search, then deleted."""
    with transaction.atomic():
        audit_record(actor=actor, action=f"{_kind(obj).name}.delete", target=obj)
        unindex_object(obj)
        obj.delete()


def _keep_image_size(obj: IllustratedMixin) -> None:
    """Record the image's size in bytes for feeds' enclosures (see IllustratedMixin)."""
    size = obj.image.size if obj.image else None
    if size != obj.image_size:
        obj.image_size = size
        obj.save(update_fields=["image_size"])

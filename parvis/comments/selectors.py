"""Reads of comments. A thread costs the same few queries whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from parvis.comments.models import Comment
from parvis.comments.registry import commentable_types, target_is_public
from parvis.core.pagination import Page, paginate
from parvis.moderation.models import Flag, ModerationStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User

#: Top-level comments per page of a thread (their replies come with them).
THREAD_PAGE_SIZE = 50


def published_comments() -> QuerySet[Comment]:
    """Comments anyone may read: published and not deleted. Every public use starts here."""
    return Comment.objects.filter(moderation_status=ModerationStatus.VISIBLE, deleted_at=None)


def _readable_by(viewer: User | AnonymousUser) -> Q:
    """Comments `viewer` may read: the published ones, and their own waiting or hidden ones
    (marked as such, with the moderator's reason)."""
    readable = Q(moderation_status=ModerationStatus.VISIBLE, deleted_at=None)
    if getattr(viewer, "is_authenticated", False):
        readable |= Q(author=viewer, deleted_at=None)
    return readable


@dataclass
class Thread:
    #: The page of top-level comments, each with `thread_replies` (the replies the viewer
    #: may read). A top-level comment the viewer may not read is there only when it has
    #: published replies, as a placeholder ("comment deleted").
    page: Page[Any]  # of Comment, each with its `thread_replies` (Prefetch(to_attr=))
    #: Published comments on the object, replies included.
    count: int
    #: Primary keys of the comments on this page that the viewer has flagged.
    flagged_by_viewer: frozenset[int] = frozenset()


def comment_thread(
    *, target: models.Model, viewer: User | AnonymousUser, page_number: Any = 1
) -> Thread:
    """The discussion on `target` as `viewer` sees it, oldest first, a page at a time.

    Six queries (five for an anonymous reader) whatever the number of comments; one, and a
    light one, when there is none.
    """
    target_type = ContentType.objects.get_for_model(type(target))
    on_target = Comment.objects.filter(target_type=target_type, target_id=target.pk)
    if not on_target.exists():
        # Most pages have no comment: one light query, and no thread to build.
        return Thread(page=Page(object_list=[], number=1, has_next=False), count=0)
    readable = _readable_by(viewer)
    readable_replies = Comment.objects.filter(readable, parent=OuterRef("pk"))
    top = (
        on_target.filter(parent=None)
        .filter(readable | Q(Exists(readable_replies)))
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.filter(readable)
                .select_related("author")
                .order_by("created_at", "id"),
                to_attr="thread_replies",
            )
        )
        .order_by("created_at", "id")
    )
    page = paginate(top, page_number, per_page=THREAD_PAGE_SIZE)
    flagged: frozenset[int] = frozenset()
    if viewer.is_authenticated and page.object_list:
        ids = [c.pk for c in page.object_list] + [
            reply.pk
            for c in page.object_list
            for reply in c.thread_replies  # type: ignore[attr-defined]  # Prefetch(to_attr=): the django-stubs plugin names it in the type yet does not find it
        ]
        flagged = frozenset(
            Flag.objects.filter(
                content_type=ContentType.objects.get_for_model(Comment),
                object_id__in=ids,
                user=viewer,
            ).values_list("object_id", flat=True)
        )
    count = 0
    # An empty page means no published comment at all: each would bring its top-level one.
    if page.object_list:
        count = published_comments().filter(target_type=target_type, target_id=target.pk).count()
    return Thread(page=page, count=count, flagged_by_viewer=flagged)


def comments_for_moderation() -> QuerySet[Comment]:
    """Every comment not deleted, with what the moderators' queue shows of it.

    The commented objects come through `GenericPrefetch`, one query per commentable type,
    each with what its title and address need (the type's declared queryset).
    """
    return (
        Comment.objects.filter(deleted_at=None)
        .select_related("author", "space", "target_type")
        .prefetch_related(
            GenericPrefetch("target", [kind.queryset() for kind in commentable_types()])
        )
    )


def comment_for_author(*, pk: int, author: User) -> Comment | None:
    """`author`'s own comment `pk`, not deleted, with its target; None otherwise."""
    return (
        Comment.objects.filter(pk=pk, author=author, deleted_at=None)
        .select_related("target_type")
        .first()
    )


def comment_readable(*, pk: int, viewer: User | AnonymousUser) -> Comment | None:
    """Comment `pk` if `viewer` may read it (published, or their own), else None."""
    return Comment.objects.filter(_readable_by(viewer), pk=pk).first()


def _on_public_targets() -> Q:
    """Comments on objects the public sees (each type's declared `public`)."""
    condition = Q(pk__in=[])
    for kind in commentable_types():
        target_type = ContentType.objects.get_for_model(kind.model)
        condition |= Q(target_type=target_type, target_id__in=kind.public().values("pk"))
    return condition


def comments_for_feed(*, space: Any = None, limit: int) -> list[Comment]:
    """The latest published comments on public objects (of `space`, or the whole town),
    newest first, with their authors and targets.

    One query, plus one per commentable type among them, whatever `limit`.
    """
    queryset = published_comments().filter(_on_public_targets())
    if space is not None:
        queryset = queryset.filter(space=space)
    comments = (
        queryset.select_related("author", "target_type")
        .prefetch_related(
            GenericPrefetch("target", [kind.queryset() for kind in commentable_types()])
        )
        .order_by("-created_at", "-id")[:limit]
    )
    return [comment for comment in comments if target_is_public(comment.target)]

"""Who may do what with comments. Writing rules live in the services (author only, within
the editing window); suspension is asked of `parvis.moderation.permissions`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from parvis.comments.models import Comment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User


def can_edit_comment(*, comment: Comment, user: User | AnonymousUser) -> bool:
    """Whether to offer `user` to edit `comment` (the service checks again when it comes)."""
    return (
        getattr(user, "is_authenticated", False)
        and comment.author_id == user.pk
        and not comment.is_deleted
        and not comment.is_hidden
        and timezone.now() <= comment.edit_deadline
    )


def can_delete_comment(*, comment: Comment, user: User | AnonymousUser) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and comment.author_id == user.pk
        and not comment.is_deleted
    )


def can_flag_comment(*, comment: Comment, user: User | AnonymousUser) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and comment.author_id != user.pk
        and comment.is_visible
        and not comment.is_deleted
    )

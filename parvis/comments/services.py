"""Writes of comments: write, edit, delete, flag. Each one is audited.

Every service first asks `moderation.permissions.check_can_contribute` (a suspended person
writes nothing) and new text goes through `moderation.services.contribution_admit`, which
decides whether it is published at once or waits for a moderator.

What depends on a comment being public follows it in the same transaction as the change:
its search document (written while it is published, removed otherwise) and, for a reply,
the e-mail to the followers of the comment it answers (enqueued when it becomes public).
A moderator's decision reaches them through `comment_visibility_changed`, which the
moderation services call (declared in `parvis.comments.moderation`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.comments.models import COMMENT_MAX_LENGTH, Comment
from parvis.comments.notifications import REPLY_KIND
from parvis.comments.pages import comments_changed
from parvis.comments.registry import commentable_type_of, target_is_public
from parvis.core.audit import audit_record, audit_targets_renamed
from parvis.moderation.models import FlagReason, ModerationStatus
from parvis.moderation.permissions import check_can_contribute
from parvis.moderation.services import (
    FlagRefused,
    contribution_admit,
    contributions_withdrawn,
    flag_create,
)
from parvis.notifications.services import notify, subscription_create, subscription_delete
from parvis.search.indexing import index_object, unindex_object, unindex_objects

if TYPE_CHECKING:
    from parvis.accounts.models import User


class CommentRefused(Exception):
    """The comment cannot be written or changed; `message` tells the person why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CommentsClosed(CommentRefused):
    """The object does not accept comments (any more)."""


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise CommentRefused(_("Write your comment before sending it."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise CommentRefused(
            _(
                "A comment can hold at most %(limit_value)s characters; yours has "
                "%(show_value)s. Shorten it and send it again."
            )
            % {"limit_value": COMMENT_MAX_LENGTH, "show_value": len(body)}
        )
    return body


def _top_of(parent: Comment, *, target_type: ContentType, target: models.Model) -> Comment:
    """The comment a reply attaches to: replies to a reply go under its top comment."""
    if parent.target_type_id != target_type.pk or parent.target_id != target.pk:
        raise CommentRefused(_("This reply does not belong to this page."))
    if parent.parent is not None:
        parent = parent.parent
    if not parent.is_visible or parent.is_deleted:
        raise CommentRefused(_("You can only reply to a published comment."))
    return parent


def _announce_reply(reply: Comment) -> None:
    """Enqueue the e-mail to the followers of the comment `reply` answers, once ever per
    reply (a reply hidden then restored is not announced twice). Call it in the transaction
    that makes the reply public."""
    if reply.parent_id is None:
        return
    notify(
        kind=REPLY_KIND,
        obj=reply,
        targets=[reply.parent],
        key=f"comments.reply:{reply.pk}",
        actor=reply.author,
    )


def comment_visibility_changed(comment: Comment, old: str, new: str) -> None:
    """What follows a moderation decision on `comment` (inside its transaction): its search
    document is written or removed, and a reply that becomes public is announced."""
    index_object(comment)
    if new == ModerationStatus.VISIBLE and not comment.is_deleted:
        _announce_reply(comment)


def comment_create(
    *,
    target: models.Model,
    author: User,
    body: str,
    parent: Comment | None = None,
    follow_replies: bool = False,
) -> Comment:
    """Write a comment (or a reply to `parent`) on `target`, published or held for review.

    Raises ContributionRefused (suspended), CommentRefused (comments closed, empty or too
    long text, reply to a comment that is not published), ValueError (`target` is not
    commentable). One level of replies: a reply to a reply attaches to its top comment.
    With `follow_replies`, the author of a top-level comment follows it: replies to it
    are e-mailed to them. In the same transaction, a published comment is indexed for
    search and a published reply is announced to the followers of its comment.
    """
    kind = commentable_type_of(target)
    if kind is None:
        raise ValueError(f"{type(target).__name__} is not commentable.")
    check_can_contribute(author)
    if not (kind.is_public(target) and kind.is_open(target)):
        raise CommentsClosed(_("Comments are closed here."))
    body = _clean_body(body)
    target_type = ContentType.objects.get_for_model(type(target))
    if parent is not None:
        parent = _top_of(parent, target_type=target_type, target=target)
    comment = Comment(
        target_type=target_type,
        target_id=target.pk,
        parent=parent,
        author=author,
        space=kind.space_of(target),
        body=body,
    )
    comment.moderation_status = contribution_admit(obj=comment, author=author, space=comment.space)
    with transaction.atomic():
        comment.save()
        # The object is known already: reading `comment.target` would query it again.
        comment.target = target
        audit_record(
            actor=author,
            action="comment.create",
            target=comment,
            data={"status": str(comment.moderation_status)},
        )
        if follow_replies and parent is None:
            subscription_create(user=author, target=comment)
        if comment.is_visible:
            index_object(comment)
            _announce_reply(comment)
    return comment


def comment_edit(*, comment: Comment, author: User, body: str) -> Comment:
    """Change the text of one's own comment, within COMMENT_EDIT_MINUTES of writing it.

    The new text is admitted again: a published comment whose new text calls for review
    waits for a moderator; a waiting one keeps waiting. A hidden comment cannot be edited.
    """
    check_can_contribute(author)
    if comment.author_id is None or comment.author_id != author.pk:
        raise CommentRefused(_("You can only edit your own comments."))
    body = _clean_body(body)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.is_deleted:
            raise CommentRefused(_("This comment was deleted."))
        if locked.is_hidden:
            raise CommentRefused(_("A comment hidden by a moderator cannot be edited."))
        now = timezone.now()
        if now > locked.edit_deadline:
            minutes = int((locked.edit_deadline - locked.created_at).total_seconds() // 60)
            raise CommentRefused(
                ngettext(
                    "A comment can be edited for %(minutes)d minute after it is written.",
                    "A comment can be edited for %(minutes)d minutes after it is written.",
                    minutes,
                )
                % {"minutes": minutes}
            )
        locked.body = body
        admitted = contribution_admit(obj=locked, author=author, space=locked.space)
        if locked.is_pending:
            admitted = ModerationStatus.PENDING
        locked.moderation_status = admitted
        locked.edited_at = now
        locked.save(update_fields=["body", "moderation_status", "edited_at"])
        audit_record(
            actor=author, action="comment.edit", target=locked, data={"status": str(admitted)}
        )
        # The new text, or no document while the comment waits for a moderator again.
        index_object(locked)
    comment.body, comment.edited_at = locked.body, locked.edited_at
    comment.moderation_status = locked.moderation_status
    return comment


def comment_delete(*, comment: Comment, author: User) -> Comment:
    """Delete one's own comment: its words go, its place stays while it has replies.

    Allowed to a suspended person too: taking one's words back is not writing.
    """
    if comment.author_id is None or comment.author_id != author.pk:
        raise CommentRefused(_("You can only delete your own comments."))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.is_deleted:
            return comment
        locked.body = ""
        locked.deleted_at = timezone.now()
        locked.save(update_fields=["body", "deleted_at"])
        audit_record(actor=author, action="comment.delete", target=locked)
        unindex_object(locked)
        # Nothing can answer a deleted comment any more.
        subscription_delete(user=author, target=locked)
    comment.body, comment.deleted_at = locked.body, locked.deleted_at
    return comment


def comment_flag(*, comment: Comment, user: User, reason: FlagReason, note: str = "") -> None:
    """Tell the moderators that someone else's comment breaks the rules; once per person.

    Raises ContributionRefused (suspended) or FlagRefused (own comment, not public or on
    something not public, already flagged by this person) from
    `moderation.services.flag_create`.
    """
    if comment.is_deleted:
        raise CommentRefused(_("This comment was deleted."))
    if not target_is_public(comment.target):
        raise FlagRefused(_("This contribution is not public, so it cannot be flagged."))
    flag_create(obj=comment, user=user, reason=reason, note=note.strip())


# --- when an account is erased (registered in `parvis.comments.erasure`) --------------------


def comments_detach(*, author: User) -> int:
    """Keep `author`'s comments in their discussions, signed by nobody ("a former
    resident"); returns how many. Call it inside the account's erasure, which has locked
    the account. The comments keep their status: one waiting for review still waits."""
    comments = Comment.objects.filter(author=author)
    comments_changed(list(comments.values_list("pk", flat=True)))
    return comments.update(author=None)


def comments_erase(*, author: User) -> int:
    """Erase `author`'s comments with their account; returns how many they had written.

    Call it inside the account's erasure, which has locked the account first (the comments
    are locked here, after it: the order of the moderation decisions). The threads stay
    whole: a comment that others answered keeps its place, without its words or author,
    shown as deleted ("Comment deleted by its author."); the others go, rows and all (their
    replies are the author's own). In the same transaction their search documents are
    removed, their open flags dropped (nothing is left to decide in the queue), and the
    trail that named them by their first words (audit entries, moderation decisions) names
    them by number instead. Feeds read published comments only: they follow at once.
    """
    ids = list(
        Comment.objects.select_for_update().filter(author=author).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    answered = set(
        Comment.objects.filter(parent_id__in=ids)
        .exclude(author=author)
        .values_list("parent_id", flat=True)
    )
    unindex_objects(Comment, ids)
    comments_changed(ids)
    # As `Comment.__str__` names a deleted comment.
    name = _("Deleted comment #%(pk)s")
    contributions_withdrawn(model=Comment, ids=ids, name=name)
    audit_targets_renamed(model=Comment, ids=ids, name=name)
    Comment.objects.filter(pk__in=answered, deleted_at=None).update(
        body="", deleted_at=timezone.now()
    )
    Comment.objects.filter(pk__in=answered).update(author=None)
    Comment.objects.filter(pk__in=ids).exclude(pk__in=answered).delete()
    return len(ids)

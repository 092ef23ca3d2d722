"""`{% load comments %}{% comments_for obj %}`: the discussion on an object, and its forms.

`{% comment_feed_links space=space as feeds %}` gives the comments feed of a space (or,
without one, the town's), as `FeedLink`s for the page's `<link rel="alternate">`.

Anonymous readers get the published comments and a link to sign in: no form, so no CSRF
cookie (the privacy promise). Signed-in residents get the forms to comment, reply, edit
(for a short while), delete their own comments and flag others'; they also see their own
comments that wait for moderation or were hidden, marked, with the moderator's reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from parvis.comments.feeds import feed_links
from parvis.comments.forms import CommentEditForm, CommentFlagForm, CommentForm, ReplyForm
from parvis.comments.models import Comment
from parvis.comments.permissions import can_delete_comment, can_edit_comment, can_flag_comment
from parvis.comments.registry import commentable_type_of
from parvis.comments.selectors import comment_thread
from parvis.core.feeds import FeedLink
from parvis.core.pagecache import depends_on
from parvis.moderation.permissions import suspension_of
from parvis.moderation.services import moderation_policy_of

if TYPE_CHECKING:
    from parvis.accounts.models import User

register = template.Library()

#: The query parameter of the thread's pages (the page around it may have its own `page`).
PAGE_PARAMETER = "comments-page"


@dataclass
class Entry:
    """One comment as this viewer sees it, with the forms offered to them."""

    comment: Comment
    readable: bool
    own: bool
    flagged: bool = False
    replies: list[Entry] = field(default_factory=list)
    reply_form: Any = None
    edit_form: Any = None
    flag_form: Any = None
    can_delete: bool = False


def _entry(
    comment: Comment, *, user: User | AnonymousUser, flagged: frozenset[int], can_write: bool
) -> Entry:
    own = bool(user.is_authenticated and comment.author_id == user.pk)
    readable = not comment.is_deleted and (comment.is_visible or own)
    entry = Entry(comment=comment, readable=readable, own=own, flagged=comment.pk in flagged)
    if not readable:
        return entry
    pk = comment.pk
    if can_write and can_edit_comment(comment=comment, user=user):
        entry.edit_form = CommentEditForm(initial={"body": comment.body}, auto_id=f"id_edit{pk}_%s")
    entry.can_delete = can_delete_comment(comment=comment, user=user)
    if can_write and not entry.flagged and can_flag_comment(comment=comment, user=user):
        entry.flag_form = CommentFlagForm(auto_id=f"id_flag{pk}_%s")
    return entry


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def comments_for(context: template.Context, obj: Any) -> dict[str, Any]:
    kind = commentable_type_of(obj)
    if kind is None:
        raise template.TemplateSyntaxError(
            f"{type(obj).__name__} is not commentable: declare it with commentable()."
        )
    request = context.get("request")
    # The thread shows the comments on `obj` only, whose changes move `obj`'s key.
    target_key = f"{type(obj)._meta.concrete_model._meta.label_lower}:{obj.pk}"
    depends_on(request, target_key, instead_of=["comments.comment"])
    user: User | AnonymousUser = getattr(request, "user", None) or AnonymousUser()
    page_number = request.GET.get(PAGE_PARAMETER, 1) if request is not None else 1
    thread = comment_thread(target=obj, viewer=user, page_number=page_number)
    is_open = kind.is_open(obj)
    suspension = suspension_of(user) if user.is_authenticated else None
    can_write = bool(user.is_authenticated and is_open and suspension is None)

    entries = []
    for comment in thread.page.object_list:
        entry = _entry(comment, user=user, flagged=thread.flagged_by_viewer, can_write=can_write)
        entry.replies = [
            _entry(reply, user=user, flagged=thread.flagged_by_viewer, can_write=can_write)
            for reply in comment.thread_replies
        ]
        if can_write and comment.is_visible and not comment.is_deleted:
            entry.reply_form = ReplyForm(
                initial={"parent": comment.pk}, auto_id=f"id_reply{comment.pk}_%s"
            )
        entries.append(entry)

    target_type = ContentType.objects.get_for_model(type(obj))
    return {
        "request": request,
        "user": user,
        "target": obj,
        "entries": entries,
        "page": thread.page,
        "count": thread.count,
        "page_parameter": PAGE_PARAMETER,
        "is_open": is_open,
        "can_write": can_write,
        "suspension": suspension,
        "moderated_before": moderation_policy_of(kind.space_of(obj)) == "before",
        "form": CommentForm(auto_id="id_comment_%s") if can_write else None,
        "create_url": reverse("comments:create", args=[target_type.pk, obj.pk]),
    }


@register.simple_tag
def comment_feed_links(space: Any = None) -> list[FeedLink]:
    return feed_links(space=space)

"""The e-mail a person receives when someone replies to their comment.

Writing a comment with "E-mail me when someone replies" ticked makes its author follow it
(a subscription like any other: one-click unsubscribe, daily digest if they chose so, "What
I follow" lists it). A reply notifies the comment's followers when it becomes public: at
once in a space moderated after publication, on approval in one moderated before. The
replier gets nothing for their own reply, and a reply hidden (or whose comment was hidden)
before its message leaves is never sent: `is_visible` is asked just before sending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from parvis.comments.models import Comment
from parvis.comments.registry import target_is_public
from parvis.core.links import absolute_url
from parvis.core.markdown import markdown_to_text
from parvis.notifications.registry import Rendered

if TYPE_CHECKING:
    from parvis.accounts.models import User

REPLY_KIND = "comments.reply"

#: Characters of the reply quoted in the e-mail.
EXCERPT = 1000


def reply_is_visible(reply: Comment) -> bool:
    """A reply is announced only while it, its comment and what they discuss are public."""
    parent = reply.parent
    return (
        reply.is_visible
        and not reply.is_deleted
        and parent is not None
        and parent.is_visible
        and not parent.is_deleted
        and target_is_public(reply.target)
    )


def render_reply(reply: Comment, recipient: User, language: str) -> Rendered:
    target = reply.target
    name = reply.author.public_name if reply.author is not None else _("A former resident")
    text = markdown_to_text(reply.body)
    if len(text) > EXCERPT:
        text = text[:EXCERPT].rsplit(" ", 1)[0] + "…"
    subject = _("%(name)s replied to your comment on “%(title)s”") % {
        "name": name,
        "title": target,
    }
    intro = _("%(name)s replied to your comment on “%(title)s”:") % {
        "name": name,
        "title": target,
    }
    read = _("Read the discussion and answer: %(url)s") % {
        "url": absolute_url(reply.get_absolute_url())
    }
    return subject, f"{intro}\n\n{text}\n\n{read}\n", None

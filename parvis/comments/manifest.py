"""What comments bring: the moderation queue's comments, comments in the search, replies by
e-mail, the comment feeds, and what becomes of comments when their author leaves.

Which content takes comments is declared by the app that owns it, with `commentable()`."""

from datetime import timedelta

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.erasure import on_user_erased
from parvis.accounts.roles import Role, grant, model_permissions
from parvis.comments.erasure import comments_erased, comments_erasure_text
from parvis.comments.feeds import CommentFeed
from parvis.comments.models import Comment
from parvis.comments.notifications import REPLY_KIND, render_reply, reply_is_visible
from parvis.comments.pages import commented_keys
from parvis.comments.search import comment_document, comments_on, searchable_comments
from parvis.comments.selectors import comments_for_moderation
from parvis.comments.services import comment_visibility_changed
from parvis.core.feeds import feed
from parvis.core.pagecache import invalidates, query_parameter
from parvis.moderation.registry import moderated
from parvis.notifications.registry import followable, notification_kind
from parvis.search.registry import searchable

# Moderators read every comment in the back office (to follow one person's comments, say);
# they decide on them in the moderation queue, never by editing them.
grant(Role.MODERATOR, model_permissions("comments", "comment", ["view"]))

moderated(
    Comment,
    key="comment",
    label=_("Comments"),
    text=lambda comment: comment.body,
    url=lambda comment: comment.get_absolute_url(),
    queryset=comments_for_moderation,
    context=lambda comment: gettext("On “%(title)s”") % {"title": comment.target},
    on_status_change=comment_visibility_changed,
)
searchable(
    Comment,
    key="comment",
    label=_("Comments"),
    document=comment_document,
    queryset=searchable_comments,
    space_field="space",
    dependents=comments_on,
    # What residents said: found, but after what the town published about it.
    weight=0.4,
    freshness=timedelta(days=90),
)

# A comment shows on the page of what it is about (and in the comment feeds); a moderator's
# decision saves the comment, so hiding or restoring one makes that page fresh too.
invalidates(Comment, keys=commented_keys)
# The page of a thread's comments: `?comments-page=2`.
query_parameter("comments-page", pattern=r"[1-9][0-9]{0,3}")

# People follow their own comments through the comment form only: nobody follows someone
# else's comment with a hand-made follow request.
followable(Comment, queryset=Comment.objects.none)
notification_kind(REPLY_KIND, render=render_reply, is_visible=reply_is_visible)

# Listed after what the town publishes, on which they comment.
feed(
    "comments",
    view=CommentFeed,
    paths={"town": "comments/", "space": "spaces/<slug:slug>/comments/"},
    order=90,
)

on_user_erased(comments_erased, describe=comments_erasure_text)

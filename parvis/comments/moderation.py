"""Comments in the moderators' queue."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.comments.models import Comment
from parvis.comments.selectors import comments_for_moderation
from parvis.comments.services import comment_visibility_changed
from parvis.moderation.registry import moderated

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

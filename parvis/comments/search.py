"""Published comments in the site search, found as "Comment on “<what they comment>”".

A comment has a document while it is published (visible, not deleted) and what it comments
is public. The comment services and the moderation decisions keep it in step (see
`parvis.comments.services`); when what is commented changes (an article unpublished, a page
deleted), the search indexing follows through `dependents`, declared here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from parvis.comments.models import Comment
from parvis.comments.registry import commentable_type_of, commentable_types, target_is_public
from parvis.comments.selectors import published_comments
from parvis.core.markdown import markdown_to_text
from parvis.search.registry import Document


def comment_document(comment: Comment) -> Document | None:
    """The comment's document; None (no document) unless it and its target are public."""
    if not comment.is_visible or comment.is_deleted:
        return None
    target = comment.target
    if not target_is_public(target):
        return None
    return Document(
        title=gettext("Comment on “%(title)s”") % {"title": target},
        text=markdown_to_text(comment.body),
        url=comment.get_absolute_url(),
        space=comment.space_id,
        date=comment.created_at,
    )


def searchable_comments() -> QuerySet[Comment]:
    """Published comments with their targets (one query per commentable type)."""
    return (
        published_comments()
        .select_related("target_type")
        .prefetch_related(
            GenericPrefetch("target", [kind.queryset() for kind in commentable_types()])
        )
    )


def comments_on(model: type[Model], ids: list[Any]) -> QuerySet[Comment] | None:
    """The published comments on these objects of `model`, if it is commentable."""
    if commentable_type_of(model) is None:
        return None
    target_type = ContentType.objects.get_for_model(model)
    return searchable_comments().filter(target_type=target_type, target_id__in=ids)

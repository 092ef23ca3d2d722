"""What a change of a comment makes fresh in the page cache (`parvis.core.pagecache`)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from parvis.comments.models import Comment
from parvis.core.generations import bump


def commented_keys(comment: Comment) -> list[str]:
    """The key of the commented object's page (`news.article:12`, from the content type,
    without reading the object) and of the space the comment was written in."""
    model = ContentType.objects.get_for_id(comment.target_type_id).model_class()
    keys = [] if model is None else [f"{model._meta.label_lower}:{comment.target_id}"]
    return [*keys, f"space:{comment.space_id}"] if comment.space_id else keys


def comments_changed(ids: list[int]) -> None:
    """Bump what the comments `ids` show on, for writes that send no model signal
    (`QuerySet.update()`): the comments' key and the pages of what they are about. Call it
    in the writing transaction, before the rows go."""
    keys = ["comments.comment"]
    for comment in Comment.objects.filter(pk__in=ids).only("target_type", "target_id", "space"):
        keys.extend(commented_keys(comment))
    bump(*keys)

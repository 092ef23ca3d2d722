"""What can be commented. A content type joins in one line, in its app's `ready()`:

    commentable(Article, space_of=lambda a: a.space, is_open=lambda a: a.is_public())

Then `{% load comments %}{% comments_for article %}` on its page shows the thread and the
form, and the comment views, services, moderation, search, feeds and reply e-mails accept
it without knowing the app.

Comments are public only while what they comment is: `is_public` (one object) and `public`
(a queryset, for lists such as feeds) say so; both default to what `is_open` and
`queryset` say, which suits a type whose comments close exactly when it stops being public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class CommentableType:
    model: type[models.Model]
    #: The space whose moderation policy applies to comments on an object (None: town-wide).
    space_of: Callable[[Any], Any]
    #: Whether an object accepts comments now. Objects the public cannot see must answer
    #: False: nobody comments on (or learns about) a draft through the comment form.
    is_open: Callable[[Any], bool]
    #: How to read objects of the type with what `space_of`, `is_open`, `is_public`,
    #: `__str__` and `get_absolute_url` need already selected.
    queryset: Callable[[], QuerySet]
    #: Whether the public sees an object now, and so its published comments (in search,
    #: feeds and e-mails). An unpublished article takes its comments out of sight with it.
    is_public: Callable[[Any], bool]
    #: The objects the public sees, as a queryset (`values("pk")` of it filters comments in
    #: SQL); None: every object of `queryset`, each then asked `is_public`.
    public: Callable[[], QuerySet] | None = None


_types: dict[type[models.Model], CommentableType] = {}


def commentable(
    model: type[models.Model],
    *,
    space_of: Callable[[Any], Any],
    is_open: Callable[[Any], bool],
    queryset: Callable[[], QuerySet] | None = None,
    is_public: Callable[[Any], bool] | None = None,
    public: Callable[[], QuerySet] | None = None,
) -> CommentableType:
    """Declare that residents may comment on `model` (a model with `get_absolute_url`)."""
    kind = CommentableType(
        model=model,
        space_of=space_of,
        is_open=is_open,
        queryset=queryset or model._default_manager.all,
        is_public=is_public or is_open,
        public=public,
    )
    _types[model] = kind
    return kind


def commentable_type_of(obj_or_model: Any) -> CommentableType | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _types.get(model._meta.concrete_model)


def commentable_types() -> list[CommentableType]:
    return list(_types.values())


def target_is_public(target: Any) -> bool:
    """Whether `target` (a commented object, or None once deleted) is seen by the public."""
    if target is None:
        return False
    kind = commentable_type_of(target)
    return kind is not None and bool(kind.is_public(target))

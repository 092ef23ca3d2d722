"""What can be commented. A content type joins in one line, in its app's `ready()`:

    commentable(
        Article,
        space_of=lambda a: a.space,
        public=lambda: selectors.visible_articles().select_related("space"),
        is_public=lambda a: a.is_public(),
    )

Then `{% load comments %}{% comments_for article %}` on its page shows the thread and the
form, and the comment views, services, moderation, search, feeds and reply e-mails accept
it without knowing the app.

`public` is the one rule of what the public sees of the type, declared by its app: every
comment endpoint finds what it is asked about through it (`public_target`), so a draft, a
scheduled or an unpublished item is answered 404 like something that does not exist, and
nothing of it (its title, its address) reaches the answer. Comments are public only while
what they comment is: `is_public` is the same rule for one object already read (search
documents, feeds, e-mails); `is_open` says whether it takes comments now, and defaults to it.
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
    #: The objects the public sees now, with what `space_of`, `is_open`, `__str__` and
    #: `get_absolute_url` need already selected: the only way the comment endpoints reach
    #: an object (`public_target`), and, as `values("pk")`, what filters comments in SQL.
    public: Callable[[], QuerySet]
    #: Whether the public sees an object now, and so its published comments (in search,
    #: feeds and e-mails): the rule of `public`, for one object already read.
    is_public: Callable[[Any], bool]
    #: Whether an object accepts comments now; never True for one `is_public` refuses.
    is_open: Callable[[Any], bool]
    #: Every object of the type, public or not, with the same fields selected: for the
    #: moderators, who decide on comments whatever became of what they comment.
    queryset: Callable[[], QuerySet]


_types: dict[type[models.Model], CommentableType] = {}


def commentable(
    model: type[models.Model],
    *,
    space_of: Callable[[Any], Any],
    public: Callable[[], QuerySet],
    is_public: Callable[[Any], bool],
    is_open: Callable[[Any], bool] | None = None,
    queryset: Callable[[], QuerySet] | None = None,
) -> CommentableType:
    """Declare that residents may comment on `model` (a model with `get_absolute_url`).

    `public` and `is_public` state the same rule (a test per app holds them together);
    `is_open` defaults to `is_public`, and is asked only of public objects.
    """
    kind = CommentableType(
        model=model,
        space_of=space_of,
        public=public,
        is_public=is_public,
        is_open=is_open or is_public,
        queryset=queryset or model._default_manager.all,
    )
    _types[model] = kind
    return kind


def commentable_type_of(obj_or_model: Any) -> CommentableType | None:
    model: type[models.Model] = (
        obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    )
    return _types.get(model._meta.concrete_model or model)


def commentable_types() -> list[CommentableType]:
    return list(_types.values())


def target_is_public(target: Any) -> bool:
    """Whether `target` (a commented object, or None once deleted) is seen by the public."""
    if target is None:
        return False
    kind = commentable_type_of(target)
    return kind is not None and bool(kind.is_public(target))


def public_target(model: type[models.Model] | None, pk: Any) -> Any | None:
    """Object `pk` of the commentable `model` if the public sees it now, else None (also for
    a model that is not commentable): what every comment endpoint answers about, 404 when
    None, before it renders anything."""
    kind = commentable_type_of(model) if model is not None else None
    if kind is None:
        return None
    return kind.public().filter(pk=pk).first()

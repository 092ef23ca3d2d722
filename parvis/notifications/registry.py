"""What can be followed, and what can be announced to followers. Apps declare, in a line each:

    followable(Space)                                   # in the app's AppConfig.ready()
    notification_kind("news.article_published", render=render_article)   # app's notifications.py

Streams that are not objects (the town's news, its announcements) are `Topic`s. The shared
follow views, the "What I follow" page and the outbox accept all of these without knowing
the apps that declared them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

_followable: dict[type[models.Model], Callable[[], models.QuerySet] | None] = {}


def followable(
    model: type[models.Model], *, queryset: Callable[[], models.QuerySet] | None = None
) -> type[models.Model]:
    """Let people follow `model`; `queryset()`, if given, is what visitors may follow
    (published spaces only, say); by default every object."""
    _followable[model] = queryset
    return model


def is_followable(obj: object) -> bool:
    return type(obj) in _followable


def followable_models() -> list[type[models.Model]]:
    return sorted(_followable, key=lambda model: model._meta.label)


def visible_followables(model: type[models.Model]) -> models.QuerySet:
    """The objects of `model` visitors may follow."""
    queryset = _followable[model]
    return queryset() if queryset is not None else model._default_manager.all()


class Topic(models.TextChoices):
    """A followable stream that is not an object. Stored in `Subscription.topic`."""

    NEWS = "news", _("The town's news")
    ANNOUNCEMENTS = "announcements", _("The town's announcements")


#: (subject, plain-text body, HTML body or None), in the recipient's language.
Rendered = tuple[str, str, str | None]


@dataclass(frozen=True)
class NotificationKind:
    """One kind of message followers receive, e.g. "news.article_published".

    `render(obj, recipient, language)` is called by the worker with the recipient's language
    active; it returns the subject, the plain-text body and an optional HTML body, with
    absolute links (`settings.SITE_URL`). The outbox adds the greeting-free frame: why the
    person receives it and how to stop, in both bodies and in the headers.
    `is_visible(obj)`, when given, is asked just before sending: False (the article was
    unpublished, the comment hidden) drops the message instead of sending it.
    """

    key: str
    render: Callable[[Any, Any, str], Rendered]
    is_visible: Callable[[Any], bool] | None = None


_kinds: dict[str, NotificationKind] = {}


def notification_kind(
    key: str,
    *,
    render: Callable[[Any, Any, str], Rendered],
    is_visible: Callable[[Any], bool] | None = None,
) -> NotificationKind:
    """Declare a kind of notification; call it at import time of the app's notifications.py."""
    kind = NotificationKind(key=key, render=render, is_visible=is_visible)
    _kinds[key] = kind
    return kind


def get_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(
            f"No notification kind {key!r}: declare it with notification_kind() in the app's "
            "notifications.py, imported from its AppConfig.ready()."
        ) from None


def is_kind(key: str) -> bool:
    return key in _kinds

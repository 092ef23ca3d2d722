"""What can be followed, and what can be announced to followers. Apps declare, in a line each
of their `manifest.py`:

    followable(Space, queryset=published_spaces)
    topic("events", label=_("The town's events"), url_name="agenda:list")
    notification_kind("agenda.event_published", render=render_event)

Streams that are not objects (the town's events, say) are `Topic`s, declared by
the app that publishes them. The shared follow views, the "What I follow" page and the outbox
accept all of these without knowing the apps that declared them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from parvis.core.registry import Registry


@dataclass(frozen=True)
class FollowableType:
    model: type[models.Model]
    #: What visitors may follow (published spaces only, say); None: every object.
    queryset: Callable[[], models.QuerySet] | None


_followable: Registry[FollowableType] = Registry("followable type")


def followable(
    model: type[models.Model], *, queryset: Callable[[], models.QuerySet] | None = None
) -> type[models.Model]:
    """Let people follow `model`; `queryset()`, if given, is what visitors may follow
    (published spaces only, say); by default every object."""
    _followable.add(model, FollowableType(model=model, queryset=queryset))
    return model


def is_followable(obj: object) -> bool:
    return _followable.for_model(obj) is not None


def followable_models() -> list[type[models.Model]]:
    return sorted((kind.model for kind in _followable), key=lambda model: model._meta.label)


def visible_followables(model: type[models.Model]) -> models.QuerySet:
    """The objects of `model` visitors may follow."""
    kind = _followable.for_model(model)
    if kind is None:
        raise LookupError(f"{model.__name__} cannot be followed.")
    return kind.queryset() if kind.queryset is not None else model._default_manager.all()


@dataclass(frozen=True)
class Topic:
    """A followable stream that is not an object (the town's events). `value` is what
    `Subscription.topic` stores: never change it once people follow it."""

    value: str
    label: Any
    #: The URL name of the page that shows the stream ("" when there is none).
    url_name: str = ""

    def __str__(self) -> str:
        return str(self.label)


_topics: Registry[Topic] = Registry("topic")

#: The longest topic value `Subscription.topic` can store.
TOPIC_MAX_LENGTH = 40


def topic(value: str, *, label: Any, url_name: str = "") -> Topic:
    """Declare a town-wide stream people may follow, in the app that publishes it."""
    if not value or len(value) > TOPIC_MAX_LENGTH or value != value.strip():
        raise ValueError(f"{value!r} is not a valid topic (1 to {TOPIC_MAX_LENGTH} characters).")
    return _topics.add(value, Topic(value=value, label=label, url_name=url_name))


def topics() -> list[Topic]:
    return _topics.values()


def topic_of(value: str | Topic) -> Topic | None:
    """The declared topic stored as `value` (None when no app declares it, e.g. any more)."""
    if isinstance(value, Topic):
        return value if _topics.get(value.value) is value else None
    return _topics.get(value)


def get_topic(value: str | Topic) -> Topic:
    """The declared topic `value`; LookupError when none is declared under that value."""
    found = topic_of(value)
    if found is None:
        raise LookupError(f"No topic {value!r} is declared.")
    return found


#: (subject, plain-text body, HTML body or None), in the recipient's language.
Rendered = tuple[str, str, str | None]


@dataclass(frozen=True)
class NotificationKind:
    """One kind of message followers receive, e.g. "agenda.event_published".

    `render(obj, recipient, language)` is called by the worker with the recipient's language
    active; it returns the subject, the plain-text body and an optional HTML body, with
    absolute links (`settings.SITE_URL`). The outbox adds the greeting-free frame: why the
    person receives it and how to stop, in both bodies and in the headers.
    `is_visible(obj)`, when given, is asked just before sending: False (the event was
    unpublished, the comment hidden) drops the message instead of sending it.
    """

    key: str
    render: Callable[[Any, Any, str], Rendered]
    is_visible: Callable[[Any], bool] | None = None


_kinds: Registry[NotificationKind] = Registry("notification kind")


def notification_kind(
    key: str,
    *,
    render: Callable[[Any, Any, str], Rendered],
    is_visible: Callable[[Any], bool] | None = None,
) -> NotificationKind:
    """Declare a kind of notification, in the app's manifest.py."""
    return _kinds.add(key, NotificationKind(key=key, render=render, is_visible=is_visible))


def get_kind(key: str) -> NotificationKind:
    kind = _kinds.get(key)
    if kind is None:
        raise LookupError(
            f"No notification kind {key!r}: declare it with notification_kind() in the app's "
            "manifest.py."
        )
    return kind


def is_kind(key: str) -> bool:
    return key in _kinds

"""Followers and publications for the outbox's tests, made through Parvis's own services."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from conftest import make_user
from parvis.notifications.models import Delivery, Frequency
from parvis.notifications.registry import Topic
from parvis.notifications.services import notify, subscription_create
from parvis.spaces.models import Space, SpacePage
from parvis.spaces.tests.factories import make_page
from parvis.tags.models import Tag

KIND = "spaces.page_published"


def follower(
    email: str,
    *targets: Any,
    frequency: Frequency = Frequency.IMMEDIATE,
    language: str = "fr",
    **fields: Any,
) -> Any:
    """A resident following each of `targets` (objects or topics)."""
    user = make_user(email, **fields)
    for target in targets:
        subscription_create(user=user, target=target, frequency=frequency, language=language)
    return user


def publish_page(
    space: Space, slug: str = "nouvelle-page", *, actor: Any = None, **fields: Any
) -> SpacePage:
    """Publish a page in `space` as staff do: its followers are notified."""
    fields.setdefault("title", "Le marché de Noël")
    fields.setdefault("body", "Le marché de Noël ouvre **samedi** place de la Mairie.")
    return make_page(space, slug, actor=actor, **fields)


def notify_about(
    page: SpacePage, *, tags: list[Tag] = (), topics: list[Topic] = (), actor: Any = None
) -> None:
    """Notify about `page` with more targets than the space (as news do), in a transaction."""
    with transaction.atomic():
        notify(
            kind=KIND,
            obj=page,
            targets=[page.space, *tags, *topics],
            key=f"test.page:{page.pk}:with-more",
            actor=actor,
        )


def unsubscribe_path(message: EmailMessage) -> str:
    """The path of the message's List-Unsubscribe address, as a mail provider would read it."""
    header = message["List-Unsubscribe"].strip()  # unfolded, as RFC 5322 readers do
    assert header.startswith("<") and header.endswith(">"), header
    url = urlsplit(header[1:-1])
    assert (url.scheme, url.netloc) == ("https", "ville.example")
    return url.path


def statuses() -> dict[str, int]:
    result: dict[str, int] = {}
    for status in Delivery.objects.values_list("status", flat=True):
        result[status] = result.get(status, 0) + 1
    return result

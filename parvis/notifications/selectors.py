"""Reads about subscriptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse

from parvis.notifications.models import EmailPreference, Subscription
from parvis.notifications.registry import Topic, get_topic

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User


def _filter_for(target: models.Model | Topic | str) -> dict[str, Any]:
    if isinstance(target, str | Topic):
        return {"topic": get_topic(target).value}
    return {
        "topic": "",
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": target.pk,
    }


def is_following(*, user: User | AnonymousUser, target: models.Model | Topic | str) -> bool:
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(user=user, **_filter_for(target)).exists()


def follower_count(*, target: models.Model | Topic | str) -> int:
    return Subscription.objects.filter(**_filter_for(target)).count()


def topic_url(topic: Topic) -> str | None:
    if not topic.url_name:
        return None
    try:
        return reverse(topic.url_name)
    except NoReverseMatch:
        return None


def followed_url(followed: object) -> str | None:
    """Where what is followed can be read: the object's page, or the topic's."""
    if isinstance(followed, Topic):
        return topic_url(followed)
    url = getattr(followed, "get_absolute_url", None)
    return url() if url is not None else None


@dataclass(frozen=True)
class Followed:
    subscription: Subscription
    name: str
    url: str | None


def subscriptions_of(*, user: User) -> list[Subscription]:
    """The person's subscriptions, newest first, targets loaded (one query per kind of target).

    Subscriptions to an object deleted since, or to a topic no app declares any more, are
    left out.
    """
    subscriptions = (
        Subscription.objects.filter(user=user)
        .select_related("target_type")
        .prefetch_related("target")
        .order_by("-created_at", "-id")
    )
    return [s for s in subscriptions if s.followed is not None]


def followed_of(*, user: User) -> list[Followed]:
    """What the "What I follow" page lists: each subscription with a name and a link."""
    listed = []
    for subscription in subscriptions_of(user=user):
        followed = subscription.followed
        listed.append(
            Followed(subscription=subscription, name=str(followed), url=followed_url(followed))
        )
    return listed


def email_preference_of(*, user: User) -> EmailPreference:
    """The person's preference, or the defaults (unsaved) when they never set one."""
    return EmailPreference.objects.filter(user=user).first() or EmailPreference(user=user)

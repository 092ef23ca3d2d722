"""Reads about subscriptions."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from parvis.notifications.models import Subscription


def is_following(*, user: models.Model, target: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Subscription.objects.filter(
        user=user,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    ).exists()


def follower_count(*, target: models.Model) -> int:
    return Subscription.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).count()


def subscriptions_of(*, user: models.Model) -> list[Subscription]:
    """The person's subscriptions with their targets loaded: one query per kind of target."""
    subscriptions = (
        Subscription.objects.filter(user=user)
        .select_related("target_type")
        .prefetch_related("target")
        .order_by("-created_at", "-id")
    )
    return [subscription for subscription in subscriptions if subscription.target is not None]

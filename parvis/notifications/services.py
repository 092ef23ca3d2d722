"""Following and unfollowing."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from parvis.notifications.models import Subscription
from parvis.notifications.registry import is_followable


def subscription_create(*, user: models.Model, target: models.Model) -> bool:
    """Follow `target`; True when this created the subscription, False if already following.

    Safe against a double click: the unique constraint decides, not a prior read.
    """
    if not is_followable(target):
        raise ValueError(f"{type(target).__name__} cannot be followed.")
    target_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            Subscription.objects.create(user=user, target_type=target_type, target_id=target.pk)
    except IntegrityError:
        return False
    return True


def subscription_delete(*, user: models.Model, target: models.Model) -> bool:
    """Stop following `target`; True when a subscription was removed."""
    target_type = ContentType.objects.get_for_model(target)
    deleted, _ = Subscription.objects.filter(
        user=user, target_type=target_type, target_id=target.pk
    ).delete()
    return bool(deleted)

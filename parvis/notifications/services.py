"""Writes about following and notifying.

`notify()` is what publishing services call; the rest of the outbox (fan-out, sending,
digests) runs in the task worker: see `parvis.notifications.outbox` and `.digests`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from parvis.notifications.models import (
    EmailPreference,
    Frequency,
    Notification,
    Subscription,
)
from parvis.notifications.outbox import notification_fan_out
from parvis.notifications.registry import Topic, get_kind, is_followable, topic_of
from parvis.notifications.targets import describe_targets, followers_filter

if TYPE_CHECKING:
    from parvis.accounts.models import User

Followed = models.Model | Topic


# --- following ---------------------------------------------------------------------------------


def _subscription_filter(*, user: User, target: Followed) -> dict[str, Any]:
    if isinstance(target, Topic):
        return {"user": user, "topic": target.value}
    return {
        "user": user,
        "topic": "",
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": target.pk,
    }


def _as_followed(target: Followed | str) -> Followed:
    """`target` itself, or the declared topic it names (a topic may come as its stored
    value, e.g. from a template); ValueError for a topic no app declares."""
    if isinstance(target, str | Topic):
        found = topic_of(target)
        if found is None:
            raise ValueError(f"No topic {target!r} is declared: it cannot be followed.")
        return found
    return target


def subscription_create(
    *,
    user: User,
    target: Followed | str,
    frequency: Frequency | str | None = None,
    language: str | None = None,
) -> bool:
    """Follow `target` (a followable object or a `Topic`); True when this created it.

    Without `frequency`, the person's preferred one is used. `language`, when given (the
    language of the page they follow from), becomes the language of their e-mails if they
    have not chosen one yet. Safe against a double click: the unique constraint decides.
    Raises ValueError for something that cannot be followed.
    """
    target = _as_followed(target)
    if not isinstance(target, Topic) and not is_followable(target):
        raise ValueError(f"{type(target).__name__} cannot be followed.")
    preference = email_preference_ensure(user=user, language=language)
    try:
        with transaction.atomic():
            Subscription.objects.create(
                **_subscription_filter(user=user, target=target),
                frequency=frequency or preference.frequency,
            )
    except IntegrityError:
        return False
    return True


def subscription_delete(*, user: User, target: Followed | str) -> bool:
    """Stop following `target`; True when a subscription was removed."""
    target = _as_followed(target)
    deleted, _ = Subscription.objects.filter(
        **_subscription_filter(user=user, target=target)
    ).delete()
    return bool(deleted)


def subscription_set_frequency(*, subscription: Subscription, frequency: Frequency | str) -> None:
    """Immediate e-mails or a daily digest for this subscription, from the next message on.

    Messages already waiting for a digest still go out in it.
    """
    subscription.frequency = Frequency(frequency)
    subscription.save(update_fields=["frequency"])


def subscription_stop(*, subscription: Subscription) -> None:
    subscription.delete()


def subscriptions_stop_all(*, user: User) -> int:
    """Stop following everything (the "unsubscribe from every e-mail" link); how many ended."""
    deleted, _ = Subscription.objects.filter(user=user).delete()
    return deleted


def email_preference_ensure(*, user: User, language: str | None = None) -> EmailPreference:
    """The person's e-mail preference, created on first need with `language` if it is known."""
    languages = {code for code, _ in settings.LANGUAGES}
    defaults = {"language": language if language in languages else settings.LANGUAGE_CODE}
    preference, _ = EmailPreference.objects.get_or_create(user=user, defaults=defaults)
    return preference


def email_preference_update(
    *, user: User, language: str, frequency: Frequency | str, apply_to_all: bool = False
) -> EmailPreference:
    """Set the language of e-mails and the frequency new follows start with.

    With `apply_to_all`, every current subscription takes that frequency too.
    """
    with transaction.atomic():
        preference = email_preference_ensure(user=user)
        preference.language = language
        preference.frequency = Frequency(frequency)
        preference.save(update_fields=["language", "frequency"])
        if apply_to_all:
            Subscription.objects.filter(user=user).update(frequency=preference.frequency)
    return preference


# --- notifying ---------------------------------------------------------------------------------


def notify(
    *,
    kind: str,
    obj: models.Model,
    targets: Sequence[models.Model | Topic | str | None],
    key: str,
    actor: User | None = None,
) -> None:
    """Tell the followers of any of `targets` about `obj`, once each.

    Call it inside the transaction that publishes `obj`: it records a `Notification` and
    enqueues its fan-out (django-tasks, database backend) in that same transaction, so a
    rollback sends nothing. `key` is the message's idempotency key
    (e.g. "agenda.event:42:published"): a second call with the same key does nothing.
    `kind` must be declared with `notification_kind()`. `targets` are followable objects
    (a space, its tags) and `Topic`s; `None` entries are ignored, so `[obj.space, …]`
    may be passed as it is. Each follower gets one message (immediately or in their daily
    digest, as they chose), whichever and however many targets they follow; `actor`, the
    person who caused it, gets none.
    """
    get_kind(kind)  # fails loudly on a kind nobody declared
    described = describe_targets(targets)
    for target in targets:
        if isinstance(target, models.Model) and not is_followable(target):
            raise ValueError(f"{type(target).__name__} cannot be followed.")
    if len(key) > cast(int, Notification._meta.get_field("key").max_length):
        raise ValueError(f"Notification key too long: {key!r}")

    with transaction.atomic():
        try:
            # A savepoint: a duplicate key must not break the caller's transaction.
            with transaction.atomic():
                notification = Notification.objects.create(
                    kind=kind,
                    key=key,
                    obj_type=ContentType.objects.get_for_model(obj),
                    obj_id=obj.pk,
                    targets=described,
                    actor=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            if Notification.objects.filter(key=key).exists():
                return  # already notified: the idempotency key at work
            raise
        if Subscription.objects.filter(followers_filter(described)).exists():
            notification_fan_out.enqueue(notification.pk)
        else:
            # Nobody follows any of it: nothing to resolve later.
            notification.fanned_out_at = timezone.now()
            notification.save(update_fields=["fanned_out_at"])

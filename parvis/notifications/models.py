"""Following (subscriptions), and the outbox: what must be sent, to whom, and what was sent.

The outbox, in the order things happen:
  Notification  one per event ("this event was published"), written by `notify()` inside the
                publishing transaction; its `key` makes a second call a no-op.
  Delivery      one e-mail owed to one person: about one notification (immediate), or a daily
                digest. Its `key` is the idempotency key per recipient and message.
  DigestItem    a notification waiting for a person's next daily digest.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.notifications.registry import TOPIC_MAX_LENGTH, Topic, topic_of

__all__ = [
    "Delivery",
    "DeliveryStatus",
    "DigestItem",
    "EmailPreference",
    "Frequency",
    "Notification",
    "Subscription",
    "Topic",
]


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens")
    DAILY = "daily", _("Once a day, in a digest")


class Subscription(models.Model):
    """A person follows something: an object (a space, a tag) or a `Topic` (a town-wide stream).

    Exactly one of (target_type, target_id) and `topic` is set; the database checks it. What
    can be followed is declared in `parvis.notifications.registry`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    #: A declared `Topic`'s value; which values exist is the registry's business, checked by
    #: the services (an app may declare new ones without a migration).
    topic = models.CharField(_("topic"), max_length=TOPIC_MAX_LENGTH, blank=True)
    frequency = models.CharField(
        _("e-mails"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"],
                condition=Q(topic=""),
                name="notifications_follow_once",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=~Q(topic=""),
                name="notifications_follow_topic_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(topic="", target_type__isnull=False, target_id__isnull=False)
                    | (~Q(topic="") & Q(target_type__isnull=True, target_id__isnull=True))
                ),
                name="notifications_follow_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="notifications_frequency_known",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["topic"], name="notifications_topic_idx"),
        ]

    def __str__(self) -> str:
        if self.topic or self.target_type is None:
            return f"{self.user} → {self.topic}"
        return f"{self.user} → {self.target_type.model} {self.target_id}"

    @property
    def followed(self) -> object:
        """What is followed: the target object, or the `Topic`."""
        return topic_of(self.topic) if self.topic else self.target


class EmailPreference(models.Model):
    """How a person wants their e-mails: the language, and the frequency new follows start with.

    The language is taken from the page they were reading when they first followed something,
    and can be changed on the "What I follow" page.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preference",
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    frequency = models.CharField(
        _("e-mails for what I follow next"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="notifications_preference_frequency_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.language}, {self.frequency}"


class Notification(models.Model):
    """Something followers should hear about, recorded by `notify()` in the publishing transaction.

    `targets` lists what it concerns, as followed: [["spaces.space", 3], ["topic", "events"]].
    """

    kind = models.CharField(max_length=80)
    key = models.CharField(max_length=200, unique=True)
    obj_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    obj_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("obj_type", "obj_id")
    targets = models.JSONField(default=list)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    #: When the recipients were resolved and their deliveries written (None: not yet).
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["obj_type", "obj_id"])]

    def __str__(self) -> str:
        return self.key


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    #: The mail server refused it for good, or after the last retry.
    FAILED = "failed", _("failed")
    #: A worker died (or lost the server) while handing it over: it may or may not have left.
    #: Never re-sent automatically, so that nobody gets it twice; kept for review.
    UNCERTAIN = "uncertain", _("uncertain")
    #: Not sent because it no longer applied: the person stopped following or left, the
    #: content was withdrawn.
    DROPPED = "dropped", _("dropped")


class Delivery(models.Model):
    """One e-mail owed to one person: about one notification, or their digest of one day.

    `key` is the idempotency key per recipient and message: the unique constraint makes the
    fan-out and the digest safe to run twice, and the e-mail's Message-ID is derived from it.
    A worker claims a pending delivery (`claim`, `claimed_at`), marks it SENDING before
    talking to the mail server and SENT right after; see `parvis.notifications.outbox`.
    """

    key = models.CharField(max_length=255, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    digest_day = models.DateField(null=True, blank=True)
    #: The one subscription that caused it; its unsubscribe link stops that one. Empty when
    #: several did (or for a digest): the link then stops every e-mail.
    subscription = models.ForeignKey(
        Subscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(notification__isnull=False, digest_day__isnull=True)
                    | Q(notification__isnull=True, digest_day__isnull=False)
                ),
                name="notifications_delivery_one_message",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="notifications_delivery_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notifications_due_idx"),
            models.Index(fields=["recipient", "digest_day"], name="notifications_digest_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class DigestItem(models.Model):
    """A notification waiting for a person's next daily digest (`digest` empty until then)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Deleting a digest (the retention purge) deletes what it carried, never re-sends it.
    digest = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, null=True, blank=True, related_name="items"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "notification"], name="notifications_digest_item_once"
            ),
        ]
        indexes = [models.Index(fields=["digest", "recipient"], name="notifications_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.notification_id}"

"""Moderation: the status every resident contribution carries, flags, decisions, the word list.

A moderated model (a comment today; suggestions, reports, wiki edits later) inherits
`ModeratedContent`, which gives it its status and the reason shown to its author when it is
hidden, and declares itself with `parvis.moderation.registry.moderated()`. Public selectors
show only rows whose status is `visible`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModerationStatus(models.TextChoices):
    VISIBLE = "visible", _("Published")
    PENDING = "pending", _("Waiting for moderation")
    HIDDEN = "hidden", _("Hidden by a moderator")


class ModeratedContent(models.Model):
    """What every moderated model carries. Changed only by the moderation services."""

    moderation_status = models.CharField(
        _("moderation status"),
        max_length=10,
        choices=ModerationStatus.choices,
        default=ModerationStatus.VISIBLE,
    )
    #: Why a moderator hid it, in words meant for its author (who still sees it, marked).
    hidden_reason = models.CharField(_("reason shown to the author"), max_length=500, blank=True)
    moderated_at = models.DateTimeField(_("last moderated"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_visible(self) -> bool:
        return self.moderation_status == ModerationStatus.VISIBLE

    @property
    def is_pending(self) -> bool:
        return self.moderation_status == ModerationStatus.PENDING

    @property
    def is_hidden(self) -> bool:
        return self.moderation_status == ModerationStatus.HIDDEN


def moderation_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The database checks of `ModeratedContent`'s columns, for a concrete model's Meta.

    (Constraints of an abstract model are not inherited unless the child's Meta inherits
    the parent's, which would also impose its other options; a function keeps it explicit.)
    """
    return [
        models.CheckConstraint(
            condition=models.Q(moderation_status__in=ModerationStatus.values),
            name=f"{prefix}_moderation_status_known",
        ),
        models.CheckConstraint(
            condition=~models.Q(moderation_status=ModerationStatus.HIDDEN)
            | ~models.Q(hidden_reason=""),
            name=f"{prefix}_hidden_has_reason",
        ),
    ]


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insulting, hateful or threatening")
    PERSONAL_DATA = "personal_data", _("Reveals someone's personal information")
    ILLEGAL = "illegal", _("Breaks the law")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """A person tells the moderators that a contribution breaks the rules. Once per person.

    Open until a moderator decides on the contribution; the decision resolves every open
    flag on it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderation_flags",
        verbose_name=_("flagged by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("flagged on"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)
    decision = models.ForeignKey(
        "moderation.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolved_flags",
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="moderation_flag_once_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=FlagReason.values),
                name="moderation_flag_reason_known",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.content_type.model} {self.object_id})"


class DecisionAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    SUSPEND = "suspend", _("Author suspended")
    REINSTATE = "reinstate", _("Suspension lifted")


#: Actions whose reason is shown to the person concerned, so it cannot be empty.
ACTIONS_NEEDING_A_REASON = (DecisionAction.HIDE, DecisionAction.SUSPEND)


class Decision(models.Model):
    """What a moderator decided, about which contribution or person, why and when.

    Never changed after it is written: together with the audit entries written alongside,
    it is the trail of moderation.
    """

    action = models.CharField(_("decision"), max_length=20, choices=DecisionAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    #: The contribution as text, so the trail still reads after it is deleted.
    target_repr = models.CharField(_("contribution"), max_length=200, blank=True)
    #: The person concerned: the contribution's author, or the suspended person.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions_about",
        verbose_name=_("person concerned"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions_taken",
        verbose_name=_("moderator"),
    )
    reason = models.TextField(_("reason"), blank=True)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    created_at = models.DateTimeField(_("decided on"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-id"]
        permissions = [("moderate", _("Can decide on residents' contributions"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=DecisionAction.values),
                name="moderation_decision_action_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(action__in=ACTIONS_NEEDING_A_REASON) | ~models.Q(reason=""),
                name="moderation_decision_reason_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(action=DecisionAction.SUSPEND)
                | models.Q(suspended_until__isnull=False),
                name="moderation_decision_suspension_has_end",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.target_repr}"


class WordListEntry(models.Model):
    """A word or expression that holds a contribution for review when its text contains it.

    Matched as whole words, ignoring case and accents ("con" does not hold "content";
    "Élu" holds "elu"). It holds for review; it never refuses nor hides by itself.
    """

    expression = models.CharField(
        _("word or expression"),
        max_length=100,
        unique=True,
        help_text=_("Matched as whole words, whatever the case and the accents."),
    )
    note = models.CharField(_("note for moderators"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added on"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("word list entry")
        verbose_name_plural = _("word list")
        ordering = ["expression"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(expression=""), name="moderation_word_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.expression

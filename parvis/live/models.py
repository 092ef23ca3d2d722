"""Live question-and-answer sessions of a space: residents ask, moderators publish or reject
each question, the space's officials answer live, residents upvote what is published; once
the session is over its transcript (published questions and their answers) is published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.paths import object_path
from parvis.spaces.models import ANSWERING_ROLES

QUESTION_MAX_LENGTH = 500
ANSWER_MAX_LENGTH = 4000


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open: questions are accepted")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Transcript published")


#: The one order of the states: a session only moves forward.
STATE_ORDER = [
    SessionState.SCHEDULED,
    SessionState.OPEN,
    SessionState.CLOSED,
    SessionState.PUBLISHED,
]


class LiveSession(models.Model):
    space = models.ForeignKey(
        "spaces.Space", verbose_name=_("space"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    state = models.CharField(
        _("state"), max_length=10, choices=SessionState.choices, default=SessionState.SCHEDULED
    )
    officials = models.ManyToManyField(
        "spaces.SpaceMembership",
        verbose_name=_("officials who answer"),
        blank=True,
        related_name="+",
        limit_choices_to={"role__in": sorted(ANSWERING_ROLES)},
        help_text=_("Members of the space who answer on its behalf."),
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderators"),
        blank=True,
        related_name="+",
        help_text=_("They publish or reject the residents' questions."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["state", "starts_at"])]
        permissions = [("moderate_livesession", "Can moderate every live session")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SessionState.values), name="live_session_state_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="live_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("live:session", pk=self.pk)

    def get_transcript_url(self) -> str:
        return object_path("live:transcript", pk=self.pk)

    @property
    def is_open(self) -> bool:
        return self.state == SessionState.OPEN


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Question(models.Model):
    session = models.ForeignKey(
        LiveSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The author's public name when they asked (kept when the account is erased: emptied).
    author_name = models.CharField(_("author's name"), max_length=120, blank=True)
    text = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["session", "status", "-votes", "created_at"]),
            models.Index(fields=["session", "status", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QuestionStatus.values), name="live_question_status_known"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Answer(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    official = models.ForeignKey(
        "spaces.SpaceMembership",
        verbose_name=_("official"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: As residents read it when the answer was given ("Jeanne Martin, deputy mayor").
    official_name = models.CharField(_("official's name"), max_length=120)
    official_title = models.CharField(_("official's title"), max_length=120, blank=True)
    text = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH)
    created_at = models.DateTimeField(_("answered at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Vote(models.Model):
    """One resident's upvote of a published question: one per account (the constraint)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="live_vote_once_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"

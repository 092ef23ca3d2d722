"""Suggestions residents make to a space (a neighbourhood, a project…), and the answers of
its officials. A suggestion is public, or private to the space's officials (then only its
author, the space's answering members and staff who answer see it). Each official answer is
signed (the name and function the official had when answering, kept as written) and moves
the suggestion along `SuggestionStatus`; the answers are its status history. Residents
support a suggestion once each (`Support`, unique in the database)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.paths import object_path
from parvis.core.uploads import PublicImageField
from parvis.moderation.models import ModeratedContent, moderation_constraints


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("suggestion category")
        verbose_name_plural = _("suggestion categories")
        ordering = ["position", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private: only for the space's officials")


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_STUDY = "under_study", _("Under study")
    ACCEPTED = "accepted", _("Accepted")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class Suggestion(ModeratedContent):
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("space"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("category")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("text"), max_length=5000)
    photo = PublicImageField(_("photo"), upload_to="suggestions/photos/", blank=True)
    photo_alt = models.CharField(
        _("photo text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    # An optional position (core.geo's Located requires one): both or neither, in the town.
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address_text = models.CharField(_("address"), max_length=250, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.RECEIVED,
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    #: When the first official answer was given: the time to first answer is measured from it.
    first_answered_at = models.DateTimeField(
        _("first answered"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-id"]
        permissions = [("answer_suggestion", _("Can answer suggestions as an official"))]
        indexes = [
            models.Index(
                fields=["visibility", "moderation_status", "-created_at", "-id"],
                name="suggestions_public_newest",
            ),
            models.Index(
                fields=["space", "visibility", "moderation_status", "-created_at"],
                name="suggestions_space_newest",
            ),
            models.Index(fields=["space", "-first_answered_at"], name="suggestions_answered"),
            models.Index(fields=["lat", "lon"], name="suggestions_latlon"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True, lon__isnull=True)
                | models.Q(lat__isnull=False, lon__isnull=False),
                name="suggestions_position_both_or_neither",
            ),
            models.CheckConstraint(
                condition=models.Q(photo="") | ~models.Q(photo_alt=""),
                name="suggestions_photo_has_alt",
            ),
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values),
                name="suggestions_visibility_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SuggestionStatus.values),
                name="suggestions_status_known",
            ),
            *moderation_constraints("suggestions_suggestion"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("suggestions:detail", pk=self.pk)

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    @property
    def is_public(self) -> bool:
        """Whether anyone, signed in or not, may read it (and search, feeds, maps show it)."""
        return self.visibility == Visibility.PUBLIC and self.is_visible and self.space.is_published

    @property
    def published_at(self):  # what feeds date items by
        return self.created_at


class Answer(models.Model):
    """An official's answer: public on the suggestion's page (a private suggestion's answers
    are as private as it), signed, and the change of status it made."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("suggestion")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    #: The signature as residents read it, kept as it was when the answer was given.
    signed_name = models.CharField(_("signed by"), max_length=120)
    signed_function = models.CharField(_("function"), max_length=160)
    from_status = models.CharField(_("from"), max_length=20, choices=SuggestionStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=SuggestionStatus.choices)
    text = models.TextField(_("answer"), max_length=5000)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.signed_name}: {self.from_status} → {self.to_status}"

    def get_absolute_url(self) -> str:
        return f"{self.suggestion.get_absolute_url()}#answer-{self.pk}"


class Support(models.Model):
    """A resident supports a suggestion: once per account (the database says so)."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="supports", verbose_name=_("suggestion")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("who")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "user"], name="suggestions_support_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id}/{self.user_id}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from parvis.core.geo import Located
from parvis.moderation.models import ModeratedContent, moderation_constraints


class Notice(ModeratedContent):
    """A notice a resident pins on their neighbourhood's board: moderated, then public."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=120)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [*moderation_constraints("noticeboard_notice")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("noticeboard:detail", args=[self.pk])

    @property
    def published_at(self):  # what feeds date items by
        return self.created_at

    def is_public(self) -> bool:
        return self.is_visible and self.space.is_published


class Place(Located):
    """A place of the neighbourhood residents meet at (a bench, a fountain): on the map."""

    name = models.CharField(max_length=120)

    class Meta(Located.Meta):
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("noticeboard:place", args=[self.pk])

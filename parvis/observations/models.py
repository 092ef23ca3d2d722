"""Observation campaigns: a named network of residents (a panel recording odours every day)
who record what they notice, where and when, in the fields of a report category
(`parvis.reports.models.Category.extra_fields`: an odour's intensity, kind, duration). Their
observations are shown as charts over time and as a heat map."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.geo import Located
from parvis.core.paths import object_path


def new_invitation_code() -> str:
    """What a resident types to join: short, unambiguous (no 0/O, 1/I), hard to guess."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    category = models.ForeignKey(
        "reports.Category",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("what is observed"),
        help_text=_("Its extra fields are what each observation records."),
    )
    space = models.ForeignKey(
        "spaces.Space",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
        verbose_name=_("space"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    invitation_code = models.CharField(
        _("invitation code"),
        max_length=12,
        default=new_invitation_code,
        help_text=_("Residents who have it join the campaign."),
    )
    results_for_members = models.BooleanField(
        _("results for members only"),
        default=False,
        help_text=_(
            "Its charts and heat map are shown only to its signed-in members (a health "
            "panel, say); others read its description and how to join. Its observations "
            "then stay out of the open data."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("observation campaign")
        verbose_name_plural = _("observation campaigns")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_path("observations:detail", slug=self.slug)

    def is_running(self, day: date | None = None) -> bool:
        today = day or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)


class Member(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="members", verbose_name=_("campaign")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="campaign_memberships",
        verbose_name=_("resident"),
    )
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("campaign member")
        verbose_name_plural = _("campaign members")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="observations_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.user_id}"


class Observation(Located):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="observations", verbose_name=_("campaign")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("member"),
    )
    observed_at = models.DateTimeField(_("observed at"))
    #: The category's extra values (`reports.extra_fields.clean_values`); empty: nothing noticed.
    values = models.JSONField(_("what was noticed"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(Located.Meta):
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-observed_at", "-id"]
        # Located's index, named shorter (the default name would pass 30 characters).
        indexes = [
            models.Index(fields=["lat", "lon"], name="observations_obs_latlon"),
            models.Index(fields=["campaign", "observed_at"], name="observations_campaign_time"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.observed_at:%Y-%m-%d %H:%M}"

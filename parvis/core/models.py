from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did which civic act to what, and when. Written by services, never edited.

    The target is kept both as a reference (content type and primary key) and as text, so
    the entry still reads well after the target is deleted.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("on what"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class ScheduledRun(models.Model):
    """When each periodic job was last enqueued; see `parvis.core.schedule`."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class Generation(models.Model):
    """How many times what a cached page may show under `key` has changed (see
    `parvis.core.generations`, which alone writes and reads these rows).

    `seq` orders the changes for the readers: on SQLite the rank of the change among all
    (writes are serialised), on PostgreSQL the id of the transaction that made it.
    """

    key = models.CharField(max_length=200, unique=True)
    value = models.BigIntegerField(default=0)
    seq = models.BigIntegerField(default=0, db_index=True)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class MapCell(models.Model):
    """A map layer's objects counted ahead in one cell of a clustered zoom (see
    `parvis.core.maps`, which alone writes and reads these rows): how many, and the sums of
    their positions, so that the clusters of a large layer are added up from a few thousand
    cells rather than counted from a million rows."""

    layer = models.CharField(max_length=40)
    #: The zoom whose cells these are (`core.maps.CELL_ZOOMS`).
    level = models.SmallIntegerField()
    cx = models.IntegerField()
    cy = models.IntegerField()
    count = models.IntegerField()
    sum_lon = models.FloatField()
    sum_lat = models.FloatField()

    class Meta:
        constraints = [
            # What an answer reads is in the index (PostgreSQL: an index-only scan).
            models.UniqueConstraint(
                fields=["layer", "level", "cy", "cx"],
                include=["count", "sum_lon", "sum_lat"],
                name="core_mapcell_one_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.layer} ({self.cx}, {self.cy}): {self.count}"


class MapCellBuild(models.Model):
    """When a layer's cells were counted, and the generations they were counted at: they
    are used only while those generations are unchanged (as a cached page is)."""

    layer = models.CharField(max_length=40, primary_key=True)
    #: [[key, generation], …]: what the counting query read, at the moment before it ran.
    dependencies = models.JSONField(default=list)
    #: Unix time after which the clock alone may have changed the layer (a `due` moment).
    expires = models.FloatField(null=True)
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.layer

"""Roadworks: what is dug, built or repaired in the town's streets, when, where (a point or a
line: `core.geo.parse_point_or_line`) and what it changes for those who pass (`Impact`: a
closed road, a detour, a bus line moved…). Residents watch an area (`WatchedArea`: a
neighbourhood, or a circle around an address) and hear when works start there."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parvis.core.geo import Located, PointOrLineField
from parvis.core.paths import object_path


class Works(Located):
    """One works site. `lat`/`lon` (Located) are its anchor, computed from `geometry` by the
    services (the point, or the middle of the line): maps cluster on it and "near me" sorts
    by it. The `bbox_*` columns hold the geometry's box, for the area matching."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(
        _("description"), blank=True, max_length=10_000, help_text=_("Markdown.")
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Empty: not known yet.")
    )
    geometry = PointOrLineField(
        _("place"),
        help_text=_(
            "A GeoJSON Point or LineString, longitude first, as a map tool exports it "
            "(see docs/roadworks.md)."
        ),
    )
    bbox_min_lat = models.FloatField(editable=False, default=0)
    bbox_min_lon = models.FloatField(editable=False, default=0)
    bbox_max_lat = models.FloatField(editable=False, default=0)
    bbox_max_lon = models.FloatField(editable=False, default=0)
    location_text = models.CharField(
        _("where, in words"), max_length=200, blank=True, help_text=_("Street names, a landmark.")
    )
    owner = models.CharField(_("owner"), max_length=160, blank=True, help_text=_("Who orders it."))
    contractor = models.CharField(_("contractor"), max_length=160, blank=True)
    space = models.ForeignKey(
        "spaces.Space",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadworks",
        verbose_name=_("space"),
        help_text=_("The project it belongs to, if any (its page then lists it)."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    #: When residents watching its area were told it started (None: not yet).
    announced_at = models.DateTimeField(_("start announced"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("works")
        verbose_name_plural = pgettext_lazy("plural", "works")
        ordering = ["starts_on", "id"]
        indexes = [
            *Located.Meta.indexes,
            models.Index(fields=["is_published", "starts_on"], name="roadworks_published_start"),
            models.Index(fields=["is_published", "ends_on"], name="roadworks_published_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="roadworks_works_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("roadworks:detail", slug=self.slug)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot come before the start.")})


class ImpactKind(models.TextChoices):
    ROAD_CLOSED = "road_closed", _("Road closed")
    DETOUR = "detour", _("Detour")
    NARROWED = "narrowed", _("Lane narrowed")
    BUS_MOVED = "bus_moved", _("Bus line moved")
    PARKING_REMOVED = "parking_removed", _("Parking removed")
    FOOTPATH = "footpath", _("Footpath changed")
    NOISE = "noise", _("Noise")
    OTHER = "other", _("Other")


class Impact(models.Model):
    works = models.ForeignKey(
        Works, on_delete=models.CASCADE, related_name="impacts", verbose_name=_("works")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImpactKind.choices)
    #: The detour's route, the bus line and its temporary stop, the hours…
    text = models.CharField(_("details"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("impact")
        verbose_name_plural = _("impacts")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["kind", "works"])]

    def __str__(self) -> str:
        return self.get_kind_display()


class Radius(models.IntegerChoices):
    NEAR = 200, _("200 m")
    WALK = 500, _("500 m")
    AREA = 1000, _("1 km")


class WatchedArea(models.Model):
    """An area a resident watches: a neighbourhood (`space`), or a circle of `radius_m`
    around a point (an address they typed). Their e-mails go through the notifications
    outbox: the person follows this object (a `Subscription` to it, made with it), so the
    one-click unsubscribe link of an e-mail stops it, and their language and frequency are
    theirs. The `bbox_*` columns hold the area's box, for the matching's range query."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="watched_areas",
        verbose_name=_("resident"),
    )
    space = models.ForeignKey(
        "spaces.Space",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    radius_m = models.PositiveIntegerField(
        _("radius"), null=True, blank=True, choices=Radius.choices
    )
    #: The address typed, or the neighbourhood's name: the town's words, never translated.
    place = models.CharField(_("place"), max_length=250)
    bbox_min_lat = models.FloatField()
    bbox_min_lon = models.FloatField()
    bbox_max_lat = models.FloatField()
    bbox_max_lon = models.FloatField()
    created_at = models.DateTimeField(_("since"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("watched area")
        verbose_name_plural = _("watched areas")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["bbox_min_lat", "bbox_max_lat", "bbox_min_lon", "bbox_max_lon"],
                name="roadworks_watch_bbox",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        space__isnull=False,
                        lat__isnull=True,
                        lon__isnull=True,
                        radius_m__isnull=True,
                    )
                    | models.Q(
                        space__isnull=True,
                        lat__isnull=False,
                        lon__isnull=False,
                        radius_m__isnull=False,
                    )
                ),
                name="roadworks_watch_space_or_circle",
            ),
            models.UniqueConstraint(
                fields=["user", "space"],
                condition=models.Q(space__isnull=False),
                name="roadworks_watch_space_once",
            ),
        ]

    def __str__(self) -> str:
        # In the reader's language (the e-mail's, the page's): said when asked, not stored.
        if self.radius_m is None:
            return _("Works in %(place)s") % {"place": self.place}
        return _("Works within %(radius)s of %(place)s") % {
            "radius": Radius(self.radius_m).label
            if self.radius_m in Radius.values
            else f"{self.radius_m} m",
            "place": self.place,
        }

    def get_absolute_url(self) -> str:
        return object_path("roadworks:watch")

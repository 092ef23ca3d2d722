"""Positions and areas: GeoJSON (RFC 7946) areas checked with shapely, and small static maps.

Areas are stored as GeoJSON geometry (a Polygon or MultiPolygon, longitude first) with their
bounding box in four indexed columns, so "what is near here" is a range query on any
database and the exact point-in-polygon test runs only on the few candidates.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from shapely.geometry import Point, mapping, shape
from shapely.validation import explain_validity

MAX_VERTICES = 20_000
AREA_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def parse_area(value: Any) -> dict:
    """A clean GeoJSON Polygon or MultiPolygon geometry from text, a geometry or a Feature.

    Raises ValidationError with a message a person can act on.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValidationError(
                _("This is not valid GeoJSON: %(error)s"), code="json", params={"error": exc}
            ) from exc
    if not isinstance(value, dict):
        raise ValidationError(_("Give a GeoJSON Polygon or MultiPolygon."), code="type")
    if value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            raise ValidationError(
                _("A FeatureCollection must hold exactly one area."), code="collection"
            )
        value = features[0]
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
    if value.get("type") not in AREA_TYPES:
        raise ValidationError(
            _("The area must be a Polygon or a MultiPolygon, not %(type)s."),
            code="type",
            params={"type": value.get("type") or "?"},
        )
    try:
        geometry = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        raise ValidationError(
            _("The coordinates of this area cannot be read."), code="coordinates"
        ) from exc
    if geometry.is_empty or geometry.area == 0:
        raise ValidationError(_("This area is empty."), code="empty")
    vertices = sum(
        len(polygon.exterior.coords) for polygon in getattr(geometry, "geoms", [geometry])
    )
    if vertices > MAX_VERTICES:
        raise ValidationError(
            _("This area has too many points (%(count)s; at most %(limit)s)."),
            code="too_many_points",
            params={"count": vertices, "limit": MAX_VERTICES},
        )
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValidationError(
            _("Coordinates must be longitude then latitude, in degrees (WGS 84)."),
            code="range",
        )
    if not geometry.is_valid:
        raise ValidationError(
            _("This area is not a valid shape: %(reason)s."),
            code="invalid",
            params={"reason": explain_validity(geometry)},
        )
    return json.loads(json.dumps(mapping(geometry)))


def area_bbox(area: dict) -> BBox:
    min_lon, min_lat, max_lon, max_lat = shape(area).bounds
    return BBox(min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat)


def area_contains(area: dict, *, lat: float, lon: float) -> bool:
    return shape(area).covers(Point(lon, lat))


def area_centre(area: dict) -> tuple[float, float]:
    """(lat, lon) of a point inside the area, for a marker or a map's centre."""
    point = shape(area).representative_point()
    return point.y, point.x


def area_svg_path(area: dict, *, width: int = 320, height: int = 240, margin: int = 8) -> dict:
    """An SVG path of the area fitted into a box, for a map that needs no script.

    Returns {"d": path, "width": w, "height": h}; latitude is scaled by the cosine of the
    middle latitude so shapes keep their proportions.
    """

    geometry = shape(area)
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * x_scale, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2

    def xy(lon: float, lat: float) -> str:
        x = offset_x + (lon - min_lon) * x_scale * scale
        y = offset_y + (max_lat - lat) * scale
        return f"{x:.1f},{y:.1f}"

    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [xy(lon, lat) for lon, lat in ring.coords]
            parts.append("M" + " L".join(points) + " Z")
    return {"d": " ".join(parts), "width": width, "height": height}


class AreaFormField(forms.CharField):
    """GeoJSON typed or pasted by staff; cleaned into a checked geometry."""

    widget = forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value)
        return value

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_area(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


class AreaField(models.JSONField):
    """A model field holding a checked GeoJSON area; its forms use AreaFormField."""

    def formfield(self, **kwargs: Any) -> Any:
        # Skip JSONField.formfield, which would force its own form class.
        return models.Field.formfield(self, **{"form_class": AreaFormField, **kwargs})

"""Positions and areas: GeoJSON (RFC 7946) areas checked with shapely, and small static maps.

Areas are stored as GeoJSON geometry (a Polygon or MultiPolygon, longitude first) with their
bounding box in four indexed columns, so "what is near here" is a range query on any
database and the exact point-in-polygon test runs only on the few candidates.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, NoReturn

import shapely
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from shapely.errors import ShapelyError
from shapely.geometry import Point, mapping, shape

MAX_VERTICES = 20_000
AREA_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def _refuse_constant(name: str) -> NoReturn:
    # JSON has no NaN or Infinity; Python's reader accepts them unless told otherwise.
    raise ValueError(f"{name} is not a number")


def _unwrap(value: Any) -> Any:
    """The geometry inside a FeatureCollection of one Feature, a Feature, or a geometry."""
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise ValidationError(
                _("A FeatureCollection must hold exactly one area."), code="collection"
            )
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise ValidationError(_("Give a GeoJSON Polygon or MultiPolygon."), code="type")
    kind = value.get("type")
    if kind not in AREA_TYPES:
        if isinstance(kind, str) and kind:
            raise ValidationError(
                _("The area must be a Polygon or a MultiPolygon, not %(type)s."),
                code="type",
                params={"type": kind[:40]},
            )
        raise ValidationError(_("Give a GeoJSON Polygon or MultiPolygon."), code="type")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_coordinates(geometry: dict) -> None:
    """Check the coordinates' structure, ring closure, size and range, before shapely.

    Shapely quietly closes an open ring and accepts positions of any length; GeoJSON
    (RFC 7946 §3.1.6) does not, and a ring left open usually means a point was lost in a
    copy and paste, so it is refused rather than guessed.
    """
    unreadable = ValidationError(
        _("The coordinates of this area cannot be read."), code="coordinates"
    )
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list):
        raise unreadable
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    rings = []
    for polygon in polygons:
        if not isinstance(polygon, list):
            raise unreadable
        for ring in polygon:
            if not isinstance(ring, list):
                raise unreadable
            for position in ring:
                if (
                    not isinstance(position, list)
                    or len(position) not in (2, 3)
                    or not all(_is_number(number) for number in position)
                ):
                    raise unreadable
            rings.append(ring)
    vertices = sum(len(ring) for ring in rings)
    if vertices > MAX_VERTICES:
        raise ValidationError(
            _("This area has too many points (%(count)s; at most %(limit)s)."),
            code="too_many_points",
            params={"count": vertices, "limit": MAX_VERTICES},
        )
    for ring in rings:
        if ring and ring[0][:2] != ring[-1][:2]:
            raise ValidationError(
                _("An outline is not closed: its last point must repeat its first point."),
                code="unclosed",
            )
        if len(ring) < 4:
            raise ValidationError(
                _("Each outline needs at least four points, the last one repeating the first."),
                code="too_few_points",
            )
    for ring in rings:
        for lon, lat, *_altitude in ring:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValidationError(
                    _("Coordinates must be longitude then latitude, in degrees (WGS 84)."),
                    code="range",
                )


_WHERE = re.compile(r"\[(?P<x>[-+0-9.eE]+) (?P<y>[-+0-9.eE]+)")


def _invalid_shape(geometry: Any) -> ValidationError:
    reason = shapely.is_valid_reason(geometry)
    where = _WHERE.search(reason)
    if reason.startswith(("Self-intersection", "Ring Self-intersection")) and where:
        return ValidationError(
            _("The outline of this area crosses itself near latitude %(lat)s, longitude %(lon)s."),
            code="self_intersection",
            params={"lat": round(float(where["y"]), 6), "lon": round(float(where["x"]), 6)},
        )
    return ValidationError(
        _("This area is not a valid shape: %(reason)s."),
        code="invalid",
        params={"reason": reason},
    )


def parse_area(value: Any) -> dict:
    """A clean GeoJSON Polygon or MultiPolygon geometry from text, a geometry or a Feature.

    The result is normalised: a plain geometry (never a Feature), rings oriented as RFC 7946
    asks (outer rings counterclockwise, holes clockwise), coordinates as lists.
    Raises ValidationError with a message a person can act on.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("This is not valid GeoJSON: look at line %(line)s, column %(column)s."),
                code="json",
                params={"line": exc.lineno, "column": exc.colno},
            ) from exc
        except (ValueError, RecursionError) as exc:  # NaN or Infinity; absurdly deep nesting
            raise ValidationError(_("This is not valid GeoJSON."), code="json") from exc
    value = _unwrap(value)
    _check_coordinates(value)
    try:
        geometry = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, ShapelyError) as exc:
        raise ValidationError(
            _("The coordinates of this area cannot be read."), code="coordinates"
        ) from exc
    # A flat or single-point outline covers nothing. Its area is measured once repaired,
    # since a bow-tie's two halves cancel out and would look empty too.
    if geometry.is_empty or shapely.make_valid(geometry).area == 0:
        raise ValidationError(_("This area is empty."), code="empty")
    if not geometry.is_valid:
        raise _invalid_shape(geometry)
    geometry = shapely.orient_polygons(geometry, exterior_cw=False)
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

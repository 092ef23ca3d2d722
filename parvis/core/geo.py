"""Positions and areas: GeoJSON (RFC 7946) areas checked with shapely, and small static maps.

Areas are stored as GeoJSON geometry (a Polygon or MultiPolygon, longitude first) with their
bounding box in four indexed columns, so "what is near here" is a range query on any
database and the exact point-in-polygon test runs only on the few candidates.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np  # comes with shapely, whose arrays it makes
import shapely
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from shapely.errors import ShapelyError
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry

AREA_TYPES = ("Polygon", "MultiPolygon")

# Limits on an area, checked on the plain lists before shapely sees it, because some checks
# cost more than their input's size: GEOS's validity test compares every pair of outline
# pieces whose boxes overlap, and repairing an invalid shape (make_valid) can take minutes and
# gigabytes (1,000 overlapping rings did). A town, a neighbourhood or a project's perimeter
# fits well inside them; anything larger is simplified first (QGIS, mapshaper.org).
# `bench/geometry.py` measures the worst shapes that pass them.
#: Points in the whole area. A town's outline rarely needs more than a few thousand; this
#: leaves room for a detailed one and keeps every linear step well under a second.
MAX_VERTICES = 20_000
#: Points in one outline (an outer ring or a hole): half the total, so one long outline fits.
MAX_RING_VERTICES = 10_000
#: Separate parts of a MultiPolygon. Islands and detached pieces of a town come to a few
#: dozen at most; the pairwise checks between parts (nested outer rings) stay small.
MAX_PARTS = 100
#: Holes in one part (enclaves, a lake, a park left out): a handful in practice.
MAX_HOLES = 100
#: How many outline pieces may overlap, counted as GEOS counts its work (see
#: `_overlap_estimate`). Real outlines, even 20,000 jagged points, stay under a tenth of it;
#: rings that wind around a point hundreds of times exceed it, and are what makes the
#: validity test quadratic. At the limit the test takes a few tens of milliseconds.
MAX_OVERLAPS = 2_000_000


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def _refuse_constant(name: str) -> NoReturn:
    # JSON has no NaN or Infinity; Python's reader accepts them unless told otherwise.
    raise ValueError(f"{name} is not a number")


@dataclass(frozen=True)
class _Kinds:
    """The geometry types a parser accepts, and what it says when given another."""

    types: tuple[str, ...]
    one_only: Any  # a FeatureCollection of several features
    give: Any  # not a geometry at all
    not_type: Any  # another type, named by %(type)s


_AREA = _Kinds(
    types=AREA_TYPES,
    one_only=_("A FeatureCollection must hold exactly one area."),
    give=_("Give a GeoJSON Polygon or MultiPolygon."),
    not_type=_("The area must be a Polygon or a MultiPolygon, not %(type)s."),
)


def _unwrap(value: Any, kinds: _Kinds = _AREA) -> Any:
    """The geometry inside a FeatureCollection of one Feature, a Feature, or a geometry."""
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise ValidationError(kinds.one_only, code="collection")
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise ValidationError(kinds.give, code="type")
    kind = value.get("type")
    if kind not in kinds.types:
        if isinstance(kind, str) and kind:
            raise ValidationError(kinds.not_type, code="type", params={"type": kind[:40]})
        raise ValidationError(kinds.give, code="type")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _too_many(count: int, limit: int, code: str, message: Any) -> None:
    if count > limit:
        raise ValidationError(message, code=code, params={"count": count, "limit": limit})


def _check_coordinates(geometry: dict) -> list[list]:
    """Check the coordinates' structure, size, ring closure and range, before shapely.

    Returns the rings (outer rings and holes, in order). The sizes are checked from the lists'
    lengths before any position is read, so a refusal costs nothing whatever the shape.
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
    _too_many(
        len(polygons),
        MAX_PARTS,
        "too_many_parts",
        _(
            "This area has too many separate parts (%(count)s; at most %(limit)s). "
            "Leave out the smallest ones or merge those that touch."
        ),
    )
    rings = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not all(isinstance(ring, list) for ring in polygon):
            raise unreadable
        _too_many(
            len(polygon) - 1,
            MAX_HOLES,
            "too_many_holes",
            _(
                "A part of this area has too many holes (%(count)s; at most %(limit)s). "
                "Leave out the smallest ones."
            ),
        )
        rings.extend(polygon)
    _too_many(
        sum(len(ring) for ring in rings),
        MAX_VERTICES,
        "too_many_points",
        _("This area has too many points (%(count)s; at most %(limit)s)."),
    )
    for ring in rings:
        _too_many(
            len(ring),
            MAX_RING_VERTICES,
            "too_many_points_in_outline",
            _(
                "An outline of this area has too many points (%(count)s; at most %(limit)s). "
                "Simplify it."
            ),
        )
    for ring in rings:
        for position in ring:
            if (
                not isinstance(position, list)
                or len(position) not in (2, 3)
                or not all(_is_number(number) for number in position)
            ):
                raise unreadable
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
    return rings


def _overlap_estimate(rings: list[list]) -> int:
    """An estimate, in linear-logarithmic time, of the work of GEOS's validity test.

    GEOS cuts every ring into monotone chains (runs of segments heading into the same
    quadrant) and compares each pair of chains whose boxes overlap. Real outlines have small
    chains that overlap only their neighbours; a ring spiralling around a point, or rings
    nested in one another, have thousands of chains whose boxes all overlap, and the test
    becomes quadratic (a 20,000-point spiral: over a second). Counting box overlaps exactly
    would itself be quadratic, so this counts, for each chain, the chains whose extent
    overlaps its own in longitude and those in latitude, and keeps the smaller count: an
    upper bound on its box overlaps that stays close for real shapes (a long north-south
    outline overlaps much in longitude but little in latitude). It over-counts a lattice of
    thousands of small rings, which shares columns with some and rows with others: 100
    parts of 39 square holes each are refused, though no town is drawn like that.
    """
    lows, highs = [], []
    for ring in rings:
        points = np.array([position[:2] for position in ring], dtype=float)
        steps = np.diff(points, axis=0)
        quadrant = (steps[:, 0] < 0) + 2 * (steps[:, 1] < 0)
        starts = np.concatenate(([0], np.flatnonzero(quadrant[1:] != quadrant[:-1]) + 1))
        ends = np.append(starts[1:], len(steps))  # a chain's points: starts[i]..ends[i]
        lows.append(np.minimum(np.minimum.reduceat(points[:-1], starts), points[ends]))
        highs.append(np.maximum(np.maximum.reduceat(points[:-1], starts), points[ends]))
    low, high = np.concatenate(lows), np.concatenate(highs)
    overlapping = []
    for axis in (0, 1):
        # Chains overlapping chain i on this axis: those starting before i ends, less those
        # ending before i starts (which also start before i ends).
        starting = np.searchsorted(np.sort(low[:, axis]), high[:, axis], side="right")
        ended = np.searchsorted(np.sort(high[:, axis]), low[:, axis], side="left")
        overlapping.append(starting - ended)
    return int(np.minimum(*overlapping).sum())


_WHERE = re.compile(r"\[(?P<x>[-+0-9.eE]+) (?P<y>[-+0-9.eE]+)")


# GEOS's reasons (TopologyValidationError) that a person can act on, by how they begin.
_REASONS = {
    "Self-intersection": (
        "self_intersection",
        _("The outline of this area crosses itself near latitude %(lat)s, longitude %(lon)s."),
    ),
    "Ring Self-intersection": (
        "self_intersection",
        _("The outline of this area crosses itself near latitude %(lat)s, longitude %(lon)s."),
    ),
    "Nested shells": (
        "nested_parts",
        _(
            "A part of this area lies inside another part, near latitude %(lat)s, "
            "longitude %(lon)s. Make it a hole of that part, or leave it out."
        ),
    ),
    "Hole lies outside shell": (
        "hole_outside",
        _(
            "A hole of this area lies outside its outline, near latitude %(lat)s, longitude %(lon)s."
        ),
    ),
    "Holes are nested": (
        "nested_holes",
        _(
            "A hole of this area lies inside another hole, near latitude %(lat)s, longitude %(lon)s."
        ),
    ),
    "Interior is disconnected": (
        "disconnected",
        _(
            "The holes of this area cut it in pieces near latitude %(lat)s, longitude %(lon)s. "
            "Make each piece a separate part."
        ),
    ),
}


def _invalid_shape(reason: str) -> ValidationError:
    where = _WHERE.search(reason)
    known = _REASONS.get(reason.split("[", 1)[0].strip())
    if known and where:
        code, message = known
        return ValidationError(
            message,
            code=code,
            params={"lat": round(float(where["y"]), 6), "lon": round(float(where["x"]), 6)},
        )
    return ValidationError(
        _("This area is not a valid shape: %(reason)s."),
        code="invalid",
        params={"reason": reason},
    )


def _load(value: Any) -> Any:
    """GeoJSON text read into lists and dicts (refusing NaN and Infinity); other values as given."""
    if isinstance(value, str):
        try:
            return json.loads(value, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("This is not valid GeoJSON: look at line %(line)s, column %(column)s."),
                code="json",
                params={"line": exc.lineno, "column": exc.colno},
            ) from exc
        except (ValueError, RecursionError) as exc:  # NaN or Infinity; absurdly deep nesting
            raise ValidationError(_("This is not valid GeoJSON."), code="json") from exc
    return value


def parse_area(value: Any) -> dict:
    """A clean GeoJSON Polygon or MultiPolygon geometry from text, a geometry or a Feature.

    The result is normalised: a plain geometry (never a Feature), rings oriented as RFC 7946
    asks (outer rings counterclockwise, holes clockwise), coordinates as lists.
    Raises ValidationError with a message a person can act on.
    """
    value = _unwrap(_load(value))
    rings = _check_coordinates(value)
    if rings and _overlap_estimate(rings) > MAX_OVERLAPS:
        raise ValidationError(
            _(
                "The outlines of this area wind around one another too much to be checked. "
                "Simplify the shape and try again."
            ),
            code="too_intricate",
        )
    # From here every shapely call is bounded by the limits above. Never make_valid():
    # repairing is unbounded, and a person fixes their shape better than a guess would.
    try:
        geometry = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, ShapelyError) as exc:
        raise ValidationError(
            _("The coordinates of this area cannot be read."), code="coordinates"
        ) from exc
    if geometry.is_empty:
        raise ValidationError(_("This area is empty."), code="empty")
    reason = shapely.is_valid_reason(geometry)
    if reason != "Valid Geometry":
        # A flat or single-point outline is invalid but covers nothing: say so, rather
        # than "too few points". Its convex hull has no area (a bow-tie's has).
        if geometry.convex_hull.area == 0:
            raise ValidationError(_("This area is empty."), code="empty")
        raise _invalid_shape(reason)
    geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    return json.loads(json.dumps(mapping(geometry)))


def area_bbox(area: dict) -> BBox:
    min_lon, min_lat, max_lon, max_lat = shape(area).bounds
    return BBox(min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat)


def area_contains(area: dict, *, lat: float, lon: float) -> bool:
    return shape(area).covers(Point(lon, lat))


def prepared_area(area: dict) -> BaseGeometry:
    """The area as a shapely geometry prepared for many containment tests (kept by callers
    that test the same areas again and again, such as `spaces.selectors.spaces_at`)."""
    geometry = shape(area)
    shapely.prepare(geometry)
    return geometry


def areas_covering(
    areas: Iterable[tuple[Any, dict | BaseGeometry]], points: Iterable[tuple[float, float]]
) -> list[list[Any]]:
    """For each (lat, lon) point, the keys of the areas that cover it, in the areas' order.

    An area is GeoJSON or a geometry from `prepared_area`. The rule: a point on an area's
    outline belongs to it (shapely's `covers`), so a point on the border between two
    neighbours belongs to both, and a point on the edge of a hole belongs to the area
    around the hole; a point strictly inside a hole does not. Each area is tested against
    every point at once (vectorised by shapely). Callers pick candidates first by bounding
    box (`parvis.spaces.selectors.spaces_at`).
    """
    coordinates = list(points)
    if not coordinates:
        return []
    found: list[list[Any]] = [[] for _ in coordinates]
    geometries = shapely.points([(lon, lat) for lat, lon in coordinates])
    for key, area in areas:
        geometry = prepared_area(area) if isinstance(area, dict) else area
        for index in np.flatnonzero(shapely.covers(geometry, geometries)):
            found[int(index)].append(key)
    return found


def area_centre(area: dict) -> tuple[float, float]:
    """(lat, lon) of a point inside the area, for a marker or a map's centre."""
    point = shape(area).representative_point()
    return point.y, point.x


# --- points and lines -----------------------------------------------------------------------------

POINT_OR_LINE_TYPES = ("Point", "LineString")
#: Points in a line (a street under works, a detour): a few dozen in practice; this keeps the
#: simplicity test (GEOS noding, n log n) instant and a refusal free, whatever is sent.
MAX_LINE_VERTICES = 2_000

_POINT_OR_LINE = _Kinds(
    types=POINT_OR_LINE_TYPES,
    one_only=_("A FeatureCollection must hold exactly one point or line."),
    give=_("Give a GeoJSON Point or LineString."),
    not_type=_("The place must be a Point or a LineString, not %(type)s."),
)


def _position(value: Any) -> list[float]:
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(_is_number(number) for number in value)
    ):
        raise ValidationError(
            _("The coordinates of this place cannot be read."), code="coordinates"
        )
    lon, lat = value[0], value[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError(
            _("Coordinates must be longitude then latitude, in degrees (WGS 84)."), code="range"
        )
    return [float(lon), float(lat)]


def parse_point_or_line(value: Any) -> dict:
    """A clean GeoJSON Point or LineString from text, a geometry or a Feature.

    Checked as `parse_area` checks areas: numbers only (no NaN), longitude then latitude on
    the globe, at most `MAX_LINE_VERTICES` points (counted before any is read), a line of at
    least two different points that does not cross itself (a line back on its own path is
    refused: draw a detour as its own line). Within the town: `check_town_positions`.
    The result is a plain geometry with 2D coordinates as lists.
    """
    value = _unwrap(_load(value), _POINT_OR_LINE)
    coordinates = value.get("coordinates")
    if value["type"] == "Point":
        return {"type": "Point", "coordinates": _position(coordinates)}
    if not isinstance(coordinates, list):
        raise ValidationError(
            _("The coordinates of this place cannot be read."), code="coordinates"
        )
    _too_many(
        len(coordinates),
        MAX_LINE_VERTICES,
        "too_many_points",
        _("This line has too many points (%(count)s; at most %(limit)s). Simplify it."),
    )
    positions = [_position(position) for position in coordinates]
    if len({tuple(position) for position in positions}) < 2:
        raise ValidationError(
            _("A line needs at least two different points."), code="too_few_points"
        )
    line = shapely.linestrings(positions)
    if not shapely.is_simple(line):
        raise ValidationError(
            _(
                "This line crosses itself. Draw each part of the route as its own works, or "
                "give the route's main line."
            ),
            code="self_intersection",
        )
    return {"type": "LineString", "coordinates": positions}


def check_town_positions(geometry: dict) -> None:
    """Every point of a Point or LineString within the town's extent (MAP_BOUNDS)."""
    bounds = town_bounds()
    for lon, lat in shapely.get_coordinates(shape(geometry)).tolist():
        if not (
            bounds.min_lat <= lat <= bounds.max_lat and bounds.min_lon <= lon <= bounds.max_lon
        ):
            raise ValidationError(_("This place is outside the town."), code="outside")


def geometry_anchor(geometry: dict) -> tuple[float, float]:
    """(lat, lon) of the point standing for a point or a line: the point itself, or the
    middle of the line (half its length along it), which lies on the line."""
    found = shape(geometry)
    point = found if isinstance(found, Point) else found.interpolate(0.5, normalized=True)
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


class GeoJSONFormField(forms.CharField):
    """GeoJSON typed or pasted by staff; cleaned into a checked geometry by `parse`."""

    widget = forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})
    # to_python() is costly and depends only on the value: the back office runs it before
    # its write transaction and reuses the result (`backoffice.guard`).
    costly_to_python = True

    def parse(self, value: Any) -> dict:
        raise NotImplementedError

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value)
        return value

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return self.parse(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


class AreaFormField(GeoJSONFormField):
    """An area (`parse_area`)."""

    def parse(self, value: Any) -> dict:
        return parse_area(value)


class PointOrLineFormField(GeoJSONFormField):
    """A Point or a LineString (`parse_point_or_line`) within the town's extent."""

    widget = forms.Textarea(attrs={"rows": 4, "spellcheck": "false"})

    def parse(self, value: Any) -> dict:
        geometry = parse_point_or_line(value)
        check_town_positions(geometry)
        return geometry


class GeoJSONField(models.JSONField):
    """A model field holding checked GeoJSON; its forms use `form_class`."""

    form_class: type[GeoJSONFormField] = GeoJSONFormField

    def formfield(self, **kwargs: Any) -> Any:
        # Skip JSONField.formfield, which would force its own form class.
        return models.Field.formfield(self, **{"form_class": self.form_class, **kwargs})


class AreaField(GeoJSONField):
    """A model field holding a checked GeoJSON area; its forms use AreaFormField."""

    form_class = AreaFormField


class PointOrLineField(GeoJSONField):
    """A checked GeoJSON Point or LineString; its forms use PointOrLineFormField."""

    form_class = PointOrLineFormField


# --- positions ------------------------------------------------------------------------------------


#: Metres per degree of latitude (mean); a degree of longitude is this times cos(latitude).
METRES_PER_DEGREE = 111_320.0
EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def box_around(*, lat: float, lon: float, radius_m: float) -> BBox:
    """A box slightly larger than the circle of `radius_m` metres around the point: the
    indexed prefilter of a "near" query, whose exact distance is then computed on the few."""
    dlat = radius_m / METRES_PER_DEGREE * 1.01
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return BBox(min_lon=lon - dlon, min_lat=lat - dlat, max_lon=lon + dlon, max_lat=lat + dlat)


def town_bounds() -> BBox:
    """The town's extent (settings.MAP_BOUNDS): where a position may be."""
    from django.conf import settings

    return BBox(*settings.MAP_BOUNDS)


def check_position(*, lat: Any, lon: Any) -> dict[str, ValidationError]:
    """The errors of a position, by field ("lat", "lon"): a number, on the globe, in the town."""
    errors: dict[str, ValidationError] = {}
    for name, value, limit in (("lat", lat, 90), ("lon", lon, 180)):
        if not _is_number(value):
            errors[name] = ValidationError(_("Give a number of degrees."), code="number")
        elif not -limit <= value <= limit:
            errors[name] = ValidationError(_("This is not a position on the globe."), code="range")
    if errors:
        return errors
    bounds = town_bounds()
    if not (bounds.min_lat <= lat <= bounds.max_lat and bounds.min_lon <= lon <= bounds.max_lon):
        message = _("This position is outside the town.")
        errors["lat"] = ValidationError(message, code="outside")
        errors["lon"] = ValidationError(message, code="outside")
    return errors


class Located(models.Model):
    """A position as two indexed float columns (WGS 84 degrees), on any database.

    A model that has a place on a map inherits it (its Meta inherits `Located.Meta` to keep
    the index); `parvis.core.maps` reads `lat` and `lon`. The index on (lat, lon) serves the
    box queries of the map layers: a range on lat, then lon read from the index.
    """

    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["lat", "lon"], name="%(app_label)s_%(class)s_latlon")]

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skip = set(exclude or ())
        for name, error in check_position(lat=self.lat, lon=self.lon).items():
            if name not in skip and name not in errors:
                errors[name] = [error]
        if errors:
            raise ValidationError(errors)

"""The demo town's map: an irregular town outline cut into ten neighbourhoods.

Everything is computed in a local plane in kilometres (x east, y north) around the town's
centre, then turned into GeoJSON longitude/latitude. The neighbourhoods are the Voronoi cells
of jittered seed points (one at the centre, an inner ring and an outer ring), clipped to the
outline; their shared borders are then bent a little, the same way for both sides, so they
read like streets and streams rather than a geometry lesson. A seeded `random.Random` per
purpose makes the result identical on every run.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry as Geometry
from shapely.ops import polygonize, unary_union

SEED = "villeneuve-du-parvis"
#: Mean radius of the town, in kilometres: about 4.5 km across.
TOWN_RADIUS_KM = 2.3
#: Coordinates are rounded to about 10 cm (1e-6 degree), like a surveyed map.
PRECISION_DEG = 1e-6
KM_PER_DEG_LAT = 110.574


@dataclass(frozen=True)
class Seed:
    """Where a neighbourhood's seed point lies: distance from the centre and bearing."""

    key: str
    radius_km: float
    bearing_deg: float  # 0 = east, 90 = north (counter-clockwise, like the plane)


class LocalPlane:
    """Kilometres around a centre ↔ longitude/latitude (equirectangular, fine for a town)."""

    def __init__(self, *, centre_lat: float, centre_lon: float) -> None:
        self.lat0 = centre_lat
        self.lon0 = centre_lon
        self.km_per_deg_lon = 111.320 * math.cos(math.radians(centre_lat))

    def to_lonlat(self, geometry: Geometry) -> Geometry:
        return shapely.transform(
            geometry,
            lambda xy: [
                (self.lon0 + x / self.km_per_deg_lon, self.lat0 + y / KM_PER_DEG_LAT) for x, y in xy
            ],
        )


def _polar(radius: float, bearing_deg: float) -> tuple[float, float]:
    angle = math.radians(bearing_deg)
    return radius * math.cos(angle), radius * math.sin(angle)


def town_outline() -> Polygon:
    """An irregular, roughly round outline in the local plane (km)."""
    rng = random.Random(f"{SEED}:outline")
    harmonics = [
        (k, rng.uniform(0.03, 0.11) / k**0.5, rng.uniform(0, 2 * math.pi)) for k in (2, 3, 5)
    ]
    points = []
    steps = 72
    for i in range(steps):
        theta = 2 * math.pi * i / steps
        radius = TOWN_RADIUS_KM * (
            1
            + sum(amplitude * math.sin(k * theta + phase) for k, amplitude, phase in harmonics)
            + rng.uniform(-0.02, 0.02)
        )
        points.append((radius * math.cos(theta), radius * math.sin(theta)))
    return Polygon(points)


def _seed_points(seeds: list[Seed]) -> dict[str, Point]:
    rng = random.Random(f"{SEED}:seeds")
    points = {}
    for seed in seeds:
        radius = max(0.0, seed.radius_km + rng.uniform(-0.12, 0.12))
        bearing = seed.bearing_deg + rng.uniform(-9, 9)
        x, y = _polar(radius, bearing)
        points[seed.key] = Point(x + rng.uniform(-0.05, 0.05), y + rng.uniform(-0.05, 0.05))
    return points


def _bend(segment: LineString, rng: random.Random) -> LineString:
    """The segment as a gently wavy line with the same two ends (midpoint displacement)."""
    (x0, y0), (x1, y1) = segment.coords[0], segment.coords[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 0.25:
        return segment
    # Unit normal to the segment: the bends go sideways, never along it.
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    points = [(x0, y0)]
    pieces = max(4, int(length / 0.12))
    phase = rng.uniform(0, 2 * math.pi)
    amplitude = min(0.06, length * 0.05)
    for i in range(1, pieces):
        t = i / pieces
        # sin(pi t) keeps the ends fixed, so the border still meets its neighbours exactly.
        offset = (
            amplitude
            * math.sin(math.pi * t)
            * (0.7 * math.sin(2 * math.pi * t * 1.5 + phase) + 0.3 * rng.uniform(-1, 1))
        )
        points.append((x0 + (x1 - x0) * t + nx * offset, y0 + (y1 - y0) * t + ny * offset))
    points.append((x1, y1))
    return LineString(points)


def neighbourhood_areas(*, seeds: list[Seed], centre: tuple[float, float]) -> dict[str, dict]:
    """{seed key: GeoJSON Polygon (lon, lat)} tiling the town outline without overlaps.

    Raises RuntimeError if the cut does not give exactly one valid area per seed, which would
    mean the constants above were changed carelessly (the result is the same on every run).
    """
    outline = town_outline()
    points = _seed_points(seeds)
    cells = shapely.voronoi_polygons(
        MultiPoint(list(points.values())), extend_to=outline.buffer(1.0)
    )
    clipped = [cell.intersection(outline) for cell in cells.geoms]

    # Bend the inner borders once each; the outline keeps its own shape.
    rng = random.Random(f"{SEED}:borders")
    linework = unary_union([cell.boundary for cell in clipped])
    ring = outline.exterior
    lines = []
    for line in getattr(linework, "geoms", [linework]):
        coords = list(line.coords)
        for start, end in itertools.pairwise(coords):
            segment = LineString([start, end])
            if segment.centroid.distance(ring) < 1e-9:
                lines.append(segment)
            else:
                # Order the ends so that the result does not depend on GEOS's line direction.
                lines.append(_bend(LineString(sorted([start, end])), rng))
    faces = list(polygonize(unary_union(lines)))

    plane = LocalPlane(centre_lat=centre[0], centre_lon=centre[1])
    areas: dict[str, dict] = {}
    for key, point in points.items():
        matching = [face for face in faces if face.contains(point)]
        if len(matching) != 1:
            raise RuntimeError(f"The demo map has no single area for {key!r}.")
        geometry = shapely.set_precision(plane.to_lonlat(matching[0]), PRECISION_DEG)
        if not isinstance(geometry, Polygon) or not geometry.is_valid:
            raise RuntimeError(f"The demo area of {key!r} is not a valid polygon.")
        areas[key] = _geojson(geometry)
    if len(faces) != len(points):
        raise RuntimeError("The demo map has more areas than neighbourhoods.")
    return areas


def corridor_area(
    *, path_km: list[tuple[float, float]], width_km: float, centre: tuple[float, float]
) -> dict:
    """A corridor of `width_km` along a path (e.g. a tram line), clipped to the town."""
    outline = town_outline()
    corridor = LineString(path_km).buffer(width_km / 2, quad_segs=4).intersection(outline)
    plane = LocalPlane(centre_lat=centre[0], centre_lon=centre[1])
    return _geojson(shapely.set_precision(plane.to_lonlat(corridor), PRECISION_DEG))


def _geojson(geometry: Geometry) -> dict:
    """Plain lists (not tuples), counter-clockwise outer rings as RFC 7946 asks."""
    geometry = shapely.orient_polygons(geometry)
    data = mapping(geometry)

    def listify(value: object) -> object:
        if isinstance(value, list | tuple):
            return [listify(item) for item in value]
        return round(value, 6) if isinstance(value, float) else value

    return {"type": data["type"], "coordinates": listify(data["coordinates"])}

"""Areas typed or pasted by staff are checked, normalised, and drawn without script."""

from __future__ import annotations

import json
import math
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from parvis.core import geo
from parvis.core.geo import (
    MAX_HOLES,
    MAX_OVERLAPS,
    MAX_PARTS,
    MAX_RING_VERTICES,
    MAX_VERTICES,
    AreaFormField,
    area_bbox,
    area_centre,
    area_contains,
    area_svg_path,
    parse_area,
)

# A neighbourhood of the demo town, drawn clockwise (as many tools draw it), longitude first.
SQUARE_CW = [[1.68, 46.80], [1.68, 46.82], [1.70, 46.82], [1.70, 46.80], [1.68, 46.80]]
SQUARE_CCW = [[1.68, 46.80], [1.70, 46.80], [1.70, 46.82], [1.68, 46.82], [1.68, 46.80]]
HOLE_CW = [[1.685, 46.805], [1.685, 46.815], [1.695, 46.815], [1.695, 46.805], [1.685, 46.805]]
ISLAND_CCW = [[1.72, 46.80], [1.73, 46.80], [1.73, 46.81], [1.72, 46.81], [1.72, 46.80]]
POLYGON = {"type": "Polygon", "coordinates": [SQUARE_CW]}


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def refusal(value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_area(value)
    return caught.value


def test_a_polygon_is_accepted_with_its_outer_ring_turned_counterclockwise():
    assert parse_area(POLYGON) == {"type": "Polygon", "coordinates": [SQUARE_CCW]}


def test_a_polygon_with_a_hole_keeps_the_hole_clockwise():
    area = parse_area({"type": "Polygon", "coordinates": [SQUARE_CCW, HOLE_CW[::-1]]})

    assert area == {"type": "Polygon", "coordinates": [SQUARE_CCW, HOLE_CW]}


def test_a_multipolygon_is_accepted():
    value = {"type": "MultiPolygon", "coordinates": [[SQUARE_CW], [ISLAND_CCW]]}

    assert parse_area(value) == {
        "type": "MultiPolygon",
        "coordinates": [[SQUARE_CCW], [ISLAND_CCW]],
    }


def test_a_feature_and_a_collection_of_one_feature_give_their_geometry():
    feature = {"type": "Feature", "properties": {"name": "Centre"}, "geometry": POLYGON}
    collection = {"type": "FeatureCollection", "features": [feature]}

    assert parse_area(feature) == {"type": "Polygon", "coordinates": [SQUARE_CCW]}
    assert parse_area(collection) == {"type": "Polygon", "coordinates": [SQUARE_CCW]}
    assert parse_area(json.dumps(collection)) == {"type": "Polygon", "coordinates": [SQUARE_CCW]}


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        pytest.param(
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "self_intersection",
            (
                "The outline of this area crosses itself near latitude %(lat)s, longitude %(lon)s.",
                {"lat": 0.5, "lon": 0.5},
            ),
            id="bow-tie",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [SQUARE_CW[:-1]]},
            "unclosed",
            ("An outline is not closed: its last point must repeat its first point.", {}),
            id="unclosed-ring",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [[[1.68, 46.8], [1.7, 46.8], [1.68, 46.8]]]},
            "too_few_points",
            ("Each outline needs at least four points, the last one repeating the first.", {}),
            id="two-points",
        ),
        pytest.param(
            # Wellington, written latitude first: a latitude of 174.7° does not exist.
            {
                "type": "Polygon",
                "coordinates": [[[-41.3, 174.7], [-41.2, 174.7], [-41.2, 174.8], [-41.3, 174.7]]],
            },
            "range",
            ("Coordinates must be longitude then latitude, in degrees (WGS 84).", {}),
            id="lat-lon-swapped",
        ),
        pytest.param(
            {"type": "Point", "coordinates": [1.69, 46.81]},
            "type",
            ("The area must be a Polygon or a MultiPolygon, not %(type)s.", {"type": "Point"}),
            id="point",
        ),
        pytest.param(
            {"type": "LineString", "coordinates": [[1.68, 46.8], [1.7, 46.8]]},
            "type",
            (
                "The area must be a Polygon or a MultiPolygon, not %(type)s.",
                {"type": "LineString"},
            ),
            id="linestring",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": []},
            "empty",
            ("This area is empty.", {}),
            id="empty-polygon",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [[[1, 1], [1, 1], [1, 1], [1, 1]]]},
            "empty",
            ("This area is empty.", {}),
            id="zero-area",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [2, 0], [0, 0]]]},
            "empty",
            ("This area is empty.", {}),
            id="flat",
        ),
        pytest.param(
            {"type": "FeatureCollection", "features": []},
            "collection",
            ("A FeatureCollection must hold exactly one area.", {}),
            id="empty-collection",
        ),
        pytest.param(
            {"type": "FeatureCollection", "features": [{"type": "Feature"}] * 2},
            "collection",
            ("A FeatureCollection must hold exactly one area.", {}),
            id="two-features",
        ),
        pytest.param(
            {"type": "FeatureCollection", "features": [1]},
            "type",
            ("Give a GeoJSON Polygon or MultiPolygon.", {}),
            id="feature-not-an-object",
        ),
        pytest.param(
            {"type": "Feature", "geometry": None},
            "type",
            ("Give a GeoJSON Polygon or MultiPolygon.", {}),
            id="feature-without-geometry",
        ),
        pytest.param(
            [1, 2, 3], "type", ("Give a GeoJSON Polygon or MultiPolygon.", {}), id="a-list"
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": "around the church"},
            "coordinates",
            ("The coordinates of this area cannot be read.", {}),
            id="coordinates-text",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]},
            "coordinates",
            ("The coordinates of this area cannot be read.", {}),
            id="coordinates-not-numbers",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [[[True, 1], [1, 2], [2, 2], [True, 1]]]},
            "coordinates",
            ("The coordinates of this area cannot be read.", {}),
            id="coordinates-booleans",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [[SQUARE_CW]]},
            "coordinates",
            ("The coordinates of this area cannot be read.", {}),
            id="nested-too-deep",
        ),
    ],
)
def test_bad_areas_are_refused_with_a_clear_message(value, code, message):
    error = refusal(value)

    text, params = message
    assert error.code == code
    assert error.messages == [gettext(text) % params if params else gettext(text)]


def test_too_many_vertices_counting_holes_is_refused():
    # A square outline with a hole made of many points: the hole's points count too.
    hole = [[1.69 + 0.001 * (i / MAX_VERTICES), 46.81] for i in range(MAX_VERTICES)]
    hole = [*hole, [1.6905, 46.8105], hole[0]]

    error = refusal({"type": "Polygon", "coordinates": [SQUARE_CCW, hole]})

    assert error.code == "too_many_points"
    assert error.messages == [
        gettext("This area has too many points (%(count)s; at most %(limit)s).")
        % {"count": MAX_VERTICES + 2 + len(SQUARE_CCW), "limit": MAX_VERTICES}
    ]


def circle(lon: float, lat: float, radius: float, points: int) -> list:
    """A closed ring of `points` points, counterclockwise (the last repeats the first)."""
    ring = [
        [
            lon + radius * math.cos(2 * math.pi * i / (points - 1)),
            lat + radius * math.sin(2 * math.pi * i / (points - 1)),
        ]
        for i in range(points - 1)
    ]
    return [*ring, ring[0]]


def the_issues_boundary() -> dict:
    """From the attack pass: 1,000 overlapping 19-point rings, 19,000 points in all."""
    return {
        "type": "MultiPolygon",
        "coordinates": [
            [circle(1.69 + 0.0001 * i, 46.81 + 0.0001 * i, 0.01, 19)] for i in range(1_000)
        ],
    }


def spiral(turns: int, per_turn: int) -> list:
    """A band winding `turns` times around a point: a valid ring, each turn the last scaled."""
    inner, outer = [], []
    for i in range(turns * per_turn + 1):
        angle = 2 * math.pi * i / per_turn
        radius = 0.001 * (1 + i / per_turn)
        inner.append([1.69 + radius * math.cos(angle), 46.81 + radius * math.sin(angle)])
        outer.append(
            [
                1.69 + (radius + 0.0004) * math.cos(angle),
                46.81 + (radius + 0.0004) * math.sin(angle),
            ]
        )
    ring = inner + outer[::-1]
    return [*ring, ring[0]]


class NoShapely:
    """Stands for shapely in `parvis.core.geo`: any use of it fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"shapely.{name} was reached")

    def __call__(self, *args, **kwargs):
        raise AssertionError("shapely was reached")


@pytest.fixture
def without_shapely(monkeypatch):
    """Prove a refusal costs no geometry work: shapely is out of parvis.core.geo's reach."""
    monkeypatch.setattr(geo, "shapely", NoShapely())
    monkeypatch.setattr(geo, "shape", NoShapely())


def test_the_issues_boundary_is_refused_from_its_size_alone(without_shapely):
    # 19,000 points passes MAX_VERTICES; the number of parts is read from the list's length,
    # so the refusal costs the same whatever the rings hold (make_valid took minutes here).
    error = refusal(the_issues_boundary())

    assert error.code == "too_many_parts"
    assert error.messages == [
        gettext(
            "This area has too many separate parts (%(count)s; at most %(limit)s). "
            "Leave out the smallest ones or merge those that touch."
        )
        % {"count": 1_000, "limit": MAX_PARTS}
    ]


def test_too_many_holes_in_one_part_are_refused(without_shapely):
    holes = [circle(1.69, 46.81, 0.001, 5)[::-1] for _ in range(MAX_HOLES + 1)]

    error = refusal({"type": "Polygon", "coordinates": [SQUARE_CCW, *holes]})

    assert error.code == "too_many_holes"
    assert error.messages == [
        gettext(
            "A part of this area has too many holes (%(count)s; at most %(limit)s). "
            "Leave out the smallest ones."
        )
        % {"count": MAX_HOLES + 1, "limit": MAX_HOLES}
    ]


def test_an_outline_with_too_many_points_is_refused(without_shapely):
    long_ring = circle(1.69, 46.81, 0.01, MAX_RING_VERTICES + 1)

    error = refusal({"type": "Polygon", "coordinates": [long_ring]})

    assert error.code == "too_many_points_in_outline"
    assert error.messages == [
        gettext(
            "An outline of this area has too many points (%(count)s; at most %(limit)s). "
            "Simplify it."
        )
        % {"count": MAX_RING_VERTICES + 1, "limit": MAX_RING_VERTICES}
    ]


def test_a_ring_winding_around_itself_is_refused_before_the_costly_validity_test(
    without_shapely,
):
    # 999 turns of 5 points: valid, but GEOS's validity test compares every pair of its
    # thousands of nested pieces (about a second for two of them); the estimate is linear.
    ring = spiral(999, 5)
    assert len(ring) < MAX_RING_VERTICES

    error = refusal({"type": "Polygon", "coordinates": [ring]})

    assert error.code == "too_intricate"
    assert error.messages == [
        gettext(
            "The outlines of this area wind around one another too much to be checked. "
            "Simplify the shape and try again."
        )
    ]


def test_the_estimate_lets_through_large_real_shapes():
    # Detailed outlines at the limits: two 10,000-point circles, and the same with a hole of
    # 100 points in each of 99 parts; their estimate stays far below the limit.
    circles = {
        "type": "MultiPolygon",
        "coordinates": [
            [circle(1.69, 46.81, 0.01, MAX_RING_VERTICES)],
            [circle(1.73, 46.81, 0.01, MAX_RING_VERTICES)],
        ],
    }
    parts = {
        "type": "MultiPolygon",
        "coordinates": [
            [
                circle(1.6 + 0.03 * (i % 10), 46.8 + 0.03 * (i // 10), 0.01, 100),
                circle(1.6 + 0.03 * (i % 10), 46.8 + 0.03 * (i // 10), 0.005, 100)[::-1],
            ]
            for i in range(MAX_PARTS - 1)
        ],
    }

    for area in (circles, parts):
        rings = [ring for part in area["coordinates"] for ring in part]
        assert geo._overlap_estimate(rings) < MAX_OVERLAPS / 10
        assert parse_area(area)["type"] == "MultiPolygon"


@pytest.mark.parametrize(
    ("value", "code", "message", "where"),
    [
        pytest.param(
            {"type": "MultiPolygon", "coordinates": [[SQUARE_CCW], [HOLE_CW[::-1]]]},
            "nested_parts",
            "A part of this area lies inside another part, near latitude %(lat)s, "
            "longitude %(lon)s. Make it a hole of that part, or leave it out.",
            (46.805, 1.685),
            id="part-inside-a-part",
        ),
        pytest.param(
            {"type": "Polygon", "coordinates": [SQUARE_CCW, ISLAND_CCW[::-1]]},
            "hole_outside",
            "A hole of this area lies outside its outline, near latitude %(lat)s, "
            "longitude %(lon)s.",
            (46.80, 1.72),
            id="hole-outside",
        ),
        pytest.param(
            {
                "type": "Polygon",
                "coordinates": [
                    SQUARE_CCW,
                    HOLE_CW,
                    [
                        [1.688, 46.808],
                        [1.688, 46.812],
                        [1.692, 46.812],
                        [1.692, 46.808],
                        [1.688, 46.808],
                    ],
                ],
            },
            "nested_holes",
            "A hole of this area lies inside another hole, near latitude %(lat)s, "
            "longitude %(lon)s.",
            (46.808, 1.688),
            id="hole-in-a-hole",
        ),
        pytest.param(
            {
                "type": "Polygon",
                "coordinates": [
                    SQUARE_CCW,
                    [[1.68, 46.81], [1.69, 46.80], [1.70, 46.81], [1.69, 46.82], [1.68, 46.81]],
                ],
            },
            "disconnected",
            "The holes of this area cut it in pieces near latitude %(lat)s, longitude %(lon)s. "
            "Make each piece a separate part.",
            None,
            id="hole-cutting-it-in-pieces",
        ),
    ],
)
def test_shapes_that_do_not_hold_together_say_where_and_what_to_do(value, code, message, where):
    error = refusal(value)

    assert error.code == code
    if where is None:  # GEOS names one of the touching corners; any of them is right
        where = (error.params["lat"], error.params["lon"])
        assert where in {(46.81, 1.68), (46.80, 1.69), (46.81, 1.70), (46.82, 1.69)}
    assert error.messages == [gettext(message) % {"lat": where[0], "lon": where[1]}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"type": "Polygon", ',
            ("This is not valid GeoJSON: look at line %(line)s, column %(column)s.", (1, 21)),
        ),
        (
            '{\n  "type": "Polygon",\n  "coordinates": [[1, 2],]\n}',
            ("This is not valid GeoJSON: look at line %(line)s, column %(column)s.", (3, 26)),
        ),
        (
            "around the church",
            ("This is not valid GeoJSON: look at line %(line)s, column %(column)s.", (1, 1)),
        ),
        (
            '{"type": "Polygon", "coordinates": [[[NaN, 1], [1, 1], [1, 0], [NaN, 1]]]}',
            ("This is not valid GeoJSON.", None),
        ),
        (
            '{"type": "Polygon", "coordinates": [[[Infinity, 1], [1, 1], [1, 0], [1, 1]]]}',
            ("This is not valid GeoJSON.", None),
        ),
        ("[" * 100_000 + "]" * 100_000, ("This is not valid GeoJSON.", None)),
    ],
    ids=["cut-short", "trailing-comma", "prose", "nan", "infinity", "deeply-nested"],
)
def test_broken_json_is_refused_with_a_clear_message(text, message):
    error = refusal(text)

    template, where = message
    assert error.code == "json"
    if where:
        expected = gettext(template) % {"line": where[0], "column": where[1]}
    else:
        expected = gettext(template)
    assert error.messages == [expected]


def test_the_form_field_reports_the_error_next_to_the_field_and_accepts_empty():
    field = AreaFormField(required=False)

    assert field.clean("") is None
    assert field.clean(json.dumps(POLYGON)) == {"type": "Polygon", "coordinates": [SQUARE_CCW]}
    with pytest.raises(ValidationError) as caught:
        field.clean('{"type": "Point", "coordinates": [1, 2]}')
    assert caught.value.messages == [
        gettext("The area must be a Polygon or a MultiPolygon, not %(type)s.") % {"type": "Point"}
    ]
    # The stored dict is shown back as JSON text, not as a Python repr.
    assert json.loads(field.prepare_value(parse_area(POLYGON))) == parse_area(POLYGON)


def test_bbox_contains_and_centre():
    area = parse_area({"type": "Polygon", "coordinates": [SQUARE_CCW, HOLE_CW]})

    box = area_bbox(area)
    assert (box.min_lon, box.min_lat, box.max_lon, box.max_lat) == (1.68, 46.80, 1.70, 46.82)
    assert area_contains(area, lat=46.801, lon=1.681) is True
    assert area_contains(area, lat=46.80, lon=1.69) is True  # on the boundary counts as inside
    assert area_contains(area, lat=46.81, lon=1.69) is False  # in the hole
    assert area_contains(area, lat=46.83, lon=1.69) is False  # north of it
    lat, lon = area_centre(area)
    assert area_contains(area, lat=lat, lon=lon) is True


def test_the_svg_path_draws_every_ring_inside_the_box():
    area = parse_area(
        {"type": "MultiPolygon", "coordinates": [[SQUARE_CCW, HOLE_CW], [ISLAND_CCW]]}
    )

    svg = area_svg_path(area, width=320, height=240, margin=8)

    assert (svg["width"], svg["height"]) == (320, 240)
    subpaths = svg["d"].split(" Z")
    assert subpaths[-1] == ""
    assert len(subpaths) - 1 == 3  # outer ring, hole, island
    assert re.fullmatch(r"(M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+ Z ?)+", svg["d"])
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"[\d.]+,[\d.]+", svg["d"])]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert min(xs) >= 8 - 0.05 and max(xs) <= 320 - 8 + 0.05
    assert min(ys) >= 8 - 0.05 and max(ys) <= 240 - 8 + 0.05
    # The shape fills the box along one side at least (it is scaled to fit, not left tiny).
    assert max(xs) - min(xs) >= 320 - 16 - 0.2 or max(ys) - min(ys) >= 240 - 16 - 0.2
    # North is up: the northern edge of the square (46.82) is above its southern edge.
    first_ring = [
        tuple(map(float, p.split(","))) for p in re.findall(r"[\d.]+,[\d.]+", subpaths[0])
    ]
    north = [y for (x, y), (lon, lat) in zip(first_ring, SQUARE_CCW, strict=True) if lat == 46.82]
    south = [y for (x, y), (lon, lat) in zip(first_ring, SQUARE_CCW, strict=True) if lat == 46.80]
    assert max(north) < min(south)


# --- which areas cover a point ------------------------------------------------------------

# Two squares side by side sharing the border lon = 1; the west one has a square hole.
WEST = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
        [[0.4, 0.4], [0.4, 0.6], [0.6, 0.6], [0.6, 0.4], [0.4, 0.4]],
    ],
}
EAST = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}


def test_areas_covering_tells_inside_outside_hole_and_border():
    points = [
        (0.2, 0.2),  # inside the west square
        (0.5, 1.5),  # inside the east square
        (0.5, 3.0),  # outside both
        (0.5, 0.5),  # in the west square's hole: outside it
        (0.4, 0.5),  # on the hole's edge: the edge belongs to the area
        (0.5, 1.0),  # on the shared border: both
        (0.0, 0.0),  # a corner of the west square
    ]
    assert geo.areas_covering([("west", WEST), ("east", EAST)], points) == [
        ["west"],
        ["east"],
        [],
        [],
        ["west"],
        ["west", "east"],
        ["west"],
    ]


def test_areas_covering_with_no_points_or_no_areas():
    assert geo.areas_covering([("west", WEST)], []) == []
    assert geo.areas_covering([], [(0.2, 0.2)]) == [[]]

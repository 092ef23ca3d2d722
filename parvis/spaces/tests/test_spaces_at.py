"""The neighbourhood of a point: candidates by bounding box, then point in polygon."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.spaces.models import SpaceKind
from parvis.spaces.selectors import space_at, spaces_at
from parvis.spaces.services import space_save
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db

# West and east squares sharing the border lon = 1.0; the west one has a hole.
WEST = {
    "type": "Polygon",
    "coordinates": [
        [[0.0, 45.0], [1.0, 45.0], [1.0, 46.0], [0.0, 46.0], [0.0, 45.0]],
        [[0.4, 45.4], [0.4, 45.6], [0.6, 45.6], [0.6, 45.4], [0.4, 45.4]],
    ],
}
EAST = {
    "type": "Polygon",
    "coordinates": [[[1.0, 45.0], [2.0, 45.0], [2.0, 46.0], [1.0, 46.0], [1.0, 45.0]]],
}


@pytest.fixture
def squares():
    west = make_space("ouest", boundary=WEST)
    east = make_space("est", boundary=EAST)
    make_space("tram", kind=SpaceKind.PROJECT, boundary=EAST)
    make_space("sans-carte")  # no boundary: never a candidate
    return west, east


def test_each_point_gets_its_neighbourhood(squares):
    west, east = squares
    assert spaces_at(
        [
            (45.2, 0.2),  # inside west
            (45.5, 1.5),  # inside east
            (47.0, 0.5),  # outside both
            (45.5, 0.5),  # in west's hole
            (45.5, 0.4),  # on the hole's edge: west
            (45.5, 1.0),  # on the shared border: the space created first, west
        ]
    ) == [west, east, None, None, west, west]
    assert space_at(lat=45.5, lon=1.5) == east


def test_other_kinds_are_asked_for_by_name(squares):
    tram = spaces_at([(45.5, 1.5)], kind=SpaceKind.PROJECT)[0]
    assert tram is not None and tram.slug == "tram"


def test_unpublished_spaces_hold_nothing(squares):
    west, _east = squares
    west.is_published = False
    west.save()
    assert space_at(lat=45.2, lon=0.2) is None


def test_one_query_whatever_the_number_of_points(squares):
    points = [(45.0 + i / 1000, 0.1 + i / 600) for i in range(1000)]
    with CaptureQueriesContext(connection) as queries:
        spaces_at(points)
    # The first time: the candidates, then their boundaries (kept for the next calls).
    assert len(queries) == 2
    with CaptureQueriesContext(connection) as queries:
        found = spaces_at(points)
    assert len(queries) == 1
    assert found[0] == squares[0]
    assert spaces_at([]) == []


def test_a_changed_boundary_is_read_again(squares):
    west, _east = squares
    assert space_at(lat=45.5, lon=0.5) is None  # in the hole
    west.boundary = {
        "type": "Polygon",
        "coordinates": [[[0.0, 45.0], [1.0, 45.0], [1.0, 46.0], [0.0, 46.0], [0.0, 45.0]]],
    }
    space_save(space=west, actor=None)
    assert space_at(lat=45.5, lon=0.5) == west

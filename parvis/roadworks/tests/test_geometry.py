"""The place of a works: a GeoJSON Point or LineString, checked before anything is saved
(core.geo.parse_point_or_line and the town check of the services)."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError

from parvis.core.geo import geometry_anchor, parse_point_or_line
from parvis.roadworks.models import Works
from parvis.roadworks.services import check_place, works_save
from parvis.roadworks.tests.factories import days, make_town, make_works, point

LINE = {"type": "LineString", "coordinates": [[1.685, 46.81], [1.695, 46.81]]}


def codes(value):
    with pytest.raises(ValidationError) as caught:
        parse_point_or_line(value)
    return caught.value.code


def test_a_point_and_a_line_are_cleaned_to_plain_geometries():
    assert parse_point_or_line('{"type": "Point", "coordinates": [1.69, 46.81, 120]}') == {
        "type": "Point",
        "coordinates": [1.69, 46.81],
    }
    feature = {"type": "Feature", "properties": {}, "geometry": LINE}
    assert parse_point_or_line(feature) == LINE


def test_the_anchor_of_a_line_is_its_middle_along_it():
    lat, lon = geometry_anchor(LINE)
    assert (round(lat, 6), round(lon, 6)) == (46.81, 1.69)
    assert geometry_anchor(point(46.811, 1.691)) == (46.811, 1.691)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ('{"type": "Point", "coordinates": [NaN, 46.81]}', "json"),
        ({"type": "Point", "coordinates": [float("nan"), 46.81]}, "coordinates"),
        ({"type": "Point", "coordinates": [float("inf"), 46.81]}, "coordinates"),
        ({"type": "Point", "coordinates": ["1.69", 46.81]}, "coordinates"),
        ({"type": "Point", "coordinates": [True, 46.81]}, "coordinates"),
        ({"type": "Point", "coordinates": [46.81, 200]}, "range"),
        ({"type": "Polygon", "coordinates": []}, "type"),
        ({"type": "LineString", "coordinates": [[1.69, 46.81]]}, "too_few_points"),
        ({"type": "LineString", "coordinates": [[1.69, 46.81], [1.69, 46.81]]}, "too_few_points"),
        ({"type": "LineString", "coordinates": "1.69 46.81"}, "coordinates"),
        ("not json", "json"),
        ([], "type"),
    ],
)
def test_bad_places_are_refused_with_a_reason(value, code):
    assert codes(value) == code


def test_a_line_that_crosses_itself_is_refused():
    bow = [[1.685, 46.805], [1.695, 46.815], [1.695, 46.805], [1.685, 46.815]]
    assert codes({"type": "LineString", "coordinates": bow}) == "self_intersection"


def test_a_million_points_are_refused_at_once():
    huge = {"type": "LineString", "coordinates": [[1.69, 46.81]] * 1_000_000}
    started = time.perf_counter()
    assert codes(huge) == "too_many_points"
    assert time.perf_counter() - started < 0.5


@pytest.mark.django_db
def test_a_place_outside_the_town_is_refused(settings):
    make_town()
    with pytest.raises(ValidationError) as caught:
        check_place(point(46.9, 1.69))  # within the map's bounds, outside every neighbourhood
    assert caught.value.code == "outside"
    settings.MAP_BOUNDS = (1.685, 46.805, 1.695, 46.815)
    with pytest.raises(ValidationError):
        check_place(LINE | {"coordinates": [[1.681, 46.81], [1.69, 46.81]]})


@pytest.mark.django_db
def test_the_service_saves_nothing_on_a_bad_place_or_dates():
    make_town()
    with pytest.raises(ValidationError) as caught:
        make_works(geometry={"type": "Point", "coordinates": [1.69, 47.5]})
    assert "geometry" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        works_save(
            works=Works(slug="x", title="X", geometry=point(), starts_on=days(3), ends_on=days(1)),
            actor=None,
        )
    assert caught.value.message_dict == {"ends_on": ["La fin ne peut pas précéder le début."]}
    assert not Works.objects.exists()


@pytest.mark.django_db
def test_the_service_keeps_the_anchor_and_the_box():
    make_town()
    works = make_works(geometry=LINE)
    assert (round(works.lat, 6), round(works.lon, 6)) == (46.81, 1.69)
    assert (works.bbox_min_lon, works.bbox_max_lon) == (1.685, 1.695)
    assert (works.bbox_min_lat, works.bbox_max_lat) == (46.81, 46.81)

"""The notice board's places on a map: a layer declared in its manifest gives the points or
clusters endpoint, the map and its list alternative, cached until a place changes.

Run by `tests/test_sample_app.py` with `tests.sampleapp.settings`, like `scenario.py`.
The town's extent is the default one: 0.35° of longitude and 0.25° of latitude around
TOWN_CENTRE (46.8103, 1.6912).
"""

from __future__ import annotations

import json
import math
import random

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.core import generations
from parvis.core.maps import (
    CELL_ZOOM,
    MAX_POINTS,
    cell_size,
    cells_build,
    forget_cells,
    get_layer,
)
from parvis.core.models import MapCell, MapCellBuild
from parvis.core.pagecache import objects_changed
from tests.sampleapp.models import Place

pytestmark = pytest.mark.django_db

# The box of a map of the town centre at zoom 14 (cells of 360/2**14/4 = 0.0054931640625°).
CENTRE_BOX = "1.68,46.80,1.70,46.82"


def places(*positions: tuple[float, float]) -> list[Place]:
    """Places at (lon, lat) positions, named in order."""
    return Place.objects.bulk_create(
        Place(name=f"Place {i}", lon=lon, lat=lat) for i, (lon, lat) in enumerate(positions)
    )


def grid(count: int, *, lon: float = 1.6912, lat: float = 46.8103) -> list[Place]:
    """`count` places on a square grid, 0.0001° apart, from (lon, lat) north-east."""
    side = int(count**0.5) + 1
    return places(*((lon + (i % side) * 1e-4, lat + (i // side) * 1e-4) for i in range(count)))


def answer(client, query: str, *, status: int = 200, language: str = "") -> dict:
    response = client.get(f"{language}/map/places/?{query}")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_layer_is_declared_by_the_manifest():
    layer = get_layer("places")
    assert layer is not None
    assert layer.model is Place
    assert str(layer.label) == "Places"


def test_few_places_in_the_box_are_answered_one_by_one(client):
    inside, elsewhere = places((1.6912, 46.8103), (1.8, 46.9))

    found = answer(client, f"bbox={CENTRE_BOX}&zoom=14")

    assert found["type"] == "FeatureCollection"
    # The box is snapped outwards to the zoom's cells of 0.0054931640625°.
    assert found["bbox"] == [
        305 * 0.0054931640625,
        8519 * 0.0054931640625,
        310 * 0.0054931640625,
        8524 * 0.0054931640625,
    ]
    assert found["features"] == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [1.6912, 46.8103]},
            "properties": {
                "kind": "point",
                "id": inside.pk,
                "title": "Place 0",
                "url": f"/places/{inside.pk}/",
            },
        }
    ]
    assert elsewhere.pk not in [f["properties"].get("id") for f in found["features"]]


def test_many_places_are_counted_in_cells_with_their_mean_position(client):
    # Two groups in two cells of zoom 12 (0.02197265625° wide): 150 + 60 places > MAX_POINTS.
    grid(150, lon=1.6700, lat=46.8000)
    grid(60, lon=1.7100, lat=46.8000)
    assert MAX_POINTS < 150 + 60

    found = answer(client, "bbox=1.65,46.78,1.75,46.83&zoom=12")

    clusters = [f["properties"] for f in found["features"]]
    assert clusters == [{"kind": "cluster", "count": 150}, {"kind": "cluster", "count": 60}]
    # Each cluster stands at the mean of its places: the first 150 points of a 13-wide grid
    # (11 rows of 13 and 7 on the twelfth: mean column 5.86, mean row 5.28), then the 60 of
    # an 8-wide grid (7 rows of 8 and 4 on the eighth: mean column 3.3667, mean row 3.2667).
    first, second = (f["geometry"]["coordinates"] for f in found["features"])
    assert first == pytest.approx([1.670586, 46.800528], abs=1e-6)
    assert second == pytest.approx([1.710337, 46.800327], abs=1e-6)


def test_the_same_places_at_street_zoom_are_points_again(client):
    grid(150, lon=1.6700, lat=46.8000)
    grid(60, lon=1.7100, lat=46.8000)

    found = answer(client, "bbox=1.669,46.799,1.672,46.802&zoom=18")

    assert {f["properties"]["kind"] for f in found["features"]} == {"point"}
    assert len(found["features"]) == 150


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("zoom=14", "Give the box as min_lon,min_lat,max_lon,max_lat, in degrees (WGS 84)."),
        (f"bbox={CENTRE_BOX}", "Give the zoom as a whole number from 0 to 20."),
        (f"bbox={CENTRE_BOX}&zoom=21", "Give the zoom as a whole number from 0 to 20."),
        (f"bbox={CENTRE_BOX}&zoom=-1", "Give the zoom as a whole number from 0 to 20."),
        (f"bbox={CENTRE_BOX}&zoom=1.5", "Give the zoom as a whole number from 0 to 20."),
        ("bbox=1.68,46.80,1.70&zoom=14", "The box must be four numbers."),
        ("bbox=1.68,46.80,1.70,nan&zoom=14", "The box must be four numbers."),
        ("bbox=1.68,46.80,inf,46.82&zoom=14", "The box must be four numbers."),
        ("bbox=1.68,46.80,1e999,46.82&zoom=14", "The box must be four numbers."),
        ("bbox=a,b,c,d&zoom=14", "The box must be four numbers."),
        ("bbox=1.68,46.80,181,46.82&zoom=14", "The box is not on the globe."),
        ("bbox=1.68,-91,1.70,46.82&zoom=14", "The box is not on the globe."),
        ("bbox=1.70,46.80,1.68,46.82&zoom=14", "The box's minimums must be below its maximums."),
        ("bbox=1.68,46.82,1.70,46.82&zoom=14", "The box's minimums must be below its maximums."),
        ("bbox=-180,-90,180,90&zoom=14", "The box is too large for this zoom."),
    ],
)
def test_bad_questions_are_answered_400_with_the_reason(client, query, error):
    assert answer(client, query, status=400, language="/en") == {"error": error}


def test_the_reason_is_given_in_the_pages_language(client):
    found = answer(client, f"bbox={CENTRE_BOX}&zoom=99", status=400)
    assert found == {"error": "Indiquez le zoom par un nombre entier de 0 à 20."}


def test_an_unknown_layer_is_not_found(client):
    response = client.get(f"/map/nothing/?bbox={CENTRE_BOX}&zoom=14")
    assert response.status_code == 404


def test_a_whole_world_box_at_zoom_0_is_answered(client):
    places((1.6912, 46.8103))
    found = answer(client, "bbox=-180,-90,180,90&zoom=0")
    assert [f["properties"]["title"] for f in found["features"]] == ["Place 0"]


def queries_for(client, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer(client, query)
    return len(queries)


@pytest.mark.parametrize("query", [f"bbox={CENTRE_BOX}&zoom=14", "bbox=1.6,46.7,1.8,46.9&zoom=11"])
def test_the_answer_costs_two_queries_at_most_with_1000_places_as_with_10(client, query):
    grid(10)
    queries_for(client, query)  # warm
    small = queries_for(client, query)

    grid(990, lat=46.805)
    large = queries_for(client, query)

    # The places in the box (MAX_POINTS + 1 at most); when there are more, one GROUP BY.
    assert (small, large) == (1, 2)


def test_answers_are_cached_until_a_place_changes(client, page_cache):
    (first,) = places((1.6912, 46.8103))
    query = f"bbox={CENTRE_BOX}&zoom=14"
    assert client.get(f"/map/places/?{query}")["X-Parvis-Cache"] == "miss"
    assert client.get(f"/map/places/?{query}")["X-Parvis-Cache"] == "hit"

    second = Place.objects.create(name="Fountain", lon=1.6950, lat=46.8150)

    fresh = client.get(f"/map/places/?{query}")
    assert fresh["X-Parvis-Cache"] == "miss"
    titles = [f["properties"]["title"] for f in json.loads(fresh.content)["features"]]
    assert titles == ["Fountain", "Place 0"]  # by name, as the layer orders them

    # Writes without signals say so themselves.
    Place.objects.filter(pk=first.pk).update(name="Bench")
    objects_changed(Place, [first.pk])
    titles = [f["properties"]["title"] for f in answer(client, query)["features"]]
    assert titles == ["Bench", "Fountain"]
    assert second.pk


def test_the_map_page_lists_the_places_for_readers_without_javascript(client):
    grid(25)

    html = BeautifulSoup(client.get("/places/").content, "html.parser")
    second = BeautifulSoup(client.get("/places/?page=2").content, "html.parser")

    section = html.select_one("section.map")
    assert section.select_one("h2").get_text() == "Places"
    skip = section.select_one("a.map__skip")
    assert skip["href"] == "#map-places-list"
    assert skip.get_text() == "Passer la carte et aller à la liste"
    canvas = section.select_one("#map-places")
    assert canvas.has_attr("hidden")
    assert canvas["data-map-features"] == "/map/places/"
    assert canvas["data-map-tiles"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert canvas["data-map-bounds"] == "1.3412,46.5603,2.0412,47.0603"
    names = [a.get_text() for a in html.select("#map-places-list .map__list a")]
    # 20 a page, by name: "Place 0", "Place 1", "Place 10"…
    assert names == sorted(f"Place {i}" for i in range(25))[:20]
    assert [a.get_text() for a in second.select("#map-places-list .map__list a")] == sorted(
        f"Place {i}" for i in range(25)
    )[20:]
    assert html.select_one('#map-places-list a[rel="next"]')["href"] == "?page=2"


def test_the_map_page_costs_as_many_queries_with_1000_places_as_with_10(client):
    grid(10)
    client.get("/places/")
    with CaptureQueriesContext(connection) as small:
        client.get("/places/")
    grid(990, lat=46.805)
    with CaptureQueriesContext(connection) as large:
        client.get("/places/")
    assert len(small) == len(large)


def test_a_position_outside_the_town_or_not_a_number_is_refused_by_field():
    for lon, lat, fields in [
        (1.6912, 46.8103, set()),
        (5.0, 46.8103, {"lat", "lon"}),
        (float("nan"), 46.8103, {"lon"}),
        (1.6912, float("inf"), {"lat"}),
        (1.6912, 91.0, {"lat"}),
        (-200.0, 46.8103, {"lon"}),
    ]:
        place = Place(name="Somewhere", lon=lon, lat=lat)
        if not fields:
            place.full_clean()
            continue
        with pytest.raises(ValidationError) as raised:
            place.full_clean()
        assert set(raised.value.message_dict) == fields, (lon, lat)


# --- cells counted ahead ----------------------------------------------------------------------


PLACES = Place._meta.db_table


@pytest.fixture(autouse=True)
def _fresh_generations():
    """The generations and cells of this test's database, not those a rolled-back test left
    in this process."""
    generations.forget()
    forget_cells()


def scattered(count: int, seed: int = 7) -> list[Place]:
    """`count` places at random in a 0.3° by 0.2° part of the town (west and east of its
    centre, so cells of every level are cut), off every cell border of zoom 16."""
    rng = random.Random(seed)
    step = cell_size(CELL_ZOOM)

    def off_border(value: float) -> float:
        return (math.floor(value / step) + rng.uniform(0.05, 0.95)) * step

    return places(
        *(
            (off_border(rng.uniform(1.54, 1.84)), off_border(rng.uniform(46.71, 46.91)))
            for _ in range(count)
        )
    )


def clusters_of(found: dict) -> list[tuple[int, float, float]]:
    return [
        (f["properties"]["count"], *(round(c, 5) for c in f["geometry"]["coordinates"]))
        for f in found["features"]
    ]


# The whole part at zoom 6 (one cluster, of the coarsest cells by 4), at 8 and 9 (the
# coarsest cells, one each and by 2), at 11 (cells of 12 by 2), screens at 13 and 15 (cells
# of 14 and 16 by 2) and at 14 (cells of 14, one each); how many clusters the rows give.
BOXES = [
    ("1.5,46.6,1.9,47.0", 6, 1),
    ("1.5,46.6,1.9,47.0", 8, 2),
    ("1.5,46.6,1.9,47.0", 9, 4),
    ("1.5,46.7,1.9,46.95", 11, 40),
    ("1.55,46.72,1.80,46.90", 13, 250),
    ("1.60,46.75,1.75,46.85", 14, 250),
    ("1.62,46.76,1.75,46.85", 15, 250),
]


@pytest.mark.parametrize(("bbox", "zoom", "at_least"), BOXES)
def test_clusters_added_up_from_cells_are_those_counted_from_rows(client, bbox, zoom, at_least):
    scattered(1500)
    layer = get_layer("places")
    query = f"bbox={bbox}&zoom={zoom}"
    from_rows = clusters_of(answer(client, query))
    assert len(from_rows) >= at_least
    assert sum(count for count, __, __ in from_rows) > MAX_POINTS

    cells_build("places")
    with CaptureQueriesContext(connection) as queries:
        from_cells = clusters_of(answer(client, query))

    assert from_cells == from_rows
    # Neither the places nor their count: when the cells were counted, then the cells.
    assert [q["sql"] for q in queries if PLACES in q["sql"]] == []
    assert layer is not None


def test_a_change_of_the_layer_makes_its_cells_stale_until_counted_again(client):
    scattered(600)
    query = "bbox=1.5,46.6,1.9,47.0&zoom=9"
    cells_build("places")
    assert sum(count for count, __, __ in clusters_of(answer(client, query))) == 600

    Place.objects.create(name="New bench", lon=1.7, lat=46.8)

    with CaptureQueriesContext(connection) as queries:
        found = clusters_of(answer(client, query))
    assert sum(count for count, __, __ in found) == 601
    assert any(PLACES in q["sql"] for q in queries)  # from the rows again

    cells_build("places")
    with CaptureQueriesContext(connection) as queries:
        assert clusters_of(answer(client, query)) == found
    assert not any(PLACES in q["sql"] for q in queries)


def test_a_large_answer_has_the_worker_count_the_cells(
    client, settings, run_tasks, django_capture_on_commit_callbacks
):
    settings.MAP_CELLS_FROM = 500
    scattered(600)
    query = "bbox=1.5,46.6,1.9,47.0&zoom=9"
    assert not MapCellBuild.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        found = answer(client, query)
    run_tasks()

    assert MapCell.objects.filter(layer="places", level=CELL_ZOOM).count() > 100
    assert sum(c.count for c in MapCell.objects.filter(layer="places", level=8)) == 600
    with CaptureQueriesContext(connection) as queries:
        assert answer(client, query) == found
    assert not any(PLACES in q["sql"] for q in queries)


def test_a_smaller_answer_asks_for_no_cells(client, settings, django_capture_on_commit_callbacks):
    settings.MAP_CELLS_FROM = 700
    scattered(600)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answer(client, "bbox=1.5,46.6,1.9,47.0&zoom=9")
    assert callbacks == []


def test_an_answer_from_cells_is_cached_until_a_place_changes(client, page_cache):
    scattered(600)
    query = "bbox=1.5,46.6,1.9,47.0&zoom=9"
    cells_build("places")
    assert client.get(f"/map/places/?{query}")["X-Parvis-Cache"] == "miss"
    assert client.get(f"/map/places/?{query}")["X-Parvis-Cache"] == "hit"

    Place.objects.create(name="New bench", lon=1.7, lat=46.8)

    fresh = client.get(f"/map/places/?{query}")
    assert fresh["X-Parvis-Cache"] == "miss"
    assert sum(c for c, __, __ in clusters_of(json.loads(fresh.content))) == 601


def test_an_answer_from_cells_costs_as_many_queries_with_3000_places_as_with_300(client):
    query = "bbox=1.5,46.6,1.9,47.0&zoom=9"
    scattered(300)
    cells_build("places")
    queries_for(client, query)  # warm: this process reads the generations that moved
    small = queries_for(client, query)
    scattered(2700, seed=8)
    cells_build("places")
    queries_for(client, query)
    large = queries_for(client, query)
    # Their sums alone: when the cells were counted is known until they are counted again.
    assert (small, large) == (1, 1)

"""`{% pin_map %}`: the pin map a form chooses a place with, or a page shows one on; its data
attributes (the script's only input, strict CSP), its neutral words and the caller's."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation


def render(source: str, **context: object) -> BeautifulSoup:
    with translation.override("en"):
        html = Template("{% load maps %}" + source).render(Context(context))
    return BeautifulSoup(html, "html.parser")


def test_in_a_form_the_pin_fills_the_fields_named(settings):
    settings.MAP_BOUNDS = (1.4, 46.6, 1.9, 47.0)
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    page = render('{% pin_map lat_field="id_lat" lon_field="id_lon" %}')
    canvas = page.select_one("#pin-map")
    assert canvas.has_attr("hidden")  # shown by the script; the fields are the way without it
    assert canvas["data-pin-lat"] == "id_lat" and canvas["data-pin-lon"] == "id_lon"
    assert canvas["data-pin-bounds"] == "1.4,46.6,1.9,47.0"
    assert canvas["data-pin-tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert canvas["data-pin-label"] == (
        "Map to choose the place: tap it, or reach the pin with Tab and move it with the "
        "arrow keys."
    )
    assert canvas["data-pin-title"] == "The chosen place: move it with the arrow keys"
    assert canvas["data-pin-placed"] == "Pin placed at latitude {lat}, longitude {lon}."
    assert not canvas.has_attr("data-pin-at")
    assert page.select_one("#pin-map-status")["role"] == "status"
    scripts = [script["src"] for script in page.select("script")]
    assert scripts == ["/static/leaflet/leaflet.js", "/static/parvis/js/pin.js"]
    assert all(script.string is None for script in page.select("script"))  # no inline code


def test_on_a_page_the_pin_shows_where_the_thing_is():
    thing = SimpleNamespace(lat=46.8123456, lon=1.6912345)
    canvas = render("{% pin_map at=thing %}", thing=thing).select_one("#pin-map")
    assert canvas["data-pin-at"] == "46.8123456,1.6912345"
    assert canvas["data-pin-label"] == "Map of the place"
    assert canvas["data-pin-title"] == "The place"
    assert not canvas.has_attr("data-pin-lat") and not canvas.has_attr("data-pin-placed")


def test_the_caller_may_give_its_words():
    canvas = render(
        '{% pin_map at=thing label="Map of the works" title="The works" %}',
        thing=SimpleNamespace(lat=46.8, lon=1.7),
    ).select_one("#pin-map")
    assert (canvas["data-pin-label"], canvas["data-pin-title"]) == ("Map of the works", "The works")


@pytest.mark.parametrize(
    "arguments",
    ["", 'lat_field="id_lat"', 'lat_field="id_lat" lon_field="id_lon" at=thing'],
)
def test_either_both_fields_or_a_place_is_given(arguments):
    with pytest.raises(TemplateSyntaxError):
        render(f"{{% pin_map {arguments} %}}", thing=SimpleNamespace(lat=46.8, lon=1.7))

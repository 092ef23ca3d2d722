"""`PlaceFields`, the place of something in a form: an address of the town, or a latitude and
a longitude, checked by what the form's domain accepts, required or optional."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from parvis.addresses.forms import PlaceFields
from parvis.addresses.tests.conftest import ban_file, ban_line, run_import

pytestmark = pytest.mark.django_db

NOT_A_POSITION = "Give the position as a latitude and a longitude in degrees."
ONE_ONLY = "Give both the latitude and the longitude, or neither."
NOTHING = "Give an address, or a latitude and a longitude."
OUTSIDE = "This place is outside the square."
FAR = "This place is far from the square."


def in_square(*, lat: float, lon: float) -> dict[str, Any]:
    """The forms' domain here: the square of Rue de la Gare (lat 50.0-50.01, lon 3.0-3.01)."""
    if 50.0 <= lat <= 50.01 and 3.0 <= lon <= 3.01:
        return {}
    return {"position": [OUTSIDE]}


def each_coordinate(*, lat: float, lon: float) -> dict[str, Any]:
    """A check that names the coordinate at fault, as `core.geo.check_position` does."""
    errors = {}
    if not 50.0 <= lat <= 50.01:
        errors["lat"] = "Latitude outside."
    if not 3.0 <= lon <= 3.01:
        errors["lon"] = "Longitude outside."
    if lat > 50.04 and lon > 3.04:
        errors = {"lat": ValidationError(FAR), "lon": ValidationError(FAR)}
    return errors


REQUIRED = PlaceFields(check=in_square, required=True)
OPTIONAL = PlaceFields(check=in_square, required=False, help_text="Where, if anywhere.")
BY_COORDINATE = PlaceFields(check=each_coordinate, required=False)


class RequiredForm(forms.Form):
    name = forms.CharField(required=False)
    address, lat, lon = REQUIRED.fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        REQUIRED.clean(self, data)
        return data


class OptionalForm(forms.Form):
    address, lat, lon = OPTIONAL.fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        OPTIONAL.clean(self, data)
        return data


class ByCoordinateForm(forms.Form):
    address, lat, lon = BY_COORDINATE.fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        BY_COORDINATE.clean(self, data)
        return data


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def gare(gare_street):
    run_import(gare_street)


def place(form: forms.Form) -> tuple[Any, Any, str]:
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    return data["lat"], data["lon"], data["address_text"]


@pytest.mark.parametrize("form_class", [RequiredForm, OptionalForm])
def test_an_address_chosen_gives_the_position_and_its_label(gare, form_class):
    form = form_class({"address": "1 rue de la gare", "lat": "", "lon": ""})
    assert place(form) == (50.0001, 3.0001, "1 Rue de la Gare, 59999 Villeneuve-du-Parvis")


def test_an_address_wins_over_the_latitude_and_longitude_typed(gare):
    form = OptionalForm({"address": "1 rue de la gare", "lat": "50.005", "lon": "3.005"})
    assert place(form) == (50.0001, 3.0001, "1 Rue de la Gare, 59999 Villeneuve-du-Parvis")


@pytest.mark.parametrize("form_class", [RequiredForm, OptionalForm])
def test_a_latitude_and_a_longitude_give_the_position_as_numbers(form_class):
    form = form_class({"address": "", "lat": " 50.005 ", "lon": "3.0050"})
    assert place(form) == (50.005, 3.005, "")


def test_optional_nothing_given_is_no_place():
    assert place(OptionalForm({"address": "", "lat": "", "lon": ""})) == (None, None, "")
    assert place(OptionalForm({})) == (None, None, "")


def test_required_nothing_given_is_an_error_under_the_address():
    form = RequiredForm({"name": "x", "address": "", "lat": "", "lon": ""})
    assert not form.is_valid()
    assert form.errors == {"address": [NOTHING]}


@pytest.mark.parametrize(
    ("form_class", "message"), [(OptionalForm, ONE_ONLY), (RequiredForm, NOT_A_POSITION)]
)
def test_only_one_of_latitude_and_longitude_is_an_error_under_the_missing_one(form_class, message):
    only_lat = form_class({"address": "", "lat": "50.005", "lon": " "})
    assert not only_lat.is_valid()
    assert only_lat.errors == {"lon": [message]}
    only_lon = form_class({"address": "", "lat": "", "lon": "3.005"})
    assert not only_lon.is_valid()
    assert only_lon.errors == {"lat": [message]}


@pytest.mark.parametrize("text", ["quarante", "50,005", "NaN", "inf", "-Infinity", "1e999"])
def test_what_is_not_a_finite_number_is_an_error_under_its_field(text):
    form = OptionalForm({"address": "", "lat": text, "lon": "3.005"})
    assert not form.is_valid()
    assert form.errors == {"lat": [NOT_A_POSITION]}
    both = RequiredForm({"address": "", "lat": text, "lon": text})
    assert not both.is_valid()
    assert both.errors == {"lat": [NOT_A_POSITION], "lon": [NOT_A_POSITION]}


def test_a_position_refused_by_the_check_is_an_error_under_the_latitude():
    form = RequiredForm({"address": "", "lat": "50.02", "lon": "3.005"})
    assert not form.is_valid()
    assert form.errors == {"lat": [OUTSIDE]}


def test_a_check_naming_the_coordinates_puts_each_error_under_its_field():
    form = ByCoordinateForm({"address": "", "lat": "50.02", "lon": "3.02"})
    assert not form.is_valid()
    assert form.errors == {"lat": ["Latitude outside."], "lon": ["Longitude outside."]}
    lon_only = ByCoordinateForm({"address": "", "lat": "50.005", "lon": "3.02"})
    assert not lon_only.is_valid()
    assert lon_only.errors == {"lon": ["Longitude outside."]}


@pytest.mark.parametrize("form_class", [RequiredForm, ByCoordinateForm])
def test_an_address_outside_the_checks_area_is_an_error_under_the_address(gare, form_class):
    # 5 Place des Écluses is at 50.0205, 3.0205: an address of the town, outside the square.
    form = form_class({"address": "5 place des écluses", "lat": "", "lon": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["address"]
    assert form.errors["address"] in ([OUTSIDE], ["Latitude outside.", "Longitude outside."])


def test_the_same_message_for_both_coordinates_is_said_once_under_the_address(gare):
    run_import(ban_file(ban_line("59999_0400_00001", "1", "", "Rue Lointaine", "3.05", "50.05")))
    form = ByCoordinateForm({"address": "1 rue lointaine", "lat": "", "lon": ""})
    assert not form.is_valid()
    assert form.errors == {"address": [FAR]}
    typed = ByCoordinateForm({"address": "", "lat": "50.05", "lon": "3.05"})
    assert not typed.is_valid()
    assert typed.errors == {"lat": [FAR], "lon": [FAR]}


def test_an_address_not_found_is_its_only_error(gare):
    form = RequiredForm({"address": "7 rue de la gare", "lat": "quarante", "lon": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["address"]
    assert form.errors["address"][0].startswith("No address of the town matches")


def test_a_coordinate_too_long_keeps_its_own_error():
    form = OptionalForm({"address": "", "lat": "5" * 31, "lon": ""})
    assert not form.is_valid()
    assert form.errors == {"lat": ["Ensure this value has at most 30 characters (it has 31)."]}


def test_the_fields_are_optional_for_django_and_carry_the_help_text():
    form = OptionalForm()
    assert [(name, field.required) for name, field in form.fields.items()] == [
        ("address", False),
        ("lat", False),
        ("lon", False),
    ]
    assert form.fields["address"].help_text == "Where, if anywhere."
    assert (form.fields["lat"].label, form.fields["lon"].label) == ("Latitude", "Longitude")

"""The address field other apps put in their forms (a citizen report's position, a
directory entry's address), and `PlaceFields`: an address or a latitude and a longitude, the
place of something (a report, a suggestion), cleaned the same way everywhere.

The address field works without JavaScript: the person types an address and submits; the server resolves
it (`selectors.address_resolve`) and, when several addresses match, the form comes back with
the error and the choices as radio buttons right under the field. With JavaScript, the
field's `<datalist>` fills from `/addresses/search/` as they type (`address-field.js`), so
the label they pick resolves at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.addresses.models import Address
from parvis.addresses.selectors import Found, address_resolve
from parvis.spaces.selectors import spaces_at

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The longest address worth reading (the autocomplete's limit too).
MAX_LENGTH = 200


class AddressInput(forms.Widget):
    """A text input with a `<datalist>` for suggestions and, after an ambiguous submission,
    the candidates to choose from (named `<name>-choice`)."""

    template_name = "addresses/widgets/address.html"
    input_type = "text"

    class Media:
        js = [forms.Script("addresses/address-field.js", defer=True)]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "maxlength": MAX_LENGTH, **(attrs or {})})
        self.candidates: list[Found] = []

    def choice_name(self, name: str) -> str:
        return f"{name}-choice"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str]:
        return (data.get(name) or "", data.get(self.choice_name(name)) or "")

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and self.choice_name(name) not in data

    def format_value(self, value: Any) -> str:
        if isinstance(value, Address):
            return value.label
        if isinstance(value, tuple | list):
            return str(value[0])
        return "" if value is None else str(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {
                "search_url": reverse("addresses:search"),
                "choice_name": self.choice_name(name),
                "candidates": self.candidates,
            }
        )
        return context


class AddressField(forms.Field):
    """Cleans into an `Address` of the town's table (or None when left empty)."""

    widget = AddressInput
    default_error_messages = {
        "not_found": _(
            "No address of the town matches “%(text)s”. Check the spelling, or type the "
            "street’s name alone to see its numbers."
        ),
        "ambiguous": _("Several addresses match. Choose one below, or type the number too."),
        "too_long": _("An address has at most %(limit)s characters."),
    }

    def clean(self, value: Any) -> Address | None:
        text, choice = value if isinstance(value, tuple | list) else (value or "", "")
        text = str(text).strip()
        widget: AddressInput = self.widget  # type: ignore[assignment]
        widget.candidates = []
        if not text and not choice:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if len(text) > MAX_LENGTH:
            raise ValidationError(
                self.error_messages["too_long"], code="too_long", params={"limit": MAX_LENGTH}
            )
        resolution = address_resolve(text, choice=str(choice)[:50])
        if resolution.address is not None:
            return resolution.address
        if not resolution.candidates:
            raise ValidationError(
                self.error_messages["not_found"], code="not_found", params={"text": text[:80]}
            )
        neighbourhoods = spaces_at([(found.lat, found.lon) for found in resolution.candidates])
        widget.candidates = [
            Found(address=address, neighbourhood=space)
            for address, space in zip(resolution.candidates, neighbourhoods, strict=True)
        ]
        raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")

    def has_changed(self, initial: Any, data: Any) -> bool:
        initial_text = initial.label if isinstance(initial, Address) else (initial or "")
        text = data[0] if isinstance(data, tuple | list) else (data or "")
        return str(initial_text).strip() != str(text).strip()


class NeighbourhoodLookupForm(forms.Form):
    address = AddressField(
        label=_("Address"),
        help_text=_("A number and a street of the town, such as “12 rue de la Gare”."),
    )


# --- a place: an address, or a latitude and a longitude -------------------------------------------


class PositionCheck(Protocol):
    """Checks a position given as finite numbers; returns its errors by field: "lat", "lon",
    or "position" for the place as a whole. Empty when the position is accepted."""

    def __call__(self, *, lat: float, lon: float) -> Mapping[str, Any]: ...


class PlaceFields:
    """The fields saying where something is, and their cleaning, for any form that asks it
    (a citizen report, a suggestion). It works without JavaScript: an address of the town,
    or a latitude and a longitude typed (or filled by the pin map, `{% pin_map %}`).

    A form declares the fields and calls `clean` from its own `clean()`:

        PLACE = PlaceFields(check=check_position, required=False, help_text=_("…"))

        class SuggestionForm(forms.Form):
            address, lat, lon = PLACE.fields()

            def clean(self):
                data = super().clean() or {}
                PLACE.clean(self, data)
                return data

    `check` is what the form's domain accepts (inside the town's bounds, inside one of its
    neighbourhoods...); `required` whether a place must be given at all.
    """

    def __init__(
        self, *, check: PositionCheck, required: bool, help_text: StrOrPromise = ""
    ) -> None:
        self.check = check
        self.required = required
        self.help_text = help_text

    def fields(self) -> tuple[AddressField, forms.CharField, forms.CharField]:
        """New `address`, `lat` and `lon` fields, each optional for Django: which of them
        must be given is decided together, in `clean`."""
        return (
            AddressField(label=_("Address"), required=False, help_text=self.help_text),
            *coordinate_fields(required=False),
        )

    def clean(self, form: forms.Form, data: dict[str, Any]) -> None:
        """Fill `data` (the form's cleaned_data) with the place, or add the form's errors.

        An address chosen gives the position and `address_text`, its label. Otherwise the
        latitude and the longitude are both given (the position, `address_text` empty), or
        neither: then `lat` and `lon` are None, which is an error on the address when the
        place is required. The position found is checked by `check`, its errors shown under
        the address when the address gave it, else under the latitude or the longitude.
        Nothing is added when the address field already has its own error.
        """
        data["address_text"] = ""
        if "address" in form.errors:
            return
        address = data.get("address")
        if address is not None:
            data["lat"], data["lon"] = address.lat, address.lon
            data["address_text"] = address.label
            self._check(form, data, whole="address")
            return
        if not _text(data, "lat") and not _text(data, "lon"):
            if "lat" in form.errors or "lon" in form.errors:
                return
            data["lat"] = data["lon"] = None
            if self.required:
                form.add_error("address", _("Give an address, or a latitude and a longitude."))
            return
        self.clean_position(form, data)

    def clean_position(self, form: forms.Form, data: dict[str, Any]) -> None:
        """Only the latitude and the longitude (`coordinate_fields`), for a form that carries
        a position already chosen (a report's second step): each a finite number, the pair
        accepted by `check`. `data["lat"]` and `data["lon"]` become floats, or the fields get
        their errors; a field that already has its error is left to it."""
        if "lat" in form.errors or "lon" in form.errors:
            return
        numbers: dict[str, float] = {}
        for name in ("lat", "lon"):
            text = _text(data, name)
            if not text:
                form.add_error(name, self._one_missing())
                continue
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                numbers[name] = number
            else:
                form.add_error(name, NOT_A_POSITION)
        if len(numbers) == 2:
            data["lat"], data["lon"] = numbers["lat"], numbers["lon"]
            self._check(form, data, whole="lat")

    def _one_missing(self) -> StrOrPromise:
        if self.required:
            return NOT_A_POSITION
        return _("Give both the latitude and the longitude, or neither.")

    def _check(self, form: forms.Form, data: dict[str, Any], *, whole: str) -> None:
        said: dict[str, set[str]] = {}
        for name, error in self.check(lat=data["lat"], lon=data["lon"]).items():
            if whole == "address" or name == "position":
                name = whole
            # A check that says "outside" under both coordinates says it once under the address.
            messages = [
                message
                for message in ValidationError(error).messages
                if message not in said.setdefault(name, set())
            ]
            said[name].update(messages)
            if messages:
                form.add_error(name, messages)


#: Said when a latitude or a longitude is not a number of degrees.
NOT_A_POSITION = _("Give the position as a latitude and a longitude in degrees.")


def coordinate_fields(*, required: bool) -> tuple[forms.CharField, forms.CharField]:
    """New `lat` and `lon` fields: text, read as numbers by `PlaceFields`, so that a wrong
    one gets a message saying what a position is rather than "enter a number"."""
    return (
        forms.CharField(label=_("Latitude"), required=required, max_length=30),
        forms.CharField(label=_("Longitude"), required=required, max_length=30),
    )


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()

"""The address field other apps put in their forms (a citizen report's position, a
directory entry's address).

It works without JavaScript: the person types an address and submits; the server resolves
it (`selectors.address_resolve`) and, when several addresses match, the form comes back with
the error and the choices as radio buttons right under the field. With JavaScript, the
field's `<datalist>` fills from `/addresses/search/` as they type (`address-field.js`), so
the label they pick resolves at once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.addresses.models import Address
from parvis.addresses.selectors import Found, address_resolve
from parvis.spaces.selectors import spaces_at

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

"""The resident's forms, all without JavaScript: "works near me" (an address typed, or a
latitude and longitude the page's script fills from the browser's position) and watching an
area (a neighbourhood, or a distance around an address)."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.addresses.forms import AddressField
from parvis.core.geo import check_position
from parvis.roadworks.models import Radius
from parvis.spaces.models import Space


def _position(data: dict[str, Any], form: forms.Form) -> None:
    """Fill data["lat"], data["lon"] and data["place"] from the address, or from the
    latitude and longitude; an error on the address field otherwise."""
    address = data.get("address")
    if address is not None:
        data["lat"], data["lon"], data["place"] = address.lat, address.lon, address.label
        return
    if "address" in form.errors:
        return
    try:
        lat, lon = float(data.get("lat") or "x"), float(data.get("lon") or "x")
    except ValueError:
        form.add_error("address", _("Give an address."))
        return
    if not (math.isfinite(lat) and math.isfinite(lon)) or check_position(lat=lat, lon=lon):
        form.add_error("address", _("This place is outside the town."))
        return
    data["lat"], data["lon"] = lat, lon
    data["place"] = _("your position")


class NearForm(forms.Form):
    address = AddressField(label=_("Address"), required=False)
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=Radius.choices, coerce=int, initial=Radius.WALK
    )
    lat = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _position(data, self)
        return data


class WatchCircleForm(forms.Form):
    address = AddressField(label=_("Address"), required=True)
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=Radius.choices, coerce=int, initial=Radius.WALK
    )


class WatchSpaceForm(forms.Form):
    space = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Space.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args: Any, spaces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces  # type: ignore[attr-defined]

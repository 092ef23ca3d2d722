"""The forms of campaigns, which work without JavaScript: joining, and an observation (when,
where — an address or a position — and the category's fields, or "nothing noticed")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.observations.models import Campaign
from parvis.reports.forms import PLACE, extra_form_field


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=12)


class ObservationForm(forms.Form):
    observed_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=_("The day and time you noticed it (Paris time)."),
    )
    # Where: as for a citizen report, an address or a position in one of the neighbourhoods.
    address, lat, lon = PLACE.fields()
    nothing_noticed = forms.BooleanField(label=_("Nothing noticed"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"observed_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
        super().__init__(*args, **kwargs)
        self.extra_keys: list[str] = []
        for definition in campaign.category.extra_fields:
            name = f"x_{definition['key']}"
            field = extra_form_field(definition)
            field.required = False  # "nothing noticed" needs none; the service checks
            self.fields[name] = field
            self.extra_keys.append(name)
        # The category's fields before the note and the "nothing noticed" box.
        order = ["observed_at", "address", "lat", "lon", *self.extra_keys]
        self.order_fields([*order, "nothing_noticed", "note"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        PLACE.clean(self, data)
        data["values"] = {key[2:]: data.get(key) for key in self.extra_keys}
        return data

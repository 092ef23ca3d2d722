"""The resident's forms: "near me" (an address typed, no JavaScript needed) and a proposal
of additions or changes (each field's value, checked as the entry would check it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parvis.addresses.forms import AddressField
from parvis.core.geo import check_position
from parvis.directory.hours import MAX_LENGTH, validate_opening_hours
from parvis.directory.models import PROPOSABLE, DirectoryCategory, Entry, Wheelchair
from parvis.directory.selectors import NEAR_RADII, categories


def _position_errors(address: Any) -> None:
    errors = check_position(lat=address.lat, lon=address.lon)
    if errors:
        raise ValidationError(_("This address is outside the town."), code="outside")


class NearForm(forms.Form):
    address = AddressField(
        label=_("Your address"),
        help_text=_("A number and a street of the town, such as “12 rue de la Gare”."),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"),
        coerce=int,
        initial=1000,
        choices=[(r, _("%(metres)s m") % {"metres": r}) for r in NEAR_RADII],
    )

    def clean_address(self) -> Any:
        address = self.cleaned_data["address"]
        if address is not None:
            _position_errors(address)
        return address


class ProposalForm(forms.Form):
    """The fields of an entry a resident may propose; initial values are the entry's."""

    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=DirectoryCategory.objects.none(), to_field_name="slug"
    )
    address = AddressField(
        label=_("Address"),
        required=False,
        help_text=_("Leave empty to keep the current address."),
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=MAX_LENGTH,
        required=False,
        validators=[validate_opening_hours],
        help_text=Entry._meta.get_field("opening_hours").help_text,
    )
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    wheelchair = forms.ChoiceField(
        label=_("Wheelchair access"), choices=Wheelchair.choices, required=False
    )
    accessibility = forms.CharField(
        label=_("Accessibility details"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    comment = forms.CharField(
        label=_("A word for the moderator (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, entry: Entry | None = None, **kwargs: Any) -> None:
        self.entry = entry
        if entry is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "name": entry.name,
                "category": entry.category.slug,
                "opening_hours": entry.opening_hours,
                "phone": entry.phone,
                "email": entry.email,
                "website": entry.website,
                "wheelchair": entry.wheelchair,
                "accessibility": entry.accessibility,
                "description": entry.description,
            }
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories()  # type: ignore[attr-defined]
        if entry is None:
            self.fields["address"].required = True
            self.fields["address"].help_text = _("Where the place is.")
        else:
            self.fields["address"].widget.attrs["placeholder"] = entry.address_text

    def clean_address(self) -> Any:
        address = self.cleaned_data["address"]
        if address is not None:
            _position_errors(address)
        return address

    def proposed_values(self) -> dict[str, str]:
        """The proposal's values as text, by field of the entry."""
        data = self.cleaned_data
        values = {
            field: str(data.get(field) or "")
            for field in PROPOSABLE
            if field not in ("category", "address_text", "lat", "lon")
        }
        values["category"] = data["category"].slug
        address = data.get("address")
        if address is not None:
            values.update(address_text=address.label, lat=repr(address.lat), lon=repr(address.lon))
        return values

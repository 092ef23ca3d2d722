"""The report form: the category's extra fields added as form fields, a position given by an
address or by latitude and longitude, up to three photos. Works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parvis.addresses.forms import PlaceFields, coordinate_fields
from parvis.core.uploads import reencode_image
from parvis.reports import extra_fields
from parvis.reports.models import MAX_PHOTOS, Category
from parvis.reports.services import check_position

#: The longest side of a stored photo, in pixels.
PHOTO_MAX_SIDE = 2000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to `MAX_PHOTOS` images, each checked by content and re-encoded (metadata, GPS
    position included, dropped; resized to `PHOTO_MAX_SIDE`)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(count)d photos.") % {"count": MAX_PHOTOS}, code="too_many"
            )
        return [reencode_image(f, max_side=PHOTO_MAX_SIDE) for f in files]

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        return attrs


def _position_errors(*, lat: float, lon: float) -> dict[str, list[str]]:
    """`services.check_position`'s refusal (keyed "position"), as `PlaceFields` wants it."""
    try:
        check_position(lat=lat, lon=lon)
    except ValidationError as error:
        return error.message_dict
    return {}


#: A report's place: required, and inside one of the town's neighbourhoods.
PLACE = PlaceFields(
    check=_position_errors,
    required=True,
    help_text=_("The nearest address; or give the latitude and longitude below."),
)


class PlaceForm(forms.Form):
    """Step one (GET): the category and where; the next step shows the open reports of that
    category nearby, before the details are written."""

    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    address, lat, lon = PLACE.fields()

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        PLACE.clean(self, data)
        return data


def extra_form_field(definition: dict) -> forms.Field:
    """A form field for one of a category's extra fields (reports, observations)."""
    required = bool(definition.get("required"))
    label = definition["label"]
    kind = definition["kind"]
    if kind == "integer":
        return forms.CharField(
            label=label,
            required=required,
            help_text=_("From %(min)d to %(max)d.")
            % {"min": definition["min"], "max": definition["max"]},
            widget=forms.NumberInput(attrs={"min": definition["min"], "max": definition["max"]}),
        )
    if kind == "choice":
        choices = [("", "—")] + [(c, c) for c in definition["choices"]]
        return forms.ChoiceField(label=label, required=required, choices=choices)
    if kind == "time":
        return forms.CharField(
            label=label, required=required, widget=forms.TimeInput(attrs={"type": "time"})
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=definition.get("max_length", extra_fields.TEXT_MAX_LENGTH),
    )


class ReportForm(forms.Form):
    """Step two (POST): the details. The position comes from step one, still editable."""

    lat, lon = coordinate_fields(required=True)
    address_text = forms.CharField(label=_("Address"), required=False, max_length=250)
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to %(count)d images.") % {"count": MAX_PHOTOS},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("We send you a link to confirm the report; it is published after."),
    )
    hide_author = forms.BooleanField(label=_("Hide my name from the public"), required=False)

    def __init__(self, *args: Any, category: Category, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category = category
        self.extra_keys: list[str] = []
        for definition in category.extra_fields:
            name = f"x_{definition['key']}"
            self.fields[name] = extra_form_field(definition)
            self.extra_keys.append(name)
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].required = True
            del self.fields["hide_author"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        PLACE.clean_position(self, data)
        try:
            data["extra"] = extra_fields.clean_values(
                self.category.extra_fields,
                {key[2:]: data.get(key) for key in self.extra_keys},
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                self.add_error(f"x_{key}", messages)
        return data


class MeTooEmailForm(forms.Form):
    """ "I see it too" without an account: the address the confirmation link goes to."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send you a link to confirm; you are counted after, and hear of its status. "
            "Never shown."
        ),
    )

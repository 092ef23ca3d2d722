"""The suggestion form (no JavaScript needed: the position is an address of the town, or a
latitude and longitude, or nothing) and the official's answer form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parvis.addresses.forms import PlaceFields
from parvis.core.geo import check_position
from parvis.core.uploads import CheckedImageFormField
from parvis.suggestions.models import Category, SuggestionStatus, Visibility
from parvis.suggestions.services import TRANSITIONS

#: A suggestion's place: optional, inside the town's bounds.
PLACE = PlaceFields(
    check=check_position,
    required=False,
    help_text=_("Optional: where your suggestion is about, or give a latitude and longitude."),
)


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    text = forms.CharField(
        label=_("Your suggestion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), to_field_name="slug"
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it?"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "Public: everyone may read, support and comment on it. Private: only the "
            "space's officials read it, and answer you."
        ),
    )
    photo = CheckedImageFormField(label=_("Photo"), required=False)
    photo_alt = forms.CharField(
        label=_("Description of the photo"),
        max_length=250,
        required=False,
        help_text=_("Required with a photo, for people who cannot see it."),
    )
    address, lat, lon = PLACE.fields()

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        PLACE.clean(self, data)
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        return data


class AnswerForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=[])
    text = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Public, signed with your name and function. Required to decline: say why."),
    )

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[status]
        self.fields["to_status"].choices = [  # type: ignore[attr-defined]
            (s.value, s.label) for s in SuggestionStatus if s.value in allowed
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip():
            if data.get("to_status") == SuggestionStatus.DECLINED:
                self.add_error("text", _("Give the reason why the suggestion is declined."))
            else:
                self.add_error("text", _("Write the answer."))
        return data


__all__ = ["AnswerForm", "SuggestionForm", "ValidationError"]

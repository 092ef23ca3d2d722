"""The registration form: a name, an e-mail address and a number of places. It checks the
input's shape only; the places, the address already registered and the event's state are
checked by `registrations.registration_create` under the event's lock, with the messages
shown next to the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.agenda.registrations import MAX_PLACES, MIN_PLACES


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send the confirmation here, with a link to cancel."),
        error_messages={
            "required": _("Give your e-mail address: we send the confirmation there."),
            "invalid": _("Give a valid e-mail address, such as camille@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    places = forms.IntegerField(
        label=_("Number of places"),
        initial=1,
        help_text=_("Yourself included, %(max)d at most.") % {"max": MAX_PLACES},
        error_messages={
            "required": _("Give the number of places."),
            "invalid": _("Give the number of places as a whole number, such as 2."),
        },
        widget=forms.NumberInput(attrs={"min": MIN_PLACES, "max": MAX_PLACES, "step": 1}),
    )

"""The ballot form, shaped by the consultation's method, and the form declaring a home.

The form reads the input's shape only (known options, ranks filled from the first); the
rules of the method (one option, at most k, within the budget, no option ranked twice) are
checked by `services.ballot_cast`, whose messages land next to the choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.addresses.forms import AddressField
from parvis.core.uploads import CheckedImageFormField
from parvis.votes.models import Consultation, Method, Option

INVALID = _("One of the choices is not an option of this consultation.")


def _label(option: Option, *, with_cost: bool) -> str:
    if with_cost and option.cost is not None:
        return str(_("%(title)s (%(cost)s euros)") % {"title": option.title, "cost": option.cost})
    return option.title


class BallotForm(forms.Form):
    """`choices()` gives the option ids chosen, in order of preference for a ranked vote."""

    def __init__(
        self, *args: Any, consultation: Consultation, options: list[Option], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        method = consultation.method
        budget = method == Method.BUDGET
        items = [(str(o.pk), _label(o, with_cost=budget)) for o in options]
        if method == Method.SINGLE:
            self.fields["choices"] = forms.ChoiceField(
                label=_("Your choice"),
                choices=items,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an option."), "invalid_choice": INVALID},
            )
        elif method == Method.RANKED:
            for rank in range(1, len(options) + 1):
                self.fields[f"rank_{rank}"] = forms.ChoiceField(
                    label=_("Choice number %(rank)d") % {"rank": rank},
                    choices=[("", _("(no choice)")), *items],
                    required=False,
                    error_messages={"invalid_choice": INVALID},
                )
        else:
            if method == Method.APPROVAL:
                help_text = _("Choose up to %(k)d options.") % {"k": consultation.max_choices or 1}
            elif method == Method.ELECTION:
                help_text = _("Choose up to %(k)d candidates.") % {
                    "k": consultation.max_choices or 1
                }
            else:
                help_text = _("Choose projects whose total cost is at most %(budget)s euros.") % {
                    "budget": consultation.budget
                }
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your choices"),
                choices=items,
                widget=forms.CheckboxSelectMultiple,
                help_text=help_text,
                error_messages={
                    "required": _("Choose at least one option."),
                    "invalid_choice": INVALID,
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.consultation.method == Method.RANKED and not self.errors:
            ranks = [data.get(f"rank_{n}") or "" for n in range(1, len(self.fields) + 1)]
            filled = [value for value in ranks if value]
            if not filled:
                raise forms.ValidationError(_("Give your first choice at least."))
            if ranks[: len(filled)] != filled:
                raise forms.ValidationError(_("Fill the ranks in order, from the first."))
        return data

    def choices(self) -> list[int]:
        data = self.cleaned_data
        if self.consultation.method == Method.SINGLE:
            return [int(data["choices"])]
        if self.consultation.method == Method.RANKED:
            ranks = [data.get(f"rank_{n}") for n in range(1, len(self.fields) + 1)]
            return [int(value) for value in ranks if value]
        return [int(value) for value in data["choices"]]


class ResidenceForm(forms.Form):
    address = AddressField(label=_("Your home address"))


class CandidacyForm(forms.Form):
    name = forms.CharField(
        label=_("Your name, as voters will see it"),
        max_length=80,
        error_messages={"required": _("Give the name voters will see.")},
    )
    presentation = forms.CharField(
        label=_("Who you are"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Present yourself in a few sentences.")},
    )
    projects = forms.CharField(
        label=_("Your projects"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what you would like to do.")},
    )
    photo = CheckedImageFormField(label=_("Your photo (optional)"), required=False)
    photo_alt = forms.CharField(
        label=_("What your photo shows"),
        max_length=250,
        required=False,
        help_text=_("For people who cannot see it, such as “Léa smiling in front of the school”."),
    )

"""The family space's forms: joining a household with the town's code, asking for a place
in a season, sending the quotient's certificate. Work without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.uploads import CheckedDocumentFormField


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("On the letter from the town: ten letters and digits, such as KM4P-7QXA-2R."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RegisterForm(forms.Form):
    season = forms.ChoiceField(label=_("Service and season"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, seasons: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seasons = {str(season.pk): season for season, problem in seasons if not problem}
        self.fields["season"].choices = [  # type: ignore[attr-defined]
            (str(season.pk), str(season)) for season, problem in seasons if not problem
        ]

    def clean_season(self) -> Any:
        return self.seasons[self.cleaned_data["season"]]


class QuotientProofForm(forms.Form):
    document = CheckedDocumentFormField(label=_("Certificate of your quotient familial"))

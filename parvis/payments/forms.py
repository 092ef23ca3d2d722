from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReconciliationForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The payments confirmed that day (town time)."),
    )

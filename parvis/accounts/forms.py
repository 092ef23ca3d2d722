from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my subscriptions will be erased for good."),
        required=True,
        error_messages={
            "required": _("Tick this box to confirm that you want to erase your account.")
        },
    )

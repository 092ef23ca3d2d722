from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from parvis.spaces.models import SpaceMembership


class SpaceMembershipForm(forms.ModelForm):
    """A member is chosen by the e-mail address of their account.

    Staff who manage a space need not browse the list of all accounts (which they may not
    see): they type the address the person gave them.
    """

    email = forms.EmailField(label=_("e-mail address of the account"))

    class Meta:
        model = SpaceMembership
        fields = ["space", "role", "title", "public_name", "position", "since"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.user_id:
            self.fields["email"].initial = self.instance.user.email

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account uses this address."))
        self.instance.user = user
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        space = cleaned.get("space") or getattr(self.instance, "space", None)
        user = getattr(self.instance, "user", None) if "email" in cleaned else None
        role = cleaned.get("role")
        if space is not None and space.pk and user is not None and role:
            duplicate = SpaceMembership.objects.filter(space=space, user=user, role=role).exclude(
                pk=self.instance.pk
            )
            if duplicate.exists():
                self.add_error("email", _("This person already has this role in this space."))
        return cleaned

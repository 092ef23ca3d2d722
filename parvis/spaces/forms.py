from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from parvis.spaces.models import Space, SpaceMembership


class SpaceForm(forms.ModelForm):
    """The back office's space form.

    A cover image needs its text alternative; the database refuses one without it too, but
    this says so next to the field instead of as an error about a constraint.
    """

    class Meta:
        model = Space
        fields = [
            "kind", "name", "slug", "summary", "description", "is_published",
            "cover", "cover_alt", "boundary", "moderation_policy",
        ]  # fmt: skip

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("cover") and not cleaned.get("cover_alt"):
            self.add_error(
                "cover_alt",
                _("Describe the cover image for people who cannot see it."),
            )
        return cleaned


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
        cleaned = super().clean() or self.cleaned_data
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


class SpaceMembershipFormSet(forms.BaseInlineFormSet):
    """The members of one space, edited together: one role per person, even among new rows.

    Each form checks the rows already saved; two new rows naming the same person and role
    are only visible here, where all the rows are seen at once.
    """

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[Any, str]] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):  # type: ignore[attr-defined]  # used by Django's own formset-validation example; django-stubs omits it
                continue
            user_id = form.instance.user_id
            role = form.cleaned_data.get("role")
            if user_id is None or not role:
                continue
            if (user_id, role) in seen:
                form.add_error("email", _("This person already has this role in this space."))
            seen.add((user_id, role))

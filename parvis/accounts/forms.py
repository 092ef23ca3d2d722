from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from parvis.accounts.models import User
from parvis.accounts.names import display_name_clean
from parvis.accounts.selectors import email_is_taken
from parvis.accounts.services import EmailInUseError, signup_account_for
from parvis.accounts.tasks import password_reset_send


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]

    def clean_display_name(self) -> str:
        return display_name_clean(self.cleaned_data["display_name"])


class AccountDeleteForm(forms.Form):
    """Erasing one's account. `offer_erasure`: the person wrote something that would
    otherwise be kept (`erasure.contributions_described`), so they choose what becomes of it."""

    erase_contributions = forms.BooleanField(
        label=_("Also erase what I wrote."),
        help_text=_(
            "A comment that others answered keeps its place, marked “Comment deleted by its "
            "author.”, so that the answers still make sense; its words are erased."
        ),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my subscriptions will be erased for good."),
        required=True,
        error_messages={
            "required": _("Tick this box to confirm that you want to erase your account.")
        },
    )

    def __init__(self, *args: Any, offer_erasure: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not offer_erasure:
            del self.fields["erase_contributions"]


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS), where only an address in use is taken, and
    where every answer costs the same one password hash.

    - An address typed somewhere without being confirmed blocks nobody: a sign-up with it
      takes the pending account over (`services.signup_account_for`) with its own password,
      and whoever confirms the address holds the account.
    - For an address in use, allauth creates nothing and writes to its owner; the password
      typed is hashed all the same, so the answer takes as long as a new account's and
      nobody learns by timing who has an account here.
    """

    def validate_unique_email(self, value: str) -> str:
        email = get_adapter().validate_unique_email(value)
        self.account_already_exists = email_is_taken(email)
        return email

    def save(self, request: HttpRequest) -> User:
        pending = signup_account_for(email=self.cleaned_data["email"])
        if pending is None:
            return super().save(request)
        pending.date_joined = timezone.now()
        return get_adapter().save_user(request, pending, self)

    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        if not self.account_already_exists:
            try:
                with transaction.atomic():
                    return self.save(request), None
            except (EmailInUseError, IntegrityError):
                # Taken between the form's check and now (a confirmation, or the same
                # sign-up sent twice at once): answered as any address in use.
                self.account_already_exists = True
        make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's reset form (ACCOUNT_FORMS), doing the same work whatever the address.

    The request only queues `tasks.password_reset_send`, which looks the address up and
    writes to it: looking it up here, and writing only when it has an account, made a
    request for an address in use take twice as long as for any other.
    """

    def clean_email(self) -> str:
        return get_adapter().clean_email(self.cleaned_data["email"].lower())

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email = self.cleaned_data["email"]
        password_reset_send.enqueue(email=email, language=translation.get_language())
        return email

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required

# allauth has no public API for these two steps of TOTP activation (allauth <66).
from allauth.account.internal.flows.login import record_authentication
from allauth.account.views import LogoutView as AllauthLogoutView
from allauth.mfa.totp.internal import flows as totp_flows
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from parvis.accounts.forms import AccountDeleteForm, ProfileForm
from parvis.accounts.oidc.protocol import end_session_url, logout_state_is_valid
from parvis.accounts.services import LastAdministratorError, user_delete


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your public name was saved."))
            return redirect("account_profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@reauthentication_required(allow_get=True)
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/delete.html", {"form": form}, status=400)
        try:
            user_delete(user=request.user)
        except LastAdministratorError:
            form.add_error(
                None,
                _(
                    "You are the last administrator: give the administrator role to someone "
                    "else before erasing your account."
                ),
            )
            return render(request, "accounts/delete.html", {"form": form}, status=409)
        logout(request)
        return redirect("account_deleted")
    return render(request, "accounts/delete.html", {"form": form})


@require_safe
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")


class TOTPActivateView(AllauthActivateTOTPView):
    """allauth's TOTP activation; the first valid code also counts as this session's
    two-factor sign-in, so a staff member goes on to the back office without typing a
    second code (whoever could activate TOTP here could equally re-authenticate with it)."""

    def form_valid(self, form: Any) -> HttpResponse:
        totp, recovery_codes = totp_flows.activate_totp(self.request, form)
        record_authentication(self.request, totp.user, "mfa", id=totp.pk, type=totp.type)
        self.did_generate_recovery_codes = recovery_codes is not None
        return redirect(self.get_success_url())


class LogoutView(AllauthLogoutView):
    """allauth's logout, then logout at the identity provider when the person came from one."""

    def get_redirect_url(self) -> str:
        return end_session_url(self.request) or super().get_redirect_url()


@require_safe
def oidc_logged_out(request: HttpRequest) -> HttpResponse:
    """Where the identity provider sends the browser back after its own logout."""
    confirmed = logout_state_is_valid(request.GET.get("state"))
    return render(request, "accounts/oidc_logged_out.html", {"confirmed": confirmed})

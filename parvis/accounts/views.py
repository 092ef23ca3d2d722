from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from allauth.account.views import LogoutView as AllauthLogoutView
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


class LogoutView(AllauthLogoutView):
    """allauth's logout, then logout at the identity provider when the person came from one."""

    def get_redirect_url(self) -> str:
        return end_session_url(self.request) or super().get_redirect_url()


@require_safe
def oidc_logged_out(request: HttpRequest) -> HttpResponse:
    """Where the identity provider sends the browser back after its own logout."""
    confirmed = logout_state_is_valid(request.GET.get("state"))
    return render(request, "accounts/oidc_logged_out.html", {"confirmed": confirmed})

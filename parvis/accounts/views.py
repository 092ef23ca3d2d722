from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.decorators import reauthentication_required

# allauth has no public API for these two steps of TOTP activation (allauth <66).
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.views import LoginView as AllauthLoginView
from allauth.account.views import LogoutView as AllauthLogoutView
from allauth.account.views import ReauthenticateView as AllauthReauthenticateView
from allauth.mfa.base.views import AuthenticateView as AllauthMFAAuthenticateView
from allauth.mfa.base.views import ReauthenticateView as AllauthMFAReauthenticateView
from allauth.mfa.totp.internal import flows as totp_flows
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from parvis.accounts.adapter import login_attempts_key
from parvis.accounts.erasure import contributions_described
from parvis.accounts.forms import AccountDeleteForm, ProfileForm
from parvis.accounts.http import AuthenticatedHttpRequest
from parvis.accounts.oidc.protocol import end_session_url, logout_state_is_valid
from parvis.accounts.services import LastAdministratorError, user_delete
from parvis.accounts.throttling import is_refused_by_lockout, page_retry_after, retry_after
from parvis.core.ratelimit import too_many_response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Erase one's account. The page says what becomes of what the person wrote (each
    feature describes its own: `accounts.erasure`) and lets them erase it too."""
    contributions = contributions_described(request.user)
    form = AccountDeleteForm(request.POST or None, offer_erasure=bool(contributions))
    context = {"form": form, "contributions": contributions}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/delete.html", context, status=400)
        try:
            user_delete(
                user=request.user,
                erase_contributions=form.cleaned_data.get("erase_contributions", False),
            )
        except LastAdministratorError:
            form.add_error(
                None,
                _(
                    "You are the last administrator: give the administrator role to someone "
                    "else before erasing your account."
                ),
            )
            return render(request, "accounts/delete.html", context, status=409)
        logout(request)
        return redirect("account_deleted")
    return render(request, "accounts/delete.html", context)


@require_safe
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")


def too_many_attempts(request: HttpRequest) -> HttpResponse:
    """allauth's 429 page (the URLconf's `handler429`): how long to wait, in words and in
    Retry-After, as Parvis's own limits answer."""
    return too_many_response(request, page_retry_after(request))


# Mixed into allauth's form views (below); for the type checker, a form view.
if TYPE_CHECKING:
    from django.views.generic.edit import FormView as _FormView
else:
    _FormView = object


class LockoutStatusMixin(_FormView):
    """For allauth's sign-in forms: a form refused by a lockout (allauth's "login_failed"
    limit: too many wrong passwords or codes) answers 429 with Retry-After, not 400 as if
    something had been mistyped. The page and its message stay allauth's."""

    request: HttpRequest

    def lockout_key(self, form: Any) -> str:
        """The key allauth counted this form's failures under."""
        raise NotImplementedError

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if is_refused_by_lockout(form):
            wait = retry_after(self.request, action="login_failed", key=self.lockout_key(form))
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response


def _code_lockout_key(form: Any) -> str:
    # allauth.mfa.base.internal.flows.check_rate_limit
    return f"mfa-auth-user-{form.user.pk}"


class LoginView(LockoutStatusMixin, AllauthLoginView):
    def lockout_key(self, form: Any) -> str:
        return login_attempts_key(form.cleaned_data.get("login", ""))


class ReauthenticateView(LockoutStatusMixin, AllauthReauthenticateView):
    def lockout_key(self, form: Any) -> str:
        email = EmailAddress.objects.get_primary_email(self.request.user) or ""
        return login_attempts_key(email)


class MFAAuthenticateView(LockoutStatusMixin, AllauthMFAAuthenticateView):
    def lockout_key(self, form: Any) -> str:
        return _code_lockout_key(form)


class MFAReauthenticateView(LockoutStatusMixin, AllauthMFAReauthenticateView):
    def lockout_key(self, form: Any) -> str:
        return _code_lockout_key(form)


class TOTPActivateView(LockoutStatusMixin, AllauthActivateTOTPView):
    """allauth's TOTP activation; the first valid code also counts as this session's
    two-factor sign-in, so a staff member goes on to the back office without typing a
    second code (whoever could activate TOTP here could equally re-authenticate with it)."""

    def form_valid(self, form: Any) -> HttpResponse:
        totp, recovery_codes = totp_flows.activate_totp(self.request, form)
        record_authentication(self.request, totp.user, "mfa", id=totp.pk, type=totp.type)
        self.did_generate_recovery_codes = recovery_codes is not None
        return redirect(self.get_success_url())

    def lockout_key(self, form: Any) -> str:
        return _code_lockout_key(form)


class LogoutView(AllauthLogoutView):
    """allauth's logout, then logout at the identity provider when the person came from one."""

    def get_redirect_url(self) -> str:
        return end_session_url(self.request) or super().get_redirect_url()


@require_safe
def oidc_logged_out(request: HttpRequest) -> HttpResponse:
    """Where the identity provider sends the browser back after its own logout."""
    confirmed = logout_state_is_valid(request.GET.get("state"))
    return render(request, "accounts/oidc_logged_out.html", {"confirmed": confirmed})

"""Request-level guards (body size, staff idle time) and the headers every answer carries."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import ngettext

from parvis.core.errors import render_error
from parvis.core.httpcache import has_session_cookie


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than MAX_REQUEST_BODY with 413.

    It looks only at Content-Length, so an oversized upload is refused before a byte of
    its body is read. A body sent without Content-Length (chunked) is bounded by Django's
    own DATA_UPLOAD_MAX_MEMORY_SIZE and by the front server.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return render_error(request, 400)
        if length < 0:
            return render_error(request, 400)
        if length > settings.MAX_REQUEST_BODY:
            # The body is left unread; the server, not the application, decides what becomes
            # of the connection (WSGI forbids an application's hop-by-hop headers).
            return render_error(request, 413)
        return self.get_response(request)


class FormErrorStatusMiddleware:
    """A form sent back with errors answers 400, not 200, whichever view rendered it.

    Class-based views (allauth's pages, the back office) re-render an invalid form with
    status 200; this looks at the template response's context and marks it as the client
    error it is, so browsers, tests and monitoring all see the refusal. Function views of
    Parvis set the status themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(self, request: HttpRequest, response: Any) -> Any:
        if request.method != "POST" or response.status_code != 200:
            return response
        context = getattr(response, "context_data", None) or {}
        if any(_has_errors(value) for value in context.values()):
            response.status_code = 400
        return response


def _has_errors(value: Any) -> bool:
    """True for a bound form or formset with errors (or the admin's wrapper of one)."""
    if isinstance(value, list | tuple):
        # The back office's inline formsets come as a list of wrappers.
        return any(_has_errors(item) for item in value)
    formset = getattr(value, "formset", None)
    if formset is not None and hasattr(formset, "total_error_count"):
        value = formset  # the back office wraps each inline formset
    form = getattr(value, "form", None)
    if form is not None and hasattr(form, "is_bound") and not hasattr(value, "is_bound"):
        value = form  # the back office wraps its form in an AdminForm
    if not getattr(value, "is_bound", False):
        return False
    if hasattr(value, "total_error_count"):
        return value.total_error_count() > 0
    return bool(getattr(value, "errors", None))


class PermissionsPolicyMiddleware:
    """Every answer says which browser features its page may use (settings.PERMISSIONS_POLICY):
    `camera=(), geolocation=(), fullscreen=(self), …`. Pages never ask for a camera or a
    position, so a script injected despite the Content-Security-Policy cannot either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Permissions-Policy" not in response.headers:
            response.headers["Permissions-Policy"] = permissions_policy_header()
        return response


def permissions_policy_header(*, allow: Iterable[str] = ()) -> str:
    """The header; a page that needs a feature for itself (its "use my position" button)
    sets `response["Permissions-Policy"] = permissions_policy_header(allow=["geolocation"])`,
    which lets that page alone use it."""
    own = set(allow)
    return ", ".join(
        f"{feature}=({'self' if feature in own else ' '.join(allowed)})"
        for feature, allowed in settings.PERMISSIONS_POLICY.items()
    )


def _is_signed_in(request: HttpRequest) -> bool:
    """Whether the request comes from a signed-in person.

    Without a session cookie nobody is signed in, and the session is left unopened:
    reading `request.user` would mark it as read and add `Vary: Cookie` to the public
    pages anonymous readers get.
    """
    if not has_session_cookie(request):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SignedInNoStoreMiddleware:
    """Answers to a signed-in person carry `Cache-Control: private, no-store`.

    Their pages show the person's name, subscriptions and forms: neither a shared cache nor
    the browser (the back button on a library's computer, after signing out) may keep them.
    An answer that already says `no-store` keeps its own header; answers to readers who are
    not signed in are left to their views (public pages stay cacheable).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_signed_in(request):
            directives = {
                part.split("=", 1)[0].strip().lower()
                for part in response.get("Cache-Control", "").split(",")
            }
            if "no-store" not in directives:
                # Replaced, not merged: a `public, max-age=…` of a view meant for everyone
                # must not survive next to it.
                del response["Cache-Control"]
                patch_cache_control(response, private=True, no_store=True)
        return response


#: Session key of the moment (Unix seconds) of a staff member's last request.
STAFF_LAST_ACTIVITY_KEY = "parvis_staff_last_activity"
# The moment is written at most once a minute: a session write on every request of the
# back office would cost a database write each time, for a precision nobody needs.
_ACTIVITY_PRECISION = 60


class StaffIdleTimeoutMiddleware:
    """Staff are signed out after STAFF_SESSION_IDLE_TIMEOUT seconds without a request.

    A staff member (anyone holding a staff role) who comes back later than that is signed
    out, told why, and sent to the sign-in page (with the page they asked for as `next` for
    a GET); "remember me" does not change it. Residents keep the normal session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(timezone.now().timestamp())
        if _is_staff(request):
            last = request.session.get(STAFF_LAST_ACTIVITY_KEY)
            if isinstance(last, int) and now - last > settings.STAFF_SESSION_IDLE_TIMEOUT:
                return self._sign_out(request)
        response = self.get_response(request)
        # Read again: the request may have signed someone in or out.
        if _is_staff(request):
            last = request.session.get(STAFF_LAST_ACTIVITY_KEY)
            if not isinstance(last, int) or now - last >= _ACTIVITY_PRECISION:
                request.session[STAFF_LAST_ACTIVITY_KEY] = now
        return response

    def _sign_out(self, request: HttpRequest) -> HttpResponse:
        method, path = request.method, request.get_full_path()
        logout(request)
        minutes = math.ceil(settings.STAFF_SESSION_IDLE_TIMEOUT / 60)
        messages.info(
            request,
            ngettext(
                "You were signed out after %(minutes)d minute without activity, as every "
                "staff account is. Sign in again to go on.",
                "You were signed out after %(minutes)d minutes without activity, as every "
                "staff account is. Sign in again to go on.",
                minutes,
            )
            % {"minutes": minutes},
        )
        if method in ("GET", "HEAD"):
            return redirect_to_login(path)
        # What was sent is lost; coming back to an address that only takes forms would fail.
        return redirect(settings.LOGIN_URL)


def _is_staff(request: HttpRequest) -> bool:
    return _is_signed_in(request) and request.user.is_staff

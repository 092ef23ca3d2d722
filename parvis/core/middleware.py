"""Request-level guards that must run before anything reads the request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from parvis.core.errors import render_error


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

"""Request-level guards that must run before anything reads the request."""

from __future__ import annotations

from collections.abc import Callable

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
            response = render_error(request, 413)
            # The body was not read: the connection cannot be reused for another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)

"""Friendly error pages. They never touch the database, so they work when it is down."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _

from parvis.core.town import current_town

_TITLES = {
    400: _("The request could not be understood"),
    403: _("Access denied"),
    404: _("Page not found"),
    405: _("This action is not allowed here"),
    413: _("What you sent is too large"),
    429: _("Too many attempts"),
    500: _("Something went wrong on our side"),
    503: _("The service is briefly unavailable"),
}


def render_error(request: HttpRequest, status: int, *, detail: str = "") -> HttpResponse:
    """Render the error page for `status` with a context that needs no database.

    The user is not looked up (that would read the session and the database); the page
    offers the way home and, for some statuses, what to do next.
    """
    template = loader.get_template("errors/error.html")
    context = {
        "status": status,
        "title": _TITLES.get(status, _TITLES[500]),
        "detail": detail,
        "town": current_town(),
        "request_path": request.path,
        "LANGUAGE_CODE": getattr(request, "LANGUAGE_CODE", "fr"),
    }
    response = HttpResponse(template.render(context), status=status)
    if status == 503:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def database_is_unreachable(exc: BaseException | None) -> bool:
    """True when `exc` (or what caused it) is a failure to reach the database."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        if isinstance(exc, DatabaseError):
            return False
        exc = exc.__cause__ or exc.__context__
    return False


def current_exception() -> BaseException | None:
    return sys.exc_info()[1]

"""The site's URLs plus a few that fail on purpose, for the error-page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from parvis.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

#: Every request that reached `record_body`, with the size of the body it read.
RECEIVED: list[int] = []


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail: password=hunter2")


def lose_database(request: HttpRequest) -> HttpResponse:
    raise OperationalError('connection to server at "10.0.0.5", port 5432 failed')


def forbid(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered input")


@csrf_exempt
def record_body(request: HttpRequest) -> HttpResponse:
    RECEIVED.append(len(request.body))
    return HttpResponse("stored")


urlpatterns = [
    *urlpatterns,
    *i18n_patterns(
        path("test/explode/", explode),
        path("test/database-lost/", lose_database),
        path("test/forbidden/", forbid),
        path("test/suspicious/", suspicious),
        path("test/upload/", record_body),
        prefix_default_language=False,
    ),
]

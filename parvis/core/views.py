"""Site-wide pages: home, legal pages, health check and the error handlers."""

from __future__ import annotations

import mimetypes
from typing import cast

from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django.views.static import serve

import parvis
from parvis.core.errors import current_exception, database_is_unreachable, render_error
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps
from parvis.core.ranges import ranged
from parvis.core.source import source_archive

# Python's table lacks WebM on some systems: uploaded videos are served with their type.
mimetypes.add_type("video/webm", ".webm")
mimetypes.add_type("text/vtt", ".vtt")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The town's front page: what the apps' manifests add to it (`page_sections`)."""
    town = {"@context": "https://schema.org", **government_organization_json_ld()}
    return render(request, "core/home.html", {"json_ld": json_ld_dumps(town)})


@require_safe
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/legal_notice.html")


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Public media on local disk, for the embedded default (mounted when SERVE_MEDIA).

    The folder is read from the storage at each request rather than from MEDIA_ROOT at
    import time, so it is always where uploads were written. `Range: bytes=…` is answered
    (`core.ranges`): a video player seeks without downloading the whole file.
    """
    # Mounted only when media are on local disk (SERVE_MEDIA): a FileSystemStorage.
    response = serve(
        request, path, document_root=str(cast(FileSystemStorage, storages["default"]).location)
    )
    return ranged(request, response)


@require_safe
def source_code(request: HttpRequest) -> HttpResponse:
    """The source of the running Parvis, as the AGPL asks of a network service."""
    response = HttpResponse(source_archive(), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="parvis-{parvis.__version__}.tar.gz"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler; a database that cannot be reached becomes a 503 page instead."""
    if database_is_unreachable(current_exception()):
        return render_error(request, 503)
    return render_error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_error(
        request,
        403,
        detail=gettext(
            "The form had expired or came from another site. Go back, reload the page "
            "and send it again."
        ),
    )

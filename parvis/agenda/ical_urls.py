"""The agenda's iCalendar addresses (a calendar application subscribes to them), included
by urls.py under the same namespace."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path


def _event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    # A placeholder naming the address the event's page links to; the iCalendar export
    # replaces it.
    raise Http404


urlpatterns: list[URLPattern] = [
    path("event/<slug:slug>.ics", _event_ics, name="event_ics"),
]

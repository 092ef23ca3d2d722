"""The agenda's iCalendar addresses (a calendar application subscribes to them), included
by urls.py under the same namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from parvis.agenda import ical_views

urlpatterns: list[URLPattern] = [
    path("agenda.ics", ical_views.agenda_ics, name="agenda_ics"),
    path("category/<slug:slug>.ics", ical_views.category_ics, name="category_ics"),
    path("space/<slug:slug>.ics", ical_views.space_ics, name="space_ics"),
    path("event/<slug:slug>.ics", ical_views.event_ics, name="event_ics"),
]

"""The agenda's public pages: /agenda/… in French, /en/agenda/… in English."""

from __future__ import annotations

from django.urls import path

from parvis.agenda import ical_urls, ical_views, registration_urls

app_name = "agenda"

urlpatterns = [
    # The pages (views.py) go here.
    # Placeholder for the iCalendar branch's tests (links to an event's page): the pages'
    # branch replaces it with the event page.
    path("event/<slug:slug>/", ical_views.event_ics, name="event"),
    *ical_urls.urlpatterns,
    *registration_urls.urlpatterns,
]

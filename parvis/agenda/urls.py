"""The agenda's public pages: /agenda/… in French, /en/agenda/… in English."""

from __future__ import annotations

from parvis.agenda import ical_urls, registration_urls

app_name = "agenda"

urlpatterns = [
    # The pages (views.py) go here.
    *ical_urls.urlpatterns,
    *registration_urls.urlpatterns,
]

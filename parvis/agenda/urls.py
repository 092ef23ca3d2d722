"""The agenda's public pages: /agenda/… in French, /en/agenda/… in English."""

from __future__ import annotations

from django.urls import path

from parvis.agenda import ical_urls, registration_urls, views

app_name = "agenda"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("map/", views.event_map, name="map"),
    path("<int:year>/<int:month>/", views.month_detail, name="month"),
    path("<int:year>/week/<int:week>/", views.week_detail, name="week"),
    path("<int:year>/<int:month>/<int:day>/", views.day_detail, name="day"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("event/<slug:slug>/", views.event_detail, name="event"),
    *ical_urls.urlpatterns,
    *registration_urls.urlpatterns,
]

"""The addresses of registration to events, included by urls.py under the same namespace."""

from __future__ import annotations

from django.urls import path

from parvis.agenda import registration_views

urlpatterns = [
    path("event/<slug:slug>/register/", registration_views.register, name="register"),
    path(
        "registration/<str:token>/",
        registration_views.registration,
        name="registration",
    ),
]

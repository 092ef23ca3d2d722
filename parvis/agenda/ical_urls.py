"""The agenda's iCalendar addresses (a calendar application subscribes to them), included
by urls.py under the same namespace."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

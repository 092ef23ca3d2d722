"""The provider's server-to-server address: one, without a language prefix (it is written
in the provider's back office)."""

from django.urls import path

from parvis.payments import views

app_name = "payments_notify"
urlpatterns = [
    path("notification/", views.notification, name="notification"),
]

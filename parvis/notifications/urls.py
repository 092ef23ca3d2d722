from django.urls import path

from parvis.notifications import views

urlpatterns = [
    path("subscriptions/", views.subscription_list, name="subscription_list"),
]

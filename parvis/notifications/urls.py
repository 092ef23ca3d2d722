from django.urls import path

from parvis.notifications import views

# Included under /accounts/ (signed-in pages); the public unsubscribe page is in parvis/urls.py.
urlpatterns = [
    path("subscriptions/", views.subscription_list, name="subscription_list"),
    path("subscriptions/follow/", views.subscription_follow, name="subscription_follow"),
    path("subscriptions/unfollow/", views.subscription_unfollow, name="subscription_unfollow"),
    path(
        "subscriptions/preferences/",
        views.email_preference_update,
        name="email_preference_update",
    ),
    path("subscriptions/<int:pk>/", views.subscription_update, name="subscription_update"),
    path("subscriptions/<int:pk>/stop/", views.subscription_stop, name="subscription_stop"),
]

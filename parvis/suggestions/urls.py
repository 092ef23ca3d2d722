from django.urls import path

from parvis.suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("suggestions/", views.suggestion_list, name="list"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="detail"),
    path("suggestions/<int:pk>/support/", views.suggestion_support, name="support"),
    path("suggestions/<int:pk>/answer/", views.suggestion_answer, name="answer"),
    path("spaces/<slug:slug>/suggestions/", views.space_suggestions, name="space"),
    path("spaces/<slug:slug>/suggestions/new/", views.suggestion_new, name="new"),
]

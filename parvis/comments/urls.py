from django.urls import path

from parvis.comments import views

app_name = "comments"
urlpatterns = [
    path("on/<int:type_id>/<int:object_id>/", views.comment_create, name="create"),
    path("<int:pk>/edit/", views.comment_edit, name="edit"),
    path("<int:pk>/delete/", views.comment_delete, name="delete"),
    path("<int:pk>/flag/", views.comment_flag, name="flag"),
]

from django.urls import path

from parvis.photos import views

app_name = "photos"
urlpatterns = [
    path("photos/", views.photo_list, name="list"),
    path("photos/<int:pk>/", views.photo_detail, name="photo"),
    path("photos/albums/", views.album_list, name="albums"),
    path("photos/albums/<slug:slug>/", views.album_detail, name="album"),
    path("photos/albums/<slug:slug>/<int:pk>/", views.album_photo, name="album_photo"),
    path("photos/months/", views.month_list, name="months"),
    path("photos/months/<int:year>/<int:month>/", views.month_detail, name="month"),
    path("photos/months/<int:year>/<int:month>/<int:pk>/", views.month_photo, name="month_photo"),
]

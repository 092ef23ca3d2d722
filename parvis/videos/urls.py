from django.urls import path

from parvis.videos import views

app_name = "videos"
urlpatterns = [
    path("videos/", views.video_list, name="list"),
    path("videos/categories/<slug:slug>/", views.category_detail, name="category"),
    path("videos/playlists/<slug:slug>/", views.playlist_detail, name="playlist"),
    path("videos/<slug:slug>/", views.video_detail, name="detail"),
]

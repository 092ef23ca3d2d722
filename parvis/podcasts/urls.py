from django.urls import path

from parvis.podcasts import views

app_name = "podcasts"
urlpatterns = [
    path("podcasts/", views.show_list, name="list"),
    path("podcasts/<slug:slug>/", views.show_detail, name="show"),
    path("podcasts/<slug:show>/<slug:slug>/", views.episode_detail, name="episode"),
    path("podcasts/<slug:show>/<slug:slug>/transcript/", views.transcript, name="transcript"),
]

from django.urls import path

from parvis.roadworks import views

app_name = "roadworks"
urlpatterns = [
    path("roadworks/", views.works_list, name="list"),
    path("roadworks/map/", views.works_map, name="map"),
    path("roadworks/near/", views.works_near, name="near"),
    path("roadworks/alerts/", views.watch, name="watch"),
    path("roadworks/alerts/circle/", views.watch_circle, name="watch_circle"),
    path("roadworks/alerts/neighbourhood/", views.watch_space, name="watch_space"),
    path("roadworks/alerts/<int:area_id>/stop/", views.watch_stop, name="watch_stop"),
    path("roadworks/<slug:slug>/", views.works_detail, name="detail"),
]

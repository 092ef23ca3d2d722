from django.urls import path

from parvis.observations import views

app_name = "observations"
urlpatterns = [
    path("observations/", views.campaign_list, name="list"),
    path("observations/<slug:slug>/", views.campaign_detail, name="detail"),
    path("observations/<slug:slug>/join/", views.campaign_join, name="join"),
    path("observations/<slug:slug>/record/", views.campaign_observe, name="observe"),
]

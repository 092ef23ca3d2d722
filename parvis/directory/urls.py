from django.urls import path

from parvis.directory import views

app_name = "directory"
urlpatterns = [
    path("directory/", views.entry_list, name="list"),
    path("directory/map/", views.entry_map, name="map"),
    path("directory/near/", views.entry_near, name="near"),
    path("directory/propose/", views.propose, name="propose_new"),
    path("directory/equipements.csv", views.export_csv, name="export_csv"),
    path("directory/directory.geojson", views.export_geojson, name="export_geojson"),
    path("directory/<slug:slug>/", views.entry_detail, name="entry"),
    path("directory/<slug:slug>/history/", views.entry_history, name="history"),
    path("directory/<slug:slug>/propose/", views.propose, name="propose"),
]

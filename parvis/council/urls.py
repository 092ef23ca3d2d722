from django.urls import path

from parvis.council import views

app_name = "council"
urlpatterns = [
    path("council/", views.home, name="home"),
    path("council/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("council/deliberations/", views.deliberation_archive, name="archive_latest"),
    path("council/deliberations/<int:year>/", views.deliberation_archive, name="archive"),
    path("council/deliberations.csv", views.deliberations_csv, name="csv"),
    path("council/deliberations/<slug:number>/", views.deliberation_detail, name="deliberation"),
]

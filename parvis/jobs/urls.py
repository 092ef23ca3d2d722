from django.urls import path

from parvis.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.offer_list, name="list"),
    path("jobs/applications/new/", views.apply, name="apply_spontaneous"),
    path("jobs/<slug:slug>/", views.offer_detail, name="detail"),
    # Before the link's page: an offer whose address is "applications" keeps its form.
    path("jobs/<slug:slug>/apply/", views.apply, name="apply"),
    path("jobs/applications/<str:secret>/", views.application, name="application"),
]

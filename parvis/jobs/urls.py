from django.urls import path

from parvis.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.offer_list, name="list"),
    path("jobs/<slug:slug>/", views.offer_detail, name="detail"),
]

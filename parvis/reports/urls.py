from django.urls import path

from parvis.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/new/", views.report_new, name="new"),
    path("reports/confirm/<str:token>/", views.report_confirm, name="confirm"),
    path("reports/<str:reference>/", views.report_detail, name="detail"),
    path("reports/<str:reference>/me-too/", views.report_me_too, name="me_too"),
]

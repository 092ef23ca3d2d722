from django.urls import path

from parvis.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/new/", views.report_new, name="new"),
    path("reports/confirm/<str:token>/", views.report_confirm, name="confirm"),
    path("reports/me-too/confirm/<str:token>/", views.me_too_confirm, name="me_too_confirm"),
    path("reports/me-too/stop/<str:token>/", views.me_too_stop, name="me_too_stop"),
    path("reports/<str:reference>/", views.report_detail, name="detail"),
    path("reports/<str:reference>/me-too/", views.report_me_too, name="me_too"),
    path("reports/<str:reference>/me-too/e-mail/", views.report_me_too_email, name="me_too_email"),
]

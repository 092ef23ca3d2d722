from django.urls import path

from tests.sampleapp import views

app_name = "noticeboard"
urlpatterns = [
    path("notices/<int:pk>/", views.notice_detail, name="detail"),
    path("places/", views.place_map, name="places"),
    path("places/<int:pk>/", views.place_detail, name="place"),
]

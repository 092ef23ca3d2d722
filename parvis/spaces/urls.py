from django.urls import path

from parvis.spaces import views

app_name = "spaces"
urlpatterns = [
    path("", views.space_list, name="list"),
    path("kind/<str:kind>/", views.space_kind_list, name="kind"),
    path("<slug:slug>/", views.space_detail, name="detail"),
    path("<slug:slug>/pages/<slug:page_slug>/", views.space_page_detail, name="page"),
]

from django.urls import path

from parvis.addresses import views

app_name = "addresses"
urlpatterns = [
    path("addresses/", views.neighbourhood_lookup, name="lookup"),
    path("addresses/search/", views.address_search_view, name="search"),
]

from django.urls import path

from parvis.family import views

app_name = "family"
urlpatterns = [
    path("family/", views.home, name="home"),
    path("family/join/", views.join, name="join"),
    path("family/menus/", views.menus, name="menus"),
    path("family/children/<int:pk>/register/", views.register, name="register"),
    path("family/registrations/<int:pk>/days/", views.bookings, name="bookings"),
    path("family/households/<int:pk>/quotient/", views.quotient, name="quotient"),
]

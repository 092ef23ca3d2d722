from django.urls import path

from parvis.payments import views

app_name = "payments"
urlpatterns = [
    path("payments/return/", views.payment_return, name="return"),
    path("payments/test-provider/", views.test_provider, name="test_provider"),
]

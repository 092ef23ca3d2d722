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
    path("family/invoices/", views.invoices, name="invoices"),
    path("family/invoices/<int:pk>/", views.invoice, name="invoice"),
    path("family/invoices/<int:pk>/invoice.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("family/invoices/<int:pk>/receipt.pdf", views.invoice_receipt, name="invoice_receipt"),
    path("family/invoices/<int:pk>/pay/", views.invoice_pay, name="invoice_pay"),
]

from django.urls import re_path

from parvis.open311 import views

app_name = "open311"
_FMT = r"\.(?P<fmt>[a-z0-9]{1,10})$"
urlpatterns = [
    re_path(r"^discovery" + _FMT, views.discovery, name="discovery"),
    re_path(r"^services" + _FMT, views.service_list, name="services"),
    re_path(
        r"^services/(?P<code>[-a-zA-Z0-9_]{1,80})" + _FMT, views.service_definition, name="service"
    ),
    re_path(r"^requests" + _FMT, views.requests, name="requests"),
    re_path(
        r"^requests/(?P<reference>[0-9A-Za-z]{1,12})" + _FMT, views.request_detail, name="request"
    ),
    re_path(r"^tokens/(?P<token>[-0-9A-Za-z_:]{1,200})" + _FMT, views.token_detail, name="token"),
]

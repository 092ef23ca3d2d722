from django.urls import include, path

from parvis.accounts.oidc import views

urlpatterns = [
    path(
        "oidc/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="parvis_oidc_login"),
                path("login/callback/", views.callback, name="parvis_oidc_callback"),
            ]
        ),
    )
]

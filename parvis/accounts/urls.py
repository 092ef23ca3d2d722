from django.urls import path

from parvis.accounts import views

# Mounted under "accounts/" before allauth's own URLs, so these take precedence.
urlpatterns = [
    path("logout/", views.LogoutView.as_view(), name="account_logout"),
    path("profile/", views.profile, name="account_profile"),
    path("delete/", views.account_delete, name="account_delete"),
    path("deleted/", views.account_deleted, name="account_deleted"),
    path("oidc/logged-out/", views.oidc_logged_out, name="oidc_logged_out"),
    path("2fa/totp/activate/", views.TOTPActivateView.as_view(), name="mfa_activate_totp"),
]

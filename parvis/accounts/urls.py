from django.urls import path

from parvis.accounts import views

# Mounted under "accounts/" before allauth's own URLs, so these take precedence.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("logout/", views.LogoutView.as_view(), name="account_logout"),
    path("reauthenticate/", views.ReauthenticateView.as_view(), name="account_reauthenticate"),
    path("profile/", views.profile, name="account_profile"),
    path("delete/", views.account_delete, name="account_delete"),
    path("deleted/", views.account_deleted, name="account_deleted"),
    path("oidc/logged-out/", views.oidc_logged_out, name="oidc_logged_out"),
    path("2fa/authenticate/", views.MFAAuthenticateView.as_view(), name="mfa_authenticate"),
    path("2fa/reauthenticate/", views.MFAReauthenticateView.as_view(), name="mfa_reauthenticate"),
    path("2fa/totp/activate/", views.TOTPActivateView.as_view(), name="mfa_activate_totp"),
]

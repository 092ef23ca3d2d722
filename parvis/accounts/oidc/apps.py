from django.apps import AppConfig


class OIDCConfig(AppConfig):
    name = "parvis.accounts.oidc"
    label = "parvis_oidc"
    verbose_name = "OpenID Connect"
